"""Applications, invites, the one-time links, and the signed-in devices."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel, utcnow
from portal.members.models import Member


class InviteBatch(BaseModel):
    """Invite codes issued together to a partner organisation: staff see how many were used, never by whom."""

    organisation = CharField(max_length=120)
    created_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=utcnow)
    size = IntegerField()


class Invite(BaseModel):
    # only the SHA-256 of the code is kept: the link is shown once, to its creator
    code_hash = CharField(max_length=64, unique=True)
    created_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="invites_made")
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    pre_approved = BooleanField(default=False)
    note = CharField(max_length=200, default="")
    used_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    used_at = DateTimeField(null=True)
    # a batch invite never records who used it (used_by stays empty, no application points to it)
    batch = ForeignKeyField(InviteBatch, null=True, on_delete="CASCADE", backref="invites")

    @property
    def state(self):
        if self.used_at:
            return "used"
        if self.expires_at <= utcnow():
            return "expired"
        return "open"


class Application(BaseModel):
    STATES = ("pending", "approved", "rejected")

    member = ForeignKeyField(Member, unique=True, backref="applications", on_delete="CASCADE")
    invite = ForeignKeyField(Invite, null=True, on_delete="SET NULL")
    status = CharField(max_length=20, default="pending", index=True)
    created_at = DateTimeField(default=utcnow)
    decided_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    decided_at = DateTimeField(null=True)
    # internal: moderators only, never shown to the applicant
    note = TextField(default="")
    # the applicant's words for the member they named as voucher, who cannot know them by a pseudonym yet;
    # kept here, not on the vouch, so that it is stored (and exported) the same whether that member exists
    vouch_note = CharField(max_length=300, default="")

    @classmethod
    def pending(cls):
        return (cls.select(cls, Member)
                .join(Member, on=(cls.member == Member.id))
                .where(cls.status == "pending")
                .order_by(cls.created_at, cls.id))


class ApplicationApproval(BaseModel):
    """One moderator's approval; with APPROVALS_REQUIRED = 2 an application needs two different ones."""

    application = ForeignKeyField(Application, backref="approvals", on_delete="CASCADE")
    moderator = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("application", "moderator"), True),)


class Vouch(BaseModel):
    """An applicant named a member who can vouch for them; the member confirms or declines in the portal."""

    STATES = ("asked", "confirmed", "declined")

    application = ForeignKeyField(Application, backref="vouches", on_delete="CASCADE")
    voucher = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    state = CharField(max_length=20, default="asked")
    created_at = DateTimeField(default=utcnow)
    answered_at = DateTimeField(null=True)


class SetupToken(BaseModel):
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class ResetToken(BaseModel):
    """A one-time link a moderator hands over in person, for a member who lost password and codes."""

    member = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    created_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class DeviceSession(BaseModel):
    """One signed-in phone or computer; signing out deletes the row, and its cookie stops working."""

    member = ForeignKeyField(Member, backref="devices", on_delete="CASCADE")
    # only the SHA-256 of the random id the session cookie carries: a copy of the table opens nothing
    token_hash = CharField(max_length=64, unique=True)
    # browser and system family from the User-Agent, so the member recognises the device;
    # never the raw string, never an address
    browser = CharField(max_length=40, default="")
    system = CharField(max_length=40, default="")
    # "keep me signed in": ends REMEMBER_DAYS after last use instead of IDLE_HOURS
    remember = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    last_used_at = DateTimeField(default=utcnow, index=True)
