"""The cached date and time texts (portal/formats.py) are what the same reader would get without the cache,
in every language and time zone; templates translate in the request's language."""

import datetime

import flask_babel
import pytest
import pytz
from flask import g
from flask_babel import force_locale

from portal import formats
from portal.config import LANGUAGES

MOMENTS = [datetime.datetime(2026, 12, 1, 9, 5), datetime.datetime(2027, 3, 28, 1, 30),
           datetime.datetime(2026, 7, 4, 23, 59)]


def uncached(value, style, with_time):
    return formats._moment_text.__wrapped__(value, style, flask_babel.get_locale(), flask_babel.get_timezone(),
                                            with_time)


@pytest.mark.parametrize("locale", sorted(LANGUAGES))
@pytest.mark.parametrize("style", formats.STYLES)
def test_cached_texts_match_what_the_reader_gets_without_the_cache(app, locale, style):
    with app.test_request_context(), force_locale(locale):
        for moment in MOMENTS:
            for _again in range(2):
                assert formats.datetime_text(moment, style) == uncached(moment, style, True)
                assert formats.date_text(moment, style) == uncached(moment, style, False)
                assert formats.date_text(moment.date(), style) == uncached(moment.date(), style, False)
        # the language decides, not whoever asked first
        assert formats.date_text(MOMENTS[0], "full") == flask_babel.format_date(MOMENTS[0], "full")


def test_templates_translate_in_the_language_of_the_request_and_of_a_forced_locale(app):
    template = app.jinja_env.from_string("{{ _('Forum') }} {{ ngettext('%(num)d thread', '%(num)d threads', 2) }}")
    with app.test_request_context():
        english = template.render()
        with force_locale("nl"):
            dutch = template.render()
            assert dutch == f"{flask_babel.gettext('Forum')} {flask_babel.ngettext('%(num)d thread', '%(num)d threads', 2)}"
        with force_locale("fr"):
            french = template.render()
        again = template.render()
    assert english == again == "Forum 2 threads"
    assert dutch != english and french not in (dutch, english)


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Sao_Paulo", "UTC"])
def test_a_time_is_shown_in_the_readers_zone(app, zone):
    with app.test_request_context():
        flask_babel.get_timezone()
        g._flask_babel.babel_tzinfo = pytz.timezone(zone)
        for moment in MOMENTS:
            local = flask_babel.to_user_timezone(moment)
            assert formats.datetime_text(moment, "medium").endswith(flask_babel.format_time(moment, "short"))
            assert formats.date_text(moment, "full") == flask_babel.format_date(moment, "full")
            assert str(local.day) in formats.date_text(moment, "short")
