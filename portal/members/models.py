"""Regions, members and their recovery codes."""

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel, LanguagesField, utcnow

ROLES = ("applicant", "member", "organiser", "moderator", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
ROLE_NAMES = {
    "applicant": _l("Applicant"),
    "member": _l("Member"),
    "organiser": _l("Organiser"),
    "moderator": _l("Moderator"),
    "admin": _l("Admin"),
}


class Region(BaseModel):
    name = CharField(max_length=80, unique=True)
    position = IntegerField(default=0)

    @classmethod
    def ordered(cls):
        return cls.select().order_by(cls.position, cls.name)


class Member(BaseModel):
    class Meta:
        # save() writes only the columns changed: a language switch or settings change saved from a
        # stale copy must not undo a ban or a role change made meanwhile
        only_save_dirty = True

    # the pseudonym other members see; until the member chooses one after approval, a
    # placeholder that no pseudonym can equal ("#" + random hex)
    handle = CharField(max_length=30)
    # NFKC + casefold: "Ali", "ALI" and "Ａｌｉ" are one pseudonym
    handle_key = CharField(max_length=60, unique=True)
    # UTS #39 skeleton of the pseudonym: "dеmo" (Cyrillic е) and "demo" share it (members/handles.py)
    handle_skeleton = CharField(max_length=255, null=True, index=True)
    # False only from applying until the pseudonym is chosen (auth/membership.py)
    handle_chosen = BooleanField(default=True)
    # the private name typed on the public forms; nobody else ever sees it
    login_name = CharField(max_length=30)
    login_key = CharField(max_length=60, unique=True)
    password_hash = CharField(max_length=255)
    role = CharField(max_length=20, default="applicant", index=True)
    is_buddy = BooleanField(default=False)
    languages = LanguagesField()
    region = ForeignKeyField(Region, null=True, on_delete="SET NULL")
    email = CharField(max_length=254, null=True)
    locale = CharField(max_length=10, null=True)
    timezone = CharField(max_length=64, null=True)
    # bumped by a password change or ban: a sign-in waiting for its two-factor code stops there
    session_version = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)
    # read-only until then: can read and sign in, cannot post, flag or RSVP
    suspended_until = DateTimeField(null=True)
    banned_at = DateTimeField(null=True)
    # off by default: other attendees of a meet-up see only a count
    visible_to_attendees = BooleanField(default=False)
    # SHA-256 of the secret in the member's private calendar feed address
    feed_token_hash = CharField(max_length=64, null=True, unique=True)
    bio = TextField(default="")
    # hidden: not in the member list; only buddy matching and existing introductions reach them.
    # Being listed is the member's choice: new members start hidden
    profile_hidden = BooleanField(default=True)
    # two-factor sign-in: the TOTP secret, and the last 30-second step used (a code works once)
    totp_secret = CharField(max_length=64, null=True)
    totp_last_step = IntegerField(default=0)
    # "immediate", "daily" (one digest e-mail a day at most) or "never"
    email_frequency = CharField(max_length=10, default="immediate")
    # when the last neutral e-mail went out: a digest member gets one per day at most
    mailed_at = DateTimeField(null=True)

    @property
    def has_two_factor(self):
        return bool(self.totp_secret)

    @property
    def awaiting_pseudonym(self):
        """Approved, but the pseudonym others will see is not chosen yet: the member area waits."""
        return self.role != "applicant" and not self.handle_chosen

    @property
    def signs_in_with_pseudonym(self):
        """Members from before sign-in names were private sign in with the name others see."""
        return self.handle_chosen and self.login_key == self.handle_key

    @property
    def is_suspended(self):
        return self.suspended_until is not None and self.suspended_until > utcnow()

    def has_role(self, role):
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    # Flask-Login
    is_active = True
    is_anonymous = False

    @property
    def is_authenticated(self):
        return True

    def get_id(self):
        # the random id of this signed-in device (portal/auth/devices.py), never the member's own id
        return getattr(self, "device_secret", None)


class RecoveryCode(BaseModel):
    member = ForeignKeyField(Member, backref="recovery_codes", on_delete="CASCADE")
    code_hash = CharField(max_length=64, index=True)
    used_at = DateTimeField(null=True)


class Block(BaseModel):
    """blocker never hears from blocked again: no introduction requests either way."""

    blocker = ForeignKeyField(Member, backref="blocks_made", on_delete="CASCADE")
    blocked = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("blocker", "blocked"), True),)

    @classmethod
    def between(cls, one, other):
        """Whether either of two members blocked the other."""
        return cls.select().where(((cls.blocker == one) & (cls.blocked == other))
                                  | ((cls.blocker == other) & (cls.blocked == one))).exists()
