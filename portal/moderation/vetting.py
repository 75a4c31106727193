"""Staff decisions about people: applications, invites, roles and buddies."""

import datetime

from peewee import JOIN, fn

from portal import audit
from portal.auth import tokens
from portal.auth.models import Application, Invite
from portal.db import lock_rows, transaction, utcnow
from portal.members.models import ROLES, Member, Region
from portal.notifications import notify

ASSIGNABLE_ROLES = tuple(role for role in ROLES if role != "applicant")


class LastAdmin(Exception):
    """The site would be left without an admin."""


class NotAdmin(Exception):
    """The one changing roles stopped being an admin while asking."""


def decide_application(application, moderator, *, approve, note=""):
    """Approve (the applicant becomes a member) or reject a pending application; None if already decided."""
    with transaction():
        status = "approved" if approve else "rejected"
        # only a still-pending row changes: two moderators deciding at once must not both win
        changed = (Application.update(status=status, decided_by=moderator, decided_at=utcnow(), note=note or "")
                   .where(Application.id == application.id, Application.status == "pending").execute())
        if not changed:
            return None
        application = Application.get_by_id(application.id)
        if approve:
            Member.update(role="member").where(Member.id == application.member_id,
                                               Member.role == "applicant").execute()
            notify.send(application.member_id, "application_approved")
        audit.record(moderator, f"application.{status}", member=application.member, note=note)
    return application


def create_invite(creator, *, days, pre_approved=False, note=""):
    """A single-use invite; returns (invite, code): the code exists only in this answer."""
    code = tokens.new_token()
    with transaction():
        invite = Invite.create(code_hash=tokens.digest(code), created_by=creator,
                               expires_at=utcnow() + datetime.timedelta(days=days),
                               pre_approved=pre_approved, note=note or "")
        audit.record(creator, "invite.created", target_type="invite", target_id=invite.id,
                     note=note)
    return invite, code


def recent_invites(limit=50):
    return (Invite.select(Invite, Member)
            .join(Member, on=(Invite.created_by == Member.id), join_type=JOIN.LEFT_OUTER)
            .order_by(Invite.created_at.desc()).limit(limit))


def set_role(member, role, admin):
    """Change a member's role; refuses to remove the last admin."""
    if role not in ASSIGNABLE_ROLES or member.role == "applicant":
        raise ValueError(role)
    with transaction():
        # two admins demoting each other at once: the second waits for the first, then counts
        # again and finds itself no longer an admin
        admins = lock_rows(Member, Member.role == "admin")
        old = Member.get_by_id(member.id).role
        if old == "admin" and role != "admin" and len(admins) <= 1:
            raise LastAdmin()
        if admin.id not in admins:
            raise NotAdmin()
        Member.update(role=role).where(Member.id == member.id).execute()
        member.role = role
        audit.record(admin, "member.role", member=member, note=f"{old} -> {role}")


def set_buddy(member, is_buddy, admin):
    with transaction():
        # only this column: a whole-row save() from a stale copy would undo a ban made meanwhile
        Member.update(is_buddy=is_buddy).where(Member.id == member.id).execute()
        member.is_buddy = is_buddy
        audit.record(admin, "member.buddy_on" if is_buddy else "member.buddy_off", member=member)


def find_members(*, text="", language="", region_id=None, role="", limit=100):
    """Members matching a pseudonym fragment, a spoken language, a region and a role."""
    query = (Member.select(Member, Region)
             .join(Region, join_type=JOIN.LEFT_OUTER)
             .order_by(fn.LOWER(Member.handle)))
    if text:
        query = query.where(Member.handle_key.contains(text.casefold()))
    if language:
        query = query.where(Member.languages.contains(f" {language} "))
    if region_id:
        query = query.where(Member.region == region_id)
    if role:
        query = query.where(Member.role == role)
    return query.limit(limit)


def pending_count():
    return Application.select().where(Application.status == "pending").count()
