"""Staff decisions about people: applications, invites, roles and buddies."""

import datetime

from flask import current_app
from peewee import JOIN, IntegrityError, fn

from portal import audit
from portal.auth import intake, tokens
from portal.auth.models import Application, ApplicationApproval, Invite, InviteBatch, Vouch
from portal.db import is_sqlite, lock_rows, transaction, utcnow
from portal.members.models import ROLES, Member, Region
from portal.notifications import alerts, notify

ASSIGNABLE_ROLES = tuple(role for role in ROLES if role != "applicant")


class LastAdmin(Exception):
    """The site would be left without an admin."""


class NotAdmin(Exception):
    """The one changing roles stopped being an admin while asking."""


class AlreadyApproved(Exception):
    """This moderator approved the application already; another moderator must give the next approval."""


def decide_application(application, moderator, *, approve, note=""):
    """Approve or reject a pending application; None if already decided.

    With APPROVALS_REQUIRED = 2 an approval is recorded, and the application stays pending until a
    second, different moderator approves too. One rejection is enough.
    """
    with transaction():
        if not is_sqlite():
            # two moderators approving at once: the second waits here and then counts the first approval
            Application.select(Application.id).where(Application.id == application.id).for_update().get()
        if not Application.select().where(Application.id == application.id, Application.status == "pending").exists():
            return None
        if approve:
            try:
                with transaction():
                    ApplicationApproval.create(application=application.id, moderator=moderator)
            except IntegrityError:
                raise AlreadyApproved() from None
            given = ApplicationApproval.select().where(ApplicationApproval.application == application.id).count()
            if given < current_app.config["APPROVALS_REQUIRED"]:
                audit.record(moderator, "application.approval", member=application.member_id,
                             target_id=application.member_id, note=note)
                return Application.get_by_id(application.id)
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
        # nothing that is not needed is kept: the answers and the open question to a voucher
        intake.forget_answers(application)
        Vouch.delete().where(Vouch.application == application.id).execute()
        alerts.handled("application", application.id, moderator)
        audit.record(moderator, f"application.{status}", member=application.member, note=note)
    return application


def approvals_of(applications):
    """{application id: [moderators who approved]} for the applications shown, in one query."""
    found = {}
    ids = [application.id for application in applications]
    if ids:
        for approval in (ApplicationApproval.select(ApplicationApproval, Member)
                         .join(Member, JOIN.LEFT_OUTER, on=(ApplicationApproval.moderator == Member.id))
                         .where(ApplicationApproval.application.in_(ids)).order_by(ApplicationApproval.id)):
            found.setdefault(approval.application_id, []).append(approval.moderator)
    return found


def vouches_of(applications):
    """{application id: [vouches with their voucher]} for the applications shown, in one query."""
    found = {}
    ids = [application.id for application in applications]
    if ids:
        for vouch in (Vouch.select(Vouch, Member).join(Member, on=(Vouch.voucher == Member.id))
                      .where(Vouch.application.in_(ids)).order_by(Vouch.id)):
            found.setdefault(vouch.application_id, []).append(vouch)
    return found


def create_invite_batch(admin, *, organisation, size, days, pre_approved=False):
    """size single-use codes for a partner organisation; returns (batch, codes): shown once."""
    codes = [tokens.new_token() for _ in range(size)]
    expires = utcnow() + datetime.timedelta(days=days)
    with transaction():
        batch = InviteBatch.create(organisation=organisation.strip(), created_by=admin, size=size)
        Invite.insert_many([{"code_hash": tokens.digest(code), "created_by": admin.id, "expires_at": expires,
                             "pre_approved": pre_approved, "note": "", "batch": batch.id,
                             "created_at": utcnow()} for code in codes]).execute()
        audit.record(admin, "invite.batch_created", target_type="invite_batch", target_id=batch.id,
                     note=f"{batch.organisation}: {size}")
    return batch, codes


def batches():
    """Every batch with how many of its codes were used and how many expired unused: counts, never who."""
    # size, not a count of rows: the purge removes codes that expired unused
    rows = (InviteBatch.select(InviteBatch, fn.COUNT(Invite.used_at).alias("used"))
            .join(Invite, JOIN.LEFT_OUTER, on=(Invite.batch == InviteBatch.id))
            .group_by(InviteBatch.id).order_by(InviteBatch.created_at.desc(), InviteBatch.id.desc()))
    return list(rows)


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
    """Single invites; batch invites are counted on the batches page instead."""
    return (Invite.select(Invite, Member)
            .join(Member, on=(Invite.created_by == Member.id), join_type=JOIN.LEFT_OUTER)
            .where(Invite.batch.is_null())
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
        query = query.where(Member.languages.includes(language))
    if region_id:
        query = query.where(Member.region == region_id)
    if role:
        query = query.where(Member.role == role)
    return query.limit(limit)


def pending_count():
    return Application.select().where(Application.status == "pending").count()
