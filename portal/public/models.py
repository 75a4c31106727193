"""The public texts admins write, one row per text and language."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from portal.db import BaseModel, utcnow
from portal.members.models import Member


class SiteText(BaseModel):
    key = CharField(max_length=40)
    locale = CharField(max_length=10)
    text = TextField()
    updated_at = DateTimeField(default=utcnow)
    updated_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        indexes = ((("key", "locale"), True),)
