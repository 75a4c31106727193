"""Dates, lists, language and time-zone names come out the reader's way, from Babel's data."""

import datetime
from contextlib import contextmanager

import pytest
from flask import render_template_string
from flask_babel import refresh

from portal import formats

FSI, PDI = "\u2068", "\u2069"
DECEMBER_FIRST = datetime.datetime(2026, 12, 1, 18, 0)  # 19:00 in Amsterdam


@pytest.fixture
def reader(app):
    """A request in the given language (from the browser), in the site's time zone."""
    @contextmanager
    def in_language(code):
        with app.test_request_context("/", headers={"Accept-Language": code}):
            # Flask-Babel keeps the locale for the app context, which the test shares
            refresh()
            yield
        refresh()
    return in_language


def test_english_short_dates_cannot_be_read_as_another_day(reader):
    with reader("en"):
        assert formats.date_text(DECEMBER_FIRST, "short") == "Dec 1, 2026"
        assert formats.datetime_text(DECEMBER_FIRST, "short") == "Dec 1, 2026, 7:00\u202fPM"


def test_dates_and_times_are_joined_the_way_the_language_joins_them(reader):
    with reader("ar"):
        # an Arabic comma, not a Latin one
        assert "،" in formats.datetime_text(DECEMBER_FIRST, "short")
        assert "," not in formats.when(DECEMBER_FIRST, DECEMBER_FIRST + datetime.timedelta(hours=2))
    with reader("fa"):
        assert "ساعت" in formats.when(DECEMBER_FIRST)


def test_farsi_dates_and_counts_use_the_same_digits(reader, app):
    with reader("fa"):
        text = formats.date_text(DECEMBER_FIRST, "short")
        count = render_template_string("{{ ngettext('%(num)d post', '%(num)d posts', 12) }}")
    assert "2026" in text and "12" in count
    assert not any("\u06f0" <= char <= "\u06f9" for char in text + count)


@pytest.mark.parametrize(("code", "first"), [("fa", 5), ("ar", 5), ("nl", 0), ("en", 0)])
def test_the_week_starts_where_the_language_starts_it(reader, code, first):
    with reader(code):
        assert formats.first_weekday() == first
        assert len(formats.weekday_names(first)) == 7


def test_farsi_month_grid_starts_on_saturday(reader):
    with reader("fa"):
        assert formats.weekday_names(formats.first_weekday())[0] == "شنبه"


def test_languages_show_their_own_name_and_the_readers_word(reader):
    with reader("en"):
        assert formats.language_label("nl") == f"{FSI}Nederlands{PDI} (Dutch)"
        assert formats.language_label("en") == "English"
    with reader("fr"):
        assert formats.language_label("ar") == f"{FSI}العربية{PDI} (arabe)"
    with reader("ar"):
        assert formats.language_label("ar") == "العربية"
        assert "(Arabic)" not in formats.language_label("fa")


def test_time_zones_are_named_not_shown_as_ids(reader):
    with reader("en"):
        assert formats.timezone_label("Europe/Amsterdam") == "Netherlands Time"
        labels = dict(formats.timezone_choices())
        assert labels["Europe/Amsterdam"] == "Netherlands Time"
        assert not any("/" in label for label in labels.values())
    with reader("nl"):
        assert formats.timezone_label("Europe/Amsterdam") == "tijd in Nederland"


def test_lists_use_the_languages_own_words(reader):
    with reader("ar"):
        assert formats.list_text(["a", "b", "c"]) == "a وb وc"
    with reader("nl"):
        assert formats.list_text(["a", "b", "c"]) == "a, b en c"


def test_values_in_right_to_left_sentences_are_isolated(reader):
    template = "{{ _('Ban %(handle)s', handle=name) }}"
    with reader("ar"):
        arabic = render_template_string(template, name="Kıyı-yolcu <b>")
    with reader("en"):
        english = render_template_string(template, name="Kıyı-yolcu <b>")
    assert f"{FSI}Kıyı-yolcu &lt;b&gt;{PDI}" in arabic
    assert english == "Ban Kıyı-yolcu &lt;b&gt;"
