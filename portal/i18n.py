"""Which language and time zone a page is shown in."""

from functools import lru_cache

from flask import current_app, g, has_request_context, request
from flask_babel import Babel, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from portal import formats
from portal.config import LANGUAGES, RTL_LANGUAGES
from portal.members.models import ROLE_NAMES

LANGUAGE_COOKIE = "lang"
babel = Babel()


def select_locale():
    """The member's choice, else the language switcher's cookie, else the browser's, else the site's."""
    if not has_request_context():
        return current_app.config["DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return browser_language(request.accept_languages) or current_app.config["DEFAULT_LOCALE"]


def browser_language(accepted):
    """The first interface language the browser accepts, "ar-SY" counting as "ar"."""
    # werkzeug's best_match prefers an exact "en" at q=0.5 over "ar-SY" at q=1
    for value, _quality in accepted:
        primary = value.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return None


def select_timezone():
    if has_request_context() and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


@lru_cache(maxsize=64)
def _locale_code(locale):
    # str(Locale) builds the identifier anew each time; a page asks for it a dozen times
    return str(locale)


def text_direction():
    return "rtl" if _locale_code(get_locale()) in RTL_LANGUAGES else "ltr"


def _translations():
    """This request's catalogue, found once per request (and again whenever the language is switched in it)."""
    space = g._get_current_object()
    babel_state = space.__dict__.get("_flask_babel")
    known = space.__dict__.get("_portal_translations")
    if known is not None and babel_state is not None and known[0] is getattr(babel_state, "babel_locale", None):
        return known[1]
    translations = get_translations()
    space._portal_translations = (g._flask_babel.babel_locale, translations)
    return translations


def install_gettext(app):
    """Templates ask for many strings per page: each finds the catalogue in one step instead of several."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: _translations().ugettext(string),
        ngettext=lambda singular, plural, n: _translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, string: _translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: _translations().unpgettext(context, singular, plural, n))


def _isolating(translate):
    """A Jinja gettext that isolates every text put into a right-to-left sentence.

    A pseudonym, a thread title or a Latin word dropped into an Arabic or Farsi sentence would
    otherwise take the sentence's direction and carry its punctuation to the wrong side.
    """
    @pass_context
    def gettext(context, *args, **variables):
        # most strings have no variables: the language is not looked up for them
        if variables and text_direction() == "rtl":
            variables = {name: _isolated(value) for name, value in variables.items()}
        return translate(context, *args, **variables)
    return gettext


def _isolated(value):
    if isinstance(value, Markup):
        return Markup(formats.FSI) + value + Markup(formats.PDI)
    return formats.isolate(value) if isinstance(value, str) else value


def init_app(app):
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    install_gettext(app)
    app.jinja_env.globals.update(text_direction=text_direction, interface_languages=LANGUAGES,
                                 current_locale=lambda: _locale_code(get_locale()), role_names=ROLE_NAMES)
    formats.init_app(app)
    for name in ("gettext", "_", "ngettext"):
        app.jinja_env.globals[name] = _isolating(app.jinja_env.globals[name])
