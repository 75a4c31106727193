"""Finding help: entries filtered by kind, region and language, in the reader's language."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import JOIN

from portal import audit
from portal.db import transaction
from portal.directory.models import HelpEntry, HelpEntryText
from portal.members.models import Region

KIND_NAMES = {
    "emergency": _l("Emergency"),
    "legal": _l("Legal aid"),
    "asylum": _l("Asylum procedure"),
    "housing": _l("Housing"),
    "health": _l("Health"),
    "mental_health": _l("Mental health and trauma care"),
    "lgbtiq": _l("LGBTIQ+ organisations"),
}


def entries(locale, kind="", region_id=None, language=""):
    """Entries with the text in the reader's language (else the site's, else English): two queries."""
    query = (HelpEntry.select(HelpEntry, Region).join(Region, JOIN.LEFT_OUTER)
             .order_by(HelpEntry.kind, HelpEntry.position, HelpEntry.id))
    if kind:
        query = query.where(HelpEntry.kind == kind)
    if region_id:
        # national services (no region) help everywhere
        query = query.where((HelpEntry.region == region_id) | HelpEntry.region.is_null())
    if language:
        query = query.where(HelpEntry.languages.includes(language))
    rows = list(query)
    texts = texts_for(rows, locale)
    return [(entry, texts.get(entry.id)) for entry in rows if entry.id in texts]


def texts_for(rows, locale):
    preference = {locale: 0, current_app.config["DEFAULT_LOCALE"]: 1, "en": 2}
    best = {}
    if rows:
        for text in HelpEntryText.select().where(HelpEntryText.entry.in_([row.id for row in rows])):
            rank = preference.get(text.locale, 3)
            if text.entry_id not in best or rank < best[text.entry_id][0]:
                best[text.entry_id] = (rank, text)
    return {entry_id: text for entry_id, (_rank, text) in best.items()}


def save_entry(entry, details, texts, by=None):
    """Create or update an entry; texts is {locale: (name, offer, opening_hours)}, empty name = none.

    With `by` (the staff member saving it) the change goes to the audit log in the same transaction.
    """
    with transaction():
        for name, value in details.items():
            setattr(entry, name, value)
        entry.save()
        for locale, (name, offer, hours) in texts.items():
            HelpEntryText.delete().where(HelpEntryText.entry == entry, HelpEntryText.locale == locale).execute()
            if (name or "").strip():
                HelpEntryText.create(entry=entry, locale=locale, name=name.strip(), offer=(offer or "").strip(),
                                     opening_hours=(hours or "").strip())
        if by is not None:
            audit.record(by, "help.saved", member=None, target_type="help_entry", target_id=entry.id,
                         note=(texts.get("en") or ("",))[0] or "")
    return entry


def delete_entry(entry, by):
    """Remove an entry from the directory, in the audit log."""
    with transaction():
        audit.record(by, "help.deleted", member=None, target_type="help_entry", target_id=entry.id)
        entry.delete_instance()
