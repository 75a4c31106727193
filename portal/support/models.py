"""Support requests: a member asks the organisation for help, and talks with the staff who took it."""

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from portal.db import BaseModel, utcnow
from portal.directory.models import HelpEntry
from portal.members.models import Member

CATEGORIES = {
    "procedure": _l("The asylum procedure and preparing for the interview"),
    "unsafe": _l("I am not safe where I live"),
    "housing": _l("Housing"),
    "health": _l("Health and mental health"),
    "legal": _l("Legal help"),
    "work": _l("Work and finding my way here"),
    "other": _l("Something else"),
}
# "not safe where I live" means emergency shelter: every moderator is alerted at once
URGENT_CATEGORIES = {"unsafe"}

STATES = ("open", "taken", "waiting", "closed")
STATE_NAMES = {
    "open": _l("Waiting for someone to take it"),
    "taken": _l("Someone is helping"),
    "waiting": _l("Waiting for your answer"),
    "closed": _l("Closed"),
}


class SupportRequest(BaseModel):
    member = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    category = CharField(max_length=20)
    urgent = BooleanField(default=False)
    text = TextField()
    language = CharField(max_length=10)
    # how the member may be reached: only in the portal, or also through a contact they chose to share
    contact = CharField(max_length=200, default="")
    state = CharField(max_length=20, default="open", index=True)
    taken_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    taken_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True, index=True)
    created_at = DateTimeField(default=utcnow, index=True)

    @property
    def is_closed(self):
        return self.state == "closed"


class SupportHelper(BaseModel):
    """A member of staff who took a request or was added to it: they, and the member, read the thread."""

    request = ForeignKeyField(SupportRequest, backref="helpers", on_delete="CASCADE")
    staff = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    added_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("request", "staff"), True),)


class SupportMessage(BaseModel):
    request = ForeignKeyField(SupportRequest, backref="messages", on_delete="CASCADE")
    author = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    from_staff = BooleanField(default=False)
    body = TextField()
    # a referral: an entry of the help directory the member can turn to
    referral = ForeignKeyField(HelpEntry, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=utcnow, index=True)
