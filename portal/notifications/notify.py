"""Sending, counting and reading notifications."""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from peewee import JOIN

from portal.db import database, transaction, utcnow
from portal.formats import in_reader_direction
from portal.members.models import Member
from portal.notifications import mail
from portal.notifications.models import Notification

# the words a member reads; the portal shows where, never what was written
MESSAGES = {
    "reply": _l("%(actor)s replied in a thread you follow: %(title)s"),
    "mention": _l("%(actor)s mentioned you in: %(title)s"),
    "post_approved": _l("Your post was approved and everyone can see it now: %(title)s"),
    "post_hidden": _l("A moderator hid your post in: %(title)s"),
    "warning": _l("A moderator sent you a message."),
    "suspended": _l("Your account is read-only for a while."),
    "meetup_changed": _l("The time or place of a meet-up you signed up for has changed: %(title)s"),
    "meetup_cancelled": _l("A meet-up you signed up for is cancelled: %(title)s"),
    "meetup_message": _l("A message from the organiser of: %(title)s"),
    "rsvp_promoted": _l("A place came free: you are now going to %(title)s"),
    "rsvp_removed": _l("The organiser took you off the list of: %(title)s"),
    "application_approved": _l("Welcome! Your application was approved: you are a member now."),
    "intro_received": _l("%(actor)s would like to be introduced to you."),
    "buddy_match": _l("A moderator suggests you as a buddy for %(actor)s."),
    "intro_not_possible": _l("An introduction you asked for is not possible right now."),
    "intro_accepted": _l("%(actor)s said yes: you are introduced and can talk now."),
    "intro_ended": _l("A conversation has ended."),
    "intro_message": _l("New message from %(actor)s."),
    "intro_expired": _l("An introduction you asked for expired without an answer."),
}


def send(member_id, kind, *, actor=None, target_type="", target_id=None):
    """Queue one notification; call inside the transaction of what caused it.

    With SMTP configured and an e-mail address given, a neutral e-mail follows once the transaction commits.
    """
    notification = Notification.create(member=member_id, kind=kind, actor=actor, target_type=target_type,
                                       target_id=target_id)
    if current_app.config["SMTP_HOST"]:
        member = Member.get_or_none(Member.id == member_id)
        if member is not None and member.email:
            address, locale = member.email, member.locale
            database.after_commit(lambda: mail.send_neutral(address, locale))
    return notification


def unread_count(member):
    return Notification.select().where(Notification.member == member,
                                       Notification.read_at.is_null()).count()


def unread_count_for_current_user():
    """For the badge in the navigation: one query, only for members."""
    from flask_login import current_user

    from portal import policy

    return unread_count(current_user.id) if policy.is_member(current_user) else 0


def _posts(ids):
    from portal.forum.models import Post, Thread

    return {post.id: {"title": post.thread.title, "url": url_for("forum.post_link", post_id=post.id)}
            for post in Post.select(Post.id, Thread.title).join(Thread).where(Post.id.in_(ids))}


def _warnings(ids):
    from portal.moderation.sanctions import MemberWarning

    return {warning.id: {"message": warning.message}
            for warning in MemberWarning.select().where(MemberWarning.id.in_(ids))}


def _meetups(ids):
    from portal.calendar.models import Meetup

    return {meetup.id: {"title": meetup.title, "url": url_for("calendar.detail", meetup_id=meetup.id)}
            for meetup in Meetup.select(Meetup.id, Meetup.title).where(Meetup.id.in_(ids))}


def _meetup_messages(ids):
    from portal.calendar.models import Meetup, MeetupMessage

    return {message.id: {"title": message.meetup.title, "message": message.text,
                         "url": url_for("calendar.detail", meetup_id=message.meetup_id)}
            for message in MeetupMessage.select(MeetupMessage, Meetup).join(Meetup)
            .where(MeetupMessage.id.in_(ids))}


def _introductions(ids):
    return {introduction_id: {"url": url_for("introductions.detail", introduction_id=introduction_id)}
            for introduction_id in ids}


# target type -> how to look up titles, messages and links for many targets in one query
TARGETS = {"post": _posts, "warning": _warnings, "meetup": _meetups, "meetup_message": _meetup_messages,
           "introduction": _introductions}


def describe(rows):
    """Give each notification its title, message and url (one query per kind of target)."""
    wanted = {}
    for row in rows:
        if row.target_type in TARGETS:
            wanted.setdefault(row.target_type, set()).add(row.target_id)
    found = {kind: TARGETS[kind](list(ids)) for kind, ids in wanted.items()}
    for row in rows:
        details = found.get(row.target_type, {}).get(row.target_id, {})
        row.title = details.get("title", "")
        row.message = details.get("message", "")
        row.url = details.get("url")
    return rows


def recent(member, limit=50):
    """The newest notifications with their actors, titles, messages and links."""
    Actor = Member.alias()
    rows = list(Notification.select(Notification, Actor)
                .join(Actor, JOIN.LEFT_OUTER, on=(Notification.actor == Actor.id), attr="actor_member")
                .where(Notification.member == member)
                .order_by(Notification.created_at.desc(), Notification.id.desc())
                .limit(limit))
    return describe(rows)


def text(notification, former_member):
    actor = notification.actor_member.handle if notification.actor_id else former_member
    return MESSAGES.get(notification.kind, _l("There is something new for you.")) % {
        "actor": in_reader_direction(actor), "title": in_reader_direction(notification.title)}


def mark_read(member, notification_id=None):
    """Mark one notification (or all of them) as read."""
    query = Notification.update(read_at=utcnow()).where(Notification.member == member,
                                                         Notification.read_at.is_null())
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    with transaction():
        return query.execute()
