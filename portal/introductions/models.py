"""Introductions between two members, their private conversation, and reported messages."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from portal.db import BaseModel, LanguagesField, utcnow
from portal.members.models import Member, Region

# what each side may choose to share once introduced (besides the portal conversation)
CONTACT_FIELDS = ("phone", "signal", "whatsapp", "email")
OPEN_STATES = ("requested", "approved")
SUPPORT_KINDS = ("practical", "social", "procedure", "talk")


class Introduction(BaseModel):
    # SET NULL: when one side deletes their account, the other still sees "this conversation has ended"
    requester = ForeignKeyField(Member, null=True, backref="introductions_asked", on_delete="SET NULL")
    # empty for a buddy request until a moderator picks the buddy
    recipient = ForeignKeyField(Member, null=True, backref="introductions_received", on_delete="SET NULL")
    kind = CharField(max_length=10, default="member")  # "member" or "buddy"
    state = CharField(max_length=20, default="requested", index=True)
    # who said no: never shown to the requester, who reads the same words either way
    declined_by = CharField(max_length=20, default="")
    note_for_moderators = TextField(default="")
    first_message = TextField(default="")
    moderator_note = TextField(default="")
    buddy_support = CharField(max_length=100, default="")
    buddy_languages = LanguagesField()
    buddy_region = ForeignKeyField(Region, null=True, on_delete="SET NULL")
    requester_phone = CharField(max_length=40, default="")
    requester_signal = CharField(max_length=60, default="")
    requester_whatsapp = CharField(max_length=40, default="")
    requester_email = CharField(max_length=254, default="")
    recipient_phone = CharField(max_length=40, default="")
    recipient_signal = CharField(max_length=60, default="")
    recipient_whatsapp = CharField(max_length=40, default="")
    recipient_email = CharField(max_length=254, default="")
    decided_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    decided_at = DateTimeField(null=True)
    answered_at = DateTimeField(null=True)
    ended_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    ended_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow, index=True)
    # when both were asked whether everything felt safe, a few days into the conversation
    checked_in_at = DateTimeField(null=True)

    @classmethod
    def open_for_requester(cls):
        """Still open as the requester sees it: a "no", the moderator's or the other member's, stays
        unannounced until the request would have expired, so neither words nor timing tell who said it."""
        return cls.state.in_(OPEN_STATES) | ((cls.state == "declined") & cls.ended_at.is_null())

    @property
    def requester_state(self):
        """The state as the requester may know it: open, introduced, ended, withdrawn or not_possible."""
        if self.state in OPEN_STATES or (self.state == "declined" and self.ended_at is None):
            return "open"
        if self.state in ("declined", "expired"):
            return "not_possible"
        return self.state

    def other(self, member):
        """The other person of the two, seen from member."""
        return self.recipient if member.id == self.requester_id else self.requester

    def role_of(self, member):
        if member.id == self.requester_id:
            return "requester"
        if member.id == self.recipient_id:
            return "recipient"
        return None

    def shared_by(self, side):
        """{field: value} that one side ("requester" or "recipient") chose to share."""
        return {name: getattr(self, f"{side}_{name}") for name in CONTACT_FIELDS if getattr(self, f"{side}_{name}")}

    @property
    def support_kinds(self):
        return [kind for kind in self.buddy_support.split() if kind in SUPPORT_KINDS]


class ConversationMessage(BaseModel):
    introduction = ForeignKeyField(Introduction, backref="messages", on_delete="CASCADE")
    author = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    body = TextField()
    created_at = DateTimeField(default=utcnow, index=True)


class MessageReport(BaseModel):
    """A copy of one reported message: moderators see this, never the conversation."""

    message = ForeignKeyField(ConversationMessage, null=True, on_delete="SET NULL", backref="reports")
    copied_text = TextField()
    author = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    reporter = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True)
    resolved_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
