"""portal.i18n's cached date and time formatters write exactly what Flask-Babel writes, in every language."""

import datetime

import flask_babel
import pytest
import pytz
from flask import g
from flask_babel import force_locale

from portal import i18n
from portal.config import LANGUAGES

MOMENTS = [datetime.datetime(2026, 12, 1, 9, 5), datetime.datetime(2027, 3, 28, 1, 30),
           datetime.datetime(2026, 7, 4, 23, 59)]


@pytest.mark.parametrize("locale", sorted(LANGUAGES))
@pytest.mark.parametrize("format", ["short", "medium", "long", "full", "EEE", "MMMM y"])
def test_cached_formats_match_flask_babel(app, locale, format):
    with app.test_request_context(), force_locale(locale):
        for moment in MOMENTS:
            assert i18n.format_datetime(moment, format) == flask_babel.format_datetime(moment, format)
            assert i18n.format_date(moment, format) == flask_babel.format_date(moment, format)
            assert i18n.format_date(moment.date(), format) == flask_babel.format_date(moment.date(), format)
            if format in i18n.NAMED_FORMATS[:3]:
                assert i18n.format_time(moment, format) == flask_babel.format_time(moment, format)


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
            assert i18n.format_datetime(moment, "short") == flask_babel.format_datetime(moment, "short")
            assert i18n.format_date(moment, "full") == flask_babel.format_date(moment, "full")
