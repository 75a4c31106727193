"""The help directory: organisations people can turn to, described in every language."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel, LanguagesField, utcnow
from portal.members.models import Region

KINDS = ("emergency", "legal", "asylum", "housing", "health", "mental_health", "lgbtiq")


class HelpEntry(BaseModel):
    kind = CharField(max_length=20, index=True)
    region = ForeignKeyField(Region, null=True, on_delete="SET NULL")
    languages = LanguagesField()
    phone = CharField(max_length=40, default="")
    address = CharField(max_length=200, default="")
    website = CharField(max_length=300, default="")
    position = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)

class HelpEntryText(BaseModel):
    """An entry's name, offer and opening hours in one language."""

    entry = ForeignKeyField(HelpEntry, backref="texts", on_delete="CASCADE")
    locale = CharField(max_length=10)
    name = CharField(max_length=120)
    offer = TextField(default="")
    opening_hours = CharField(max_length=200, default="")

    class Meta:
        indexes = ((("entry", "locale"), True),)
