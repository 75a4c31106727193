"""Sending, counting and reading notifications."""

from flask_babel import lazy_gettext as _l
from peewee import JOIN

from portal.db import transaction, utcnow
from portal.members.models import Member
from portal.notifications.models import Notification

# the words a member reads; the portal shows where, never what was written
MESSAGES = {
    "reply": _l("%(actor)s replied in a thread you follow: %(title)s"),
    "mention": _l("%(actor)s mentioned you in: %(title)s"),
    "post_approved": _l("Your post was approved and everyone can see it now: %(title)s"),
    "post_hidden": _l("A moderator hid your post in: %(title)s"),
    "warning": _l("A moderator sent you a message."),
    "suspended": _l("Your account is read-only for a while."),
}


def send(member_id, kind, *, actor=None, target_type="", target_id=None):
    """Queue one notification; call inside the transaction of what caused it."""
    return Notification.create(member=member_id, kind=kind, actor=actor, target_type=target_type,
                               target_id=target_id)


def unread_count(member):
    return Notification.select().where(Notification.member == member,
                                       Notification.read_at.is_null()).count()


def unread_count_for_current_user():
    """For the badge in the navigation: one query, only for members."""
    from flask_login import current_user

    from portal import policy

    return unread_count(current_user.id) if policy.is_member(current_user) else 0


def recent(member, limit=50):
    """The newest notifications, with their actors and (for posts) their thread titles."""
    from portal.forum.models import Post, Thread

    Actor = Member.alias()
    rows = list(Notification.select(Notification, Actor)
                .join(Actor, JOIN.LEFT_OUTER, on=(Notification.actor == Actor.id), attr="actor_member")
                .where(Notification.member == member)
                .order_by(Notification.created_at.desc(), Notification.id.desc())
                .limit(limit))
    post_ids = [row.target_id for row in rows if row.target_type == "post"]
    titles = {}
    if post_ids:
        titles = {post.id: post.thread.title for post in
                  Post.select(Post.id, Thread.title).join(Thread).where(Post.id.in_(post_ids))}
    warning_ids = [row.target_id for row in rows if row.target_type == "warning"]
    messages = {}
    if warning_ids:
        from portal.moderation.sanctions import MemberWarning

        messages = {w.id: w.message for w in MemberWarning.select().where(MemberWarning.id.in_(warning_ids))}
    for row in rows:
        row.title = titles.get(row.target_id, "") if row.target_type == "post" else ""
        row.message = messages.get(row.target_id, "") if row.target_type == "warning" else ""
    return rows


def text(notification, former_member):
    actor = notification.actor_member.handle if notification.actor_id else former_member
    return MESSAGES.get(notification.kind, _l("There is something new for you.")) % {
        "actor": actor, "title": notification.title}


def mark_read(member, notification_id=None):
    """Mark one notification (or all of them) as read."""
    query = Notification.update(read_at=utcnow()).where(Notification.member == member,
                                                         Notification.read_at.is_null())
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    with transaction():
        return query.execute()
