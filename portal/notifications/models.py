"""Notifications: something new for a member, shown in the portal with an unread badge."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from portal.db import BaseModel, utcnow
from portal.members.models import Member


class Notification(BaseModel):
    member = ForeignKeyField(Member, backref="notifications", on_delete="CASCADE")
    # what happened: "reply", "mention", "post_approved", "post_hidden", "warning", ...
    kind = CharField(max_length=30)
    actor = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    # where it happened: a path inside the portal, never content
    target_type = CharField(max_length=30, default="")
    target_id = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow, index=True)
    read_at = DateTimeField(null=True)
