"""A safety check-in waiting for its answer; the row goes once it is answered."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from portal.db import BaseModel, utcnow
from portal.members.models import Member


class SafetyCheck(BaseModel):
    ABOUT = ("meetup", "introduction")

    member = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    # what it follows: only so that nobody is asked twice about the same thing
    about = CharField(max_length=20)
    target_id = IntegerField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("member", "about", "target_id"), True),)
