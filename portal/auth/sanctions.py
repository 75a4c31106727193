"""Warnings, suspensions and bans: what staff can do about a member's behaviour."""

from peewee import DateTimeField, ForeignKeyField, TextField

from portal import audit
from portal.auth import devices
from portal.db import BaseModel, transaction, utcnow
from portal.members.models import Member
from portal.notifications import notify


class MemberWarning(BaseModel):
    """A moderator's message to a member, shown until they have read it."""

    member = ForeignKeyField(Member, backref="warnings", on_delete="CASCADE")
    issued_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    message = TextField()
    created_at = DateTimeField(default=utcnow)
    acknowledged_at = DateTimeField(null=True)


@notify.describes("warning")
def describe_warnings(ids):
    return {warning.id: {"message": warning.message}
            for warning in MemberWarning.select().where(MemberWarning.id.in_(ids))}


def warn(member, moderator, message):
    """A message the member sees until they have read it; they are notified."""
    with transaction():
        warning = MemberWarning.create(member=member, issued_by=moderator, message=message)
        audit.record(moderator, "member.warned", member=member, note=message)
        notify.send(member.id, "warning", target_type="warning", target_id=warning.id)
    return warning


def suspend(member, moderator, until, reason=""):
    """Read-only until a moment in UTC: the member can read and sign in, not post, flag or RSVP."""
    with transaction():
        # single columns, never a whole-row save() of a stale copy: a role change or ban made
        # meanwhile by another moderator must survive
        Member.update(suspended_until=until).where(Member.id == member.id).execute()
        member.suspended_until = until
        audit.record(moderator, "member.suspended", member=member,
                     note=f"{until:%Y-%m-%d %H:%M} UTC {reason}".strip())
        notify.send(member.id, "suspended")


def lift_suspension(member, moderator):
    if member.suspended_until is None:
        return
    with transaction():
        Member.update(suspended_until=None).where(Member.id == member.id).execute()
        member.suspended_until = None
        audit.record(moderator, "member.unsuspended", member=member)


def ban(member, moderator, reason=""):
    """Ban: every session ends and signing in stops working."""
    with transaction():
        member.banned_at = utcnow()
        Member.update(banned_at=member.banned_at, session_version=Member.session_version + 1).where(
            Member.id == member.id).execute()
        member.session_version += 1
        member.save()
        # their device records go: every open session ends, on every app server
        devices.end_for_member(member)
        audit.record(moderator, "member.banned", member=member, note=reason)


def open_warnings(member):
    return (MemberWarning.select()
            .where(MemberWarning.member == member, MemberWarning.acknowledged_at.is_null())
            .order_by(MemberWarning.created_at))


def acknowledge(member, warning_id):
    with transaction():
        MemberWarning.update(acknowledged_at=utcnow()).where(
            MemberWarning.id == warning_id, MemberWarning.member == member).execute()
