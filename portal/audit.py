"""The audit log: who did what to which, why and when."""

from flask_babel import lazy_gettext as _l
from peewee import JOIN, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel, utcnow
from portal.members.models import Member

ACTION_NAMES = {
    "setup.first_admin": _l("First admin created"),
    "application.approved": _l("Application approved"),
    "application.rejected": _l("Application rejected"),
    "invite.created": _l("Invite created"),
    "member.role": _l("Role changed"),
    "member.buddy_on": _l("Marked as buddy"),
    "member.buddy_off": _l("No longer a buddy"),
    "region.created": _l("Region added"),
    "region.renamed": _l("Region renamed"),
    "region.deleted": _l("Region removed"),
    "region.moved": _l("Regions reordered"),
    "post.approved": _l("Post approved"),
    "post.hidden": _l("Post hidden"),
    "post.restored": _l("Post restored"),
    "post.deleted": _l("Post deleted"),
    "post.edited": _l("Post edited by staff"),
    "thread.locked": _l("Thread locked"),
    "thread.unlocked": _l("Thread unlocked"),
    "thread.pinned": _l("Thread pinned"),
    "thread.unpinned": _l("Thread unpinned"),
    "thread.moved": _l("Thread moved"),
    "member.warned": _l("Member warned"),
    "member.suspended": _l("Member made read-only"),
    "member.unsuspended": _l("Read-only ended"),
    "member.banned": _l("Member banned"),
    "member.reset_link": _l("Reset link made"),
    "account.recovered": _l("Password set with a recovery code"),
    "account.two_factor_lost": _l("Two-factor sign-in removed after a recovery code"),
    "help.saved": _l("Help directory entry saved"),
    "help.deleted": _l("Help directory entry removed"),
    "category.created": _l("Category added"),
    "category.renamed": _l("Category renamed"),
    "category.moved": _l("Categories reordered"),
    "category.archived": _l("Category archived"),
    "category.reopened": _l("Category opened again"),
    "introduction.approved": _l("Introduction approved"),
    "introduction.declined": _l("Introduction declined"),
    "introduction.buddy_matched": _l("Buddy proposed"),
    "message_report.resolved": _l("Reported message dealt with"),
    "site_text.saved": _l("Public text changed"),
    "application.approval": _l("Application approved, waiting for a second approval"),
    "invite.batch_created": _l("Invite codes issued to a partner organisation"),
    "intake.question_added": _l("Intake question added"),
    "intake.question_removed": _l("Intake question removed"),
    "member.note_added": _l("Staff note written"),
    "member.note_deleted": _l("Staff note removed"),
    "support.taken": _l("Support request taken"),
    "support.helper_added": _l("Added to a support request"),
    "support.waiting": _l("Support request waits for the member"),
    "support.closed": _l("Support request closed"),
}


class AuditEntry(BaseModel):
    # SET NULL: a deleted account keeps its actions in the log, not its pseudonym
    actor = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    action = CharField(max_length=50, index=True)
    target_member = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    target_type = CharField(max_length=30, default="member")
    target_id = IntegerField(null=True)
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow, index=True)

    @property
    def action_name(self):
        return ACTION_NAMES.get(self.action, self.action)


def record(actor, action, *, member=None, target_type="member", target_id=None, note=""):
    """Write one audit entry; call inside the transaction of the action itself."""
    if target_id is None and member is not None:
        target_id = member.id
    return AuditEntry.create(actor=actor, action=action, target_member=member,
                             target_type=target_type, target_id=target_id, note=note or "")


def entries(*, actor=None, action=None, target=None, since=None, until=None):
    """The log, newest first, filtered; actor and target are pseudonym keys."""
    Actor = Member.alias("actor_member")
    Target = Member.alias("target_m")
    query = (AuditEntry.select(AuditEntry, Actor, Target)
             .join_from(AuditEntry, Actor, on=(AuditEntry.actor == Actor.id), join_type=JOIN.LEFT_OUTER, attr="actor_m")
             .join_from(AuditEntry, Target, on=(AuditEntry.target_member == Target.id), join_type=JOIN.LEFT_OUTER,
                        attr="target_m")
             .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    if actor:
        query = query.where(Actor.handle_key == actor)
    if target:
        query = query.where(Target.handle_key == target)
    if action:
        query = query.where(AuditEntry.action == action)
    if since:
        query = query.where(AuditEntry.created_at >= since)
    if until:
        query = query.where(AuditEntry.created_at < until)
    return query

