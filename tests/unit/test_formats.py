"""The cached date and time filters write exactly what Flask-Babel's filters write, in every language."""

import datetime

import flask_babel
import pytest
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


def test_the_templates_use_the_cached_filters(app):
    assert app.jinja_env.filters["datetimeformat"] is i18n.format_datetime
    assert app.jinja_env.filters["dateformat"] is i18n.format_date
    assert app.jinja_env.filters["timeformat"] is i18n.format_time
