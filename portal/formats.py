"""Dates, lists, language and time-zone names the reader's way, from Babel's data for their language.

Babel's own defaults decide the digits: Latin digits in dates and counts in every language, Farsi
and Arabic included, so the catalogues write numbers with Latin digits too.
"""

import datetime
from functools import cache, lru_cache

from babel import Locale, dates, lists
from babel.core import get_global
from flask_babel import LazyString, format_date, format_datetime, format_time, get_locale, get_timezone, to_user_timezone

from portal.config import LANGUAGES, RTL_LANGUAGES, SPOKEN_LANGUAGES

# Unicode isolates: a name from another script keeps its own direction inside a sentence
FSI, PDI = "\u2068", "\u2069"
STYLES = ("short", "medium", "long", "full")
# what English-speaking volunteers and members here call a language, where Babel's word differs
ENGLISH_WORDS = {"fa": "Farsi"}


def isolate(text):
    """The text between first-strong and pop-directional isolates, for text that cannot carry <bdi>."""
    return f"{FSI}{text}{PDI}" if text else text


def in_reader_direction(text):
    """Text isolated on a right-to-left page (a pseudonym in an Arabic sentence); as it is elsewhere."""
    return isolate(text) if str(_reader()) in RTL_LANGUAGES else text


def _reader():
    return get_locale() or Locale.parse("en")


def _date(local, style, locale):
    # "short" would be 12/1/26 in English, which readers in Europe take for 12 January
    if style == "short":
        return dates.format_skeleton("yMMMd", local, locale=locale)
    return dates.format_date(local, style, locale=locale)


def date_text(value, style="medium"):
    """A date in the reader's zone; "short" is a short but unambiguous form (2 Dec 2026)."""
    if value is None:
        return ""
    if style not in STYLES:
        return format_date(value, style)
    return _moment_text(value, style, _reader(), get_timezone(), with_time=False)


def datetime_text(value, style="medium"):
    """A date and time in the reader's zone, joined the way the reader's language joins them."""
    if value is None:
        return ""
    if style not in STYLES:
        return format_datetime(value, style)
    return _moment_text(value, style, _reader(), get_timezone(), with_time=True)


@lru_cache(maxsize=8192)
def _moment_text(value, style, locale, zone, with_time):
    # a pure function of what it is given (no viewer in it): the same moment reads the same for everyone
    # who shares a language and a time zone, so a page of posts or threads shown again formats nothing
    local = _in_zone(value, zone) if isinstance(value, datetime.datetime) else value
    date = _date(local, style, locale)
    if not with_time:
        return date
    return _joined(date, dates.format_time(local, "short", locale=locale), style, locale)


def _in_zone(value, zone):
    """What Flask-Babel's to_user_timezone does, for a given zone: stored times are naive UTC."""
    aware = value.replace(tzinfo=datetime.UTC) if value.tzinfo is None else value
    local = aware.astimezone(zone)
    return zone.normalize(local) if hasattr(zone, "normalize") else local


def join_date_time(date, time, style="medium"):
    """Already formatted date and time text, joined by the reader's language's pattern ("{1}, {0}")."""
    return _joined(date, time, style, _reader())


def _joined(date, time, style, locale):
    pattern = str(locale.datetime_formats.get(style) or "{1} {0}")
    return pattern.replace("'", "").replace("{1}", date).replace("{0}", time)


def when(start, end=None, style="full"):
    """A meet-up's day and time (and end time), joined the reader's way: "Wednesday, 2 December 2026, 19:00–21:00"."""
    if start is None:
        return ""
    time = time_range(start, end) if end else format_time(start, "short")
    return join_date_time(date_text(start, style), time, style)


def time_range(start, end):
    """"19:00–21:00" or "7:00 – 9:00 PM": Babel's interval pattern, so Arabic gets its own order and marks."""
    locale = _reader()
    local_start, local_end = to_user_timezone(start), to_user_timezone(end)
    skeleton = "Hm" if "H" in str(locale.time_formats["short"].pattern) else "hm"
    if local_start.date() != local_end.date():
        return f"{format_time(start, 'short')} – {format_time(end, 'short')}"
    return dates.format_interval(local_start, local_end, skeleton, locale=locale)


def month_title(value):
    """"December 2026", in the reader's language and order."""
    return dates.format_skeleton("yMMMM", value, locale=_reader())


def day_title(value):
    """"Wed, December 2": a day heading without the year."""
    return dates.format_skeleton("MMMMEd", value, locale=_reader())


def weekday_names(first_weekday):
    """The reader's abbreviated weekday names (Monday is 0), starting with the week's first day."""
    names = _reader().days["format"]["abbreviated"]
    return [names[(first_weekday + offset) % 7] for offset in range(7)]


def first_weekday():
    """The day a week starts on where the reader's language is mostly spoken (Monday 0, Saturday 5)."""
    language = str(_reader())
    # English here is read in Europe (CLDR's en_150), not in the United States English defaults to
    full = "en_150" if language == "en" else get_global("likely_subtags").get(language, language)
    return Locale.parse(full).first_week_day


def list_text(items):
    """"a, b and c" in the reader's language (Arabic and Farsi with their own comma)."""
    items = [str(item) for item in items if item]
    return lists.format_list(items, locale=_reader()) if items else ""


def language_label(code):
    """A language by its own name, and the reader's word for it when that differs: "Nederlands (Dutch)"."""
    own = SPOKEN_LANGUAGES.get(code) or LANGUAGES.get(code) or code
    reader = _reader()
    try:
        word = ENGLISH_WORDS.get(code) if reader.language == "en" else None
        word = word or Locale.parse(code).get_display_name(reader)
    except (ValueError, LookupError):
        word = None
    if not word or word.casefold() == own.casefold() or reader.language == code:
        return own
    return f"{isolate(own)} ({word})"


def language_choices(codes):
    """(code, label) pairs whose labels are made when shown, in the reader's language."""
    return [(code, LazyString(language_label, code)) for code in codes]


@cache
def _zone_labels(locale_name):
    from zoneinfo import available_timezones

    aliases = get_global("zone_aliases")
    zones = [zone for zone in available_timezones()
             if "/" in zone and not zone.startswith("Etc/") and zone not in aliases]
    labels = {zone: dates.get_timezone_location(zone, locale=locale_name) for zone in zones}
    return dict(sorted(labels.items(), key=lambda item: item[1]))


def timezone_label(zone):
    """A time zone by the reader's name for where it is ("Netherlands Time"), never a raw id."""
    if not zone:
        return ""
    labels = _zone_labels(str(_reader()))
    if zone in labels:
        return labels[zone]
    try:
        return dates.get_timezone_location(zone, locale=_reader())
    except LookupError:
        return zone.replace("_", " ")


def timezone_choices():
    """Every time zone as (id, the reader's name for it), sorted by that name."""
    return list(_zone_labels(str(_reader())).items())


def init_app(app):
    app.jinja_env.filters.update(dateformat=date_text, datetimeformat=datetime_text, language_name=language_label,
                                 timezone_name=timezone_label, list_text=list_text, month_title=month_title,
                                 day_title=day_title, isolate=isolate, when=when,
                                 time_range=time_range)
    app.jinja_env.globals.update(join_date_time=join_date_time)
