"""The public face: texts an onlooker may read over someone's shoulder, written by admins in every language.

Each text is shown in the reader's language, else in the site's default language, else as a built-in
default that says nothing about who the members are.
"""

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal import audit
from portal.config import LANGUAGES
from portal.db import transaction, utcnow
from portal.public.models import SiteText
from portal.text import render_markdown


@dataclass(frozen=True)
class PublicText:
    key: str
    label: object
    markdown: bool
    max_length: int
    default: object = None  # None: the SITE_NAME setting


TEXTS = {text.key: text for text in [
    PublicText("site_title", _l("Site name in the header and the browser's title bar"), False, 60),
    PublicText("landing", _l("Front page text"), True, 3000,
               _l("A members' community. Membership is by invitation and review.")),
    PublicText("rules_intro", _l("Introduction to the house rules"), True, 3000,
               _l("These rules keep everyone here safe. By joining you agree to follow them.")),
]}


def _written():
    """The admins' texts in the reader's and the default language: one query per request, none cached
    across requests, so every app server shows a change at once."""
    if "site_texts" not in g:
        locales = sorted({str(get_locale()), current_app.config["DEFAULT_LOCALE"]})
        g.site_texts = {(row.key, row.locale): row.text
                        for row in SiteText.select().where(SiteText.locale.in_(locales))}
    return g.site_texts


def built_in(key):
    """The text shown when no admin wrote one, in the reader's language."""
    default = TEXTS[key].default
    return current_app.config["SITE_NAME"] if default is None else str(default)


def site_text(key):
    """A public text for the reader: HTML (Markdown made safe by portal/text.py) or plain text."""
    written = _written()
    text = (written.get((key, str(get_locale())))
            or written.get((key, current_app.config["DEFAULT_LOCALE"]))
            or built_in(key))
    return _rendered(text) if TEXTS[key].markdown else text


@lru_cache(maxsize=128)
def _rendered(source):
    # keyed by the text itself: an admin's change is a new key, so every app server shows it at once
    return render_markdown(source)


def texts_of(key):
    """What admins wrote for a text, by language code."""
    return {row.locale: row.text for row in SiteText.select().where(SiteText.key == key)}


def save_texts(key, by_locale, admin):
    """Store a text in every language given; an empty one falls back to the default again."""
    with transaction():
        for locale in LANGUAGES:
            text = (by_locale.get(locale) or "").strip()
            if not text:
                SiteText.delete().where(SiteText.key == key, SiteText.locale == locale).execute()
                continue
            changed = (SiteText.update(text=text, updated_at=utcnow(), updated_by=admin)
                       .where(SiteText.key == key, SiteText.locale == locale).execute())
            if not changed:
                SiteText.create(key=key, locale=locale, text=text, updated_by=admin)
        audit.record(admin, "site_text.saved", note=key)
    g.pop("site_texts", None)


def init_app(app):
    app.jinja_env.globals["site_text"] = site_text
