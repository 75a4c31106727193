"""Sending, counting and reading notifications."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import JOIN, fn

from portal import jobs
from portal.db import Prepared, transaction, utcnow
from portal.formats import in_reader_direction
from portal.members.models import ROLE_RANK, ROLES, Member
from portal.notifications import delivery
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
    # no longer sent (an expiry reads "not possible", like a no); kept for notifications sent before
    "intro_expired": _l("An introduction you asked for expired without an answer."),
    "account_recovered": _l("Your password was set with a recovery code. If that was not you, tell a moderator "
                            "at once."),
    "two_factor_lost": _l("You signed in with a recovery code and without your authenticator app, so two-factor "
                          "sign-in is off. Set it up again on the security page."),
    "meetup_reminder": _l("Reminder: a meet-up you are going to starts soon: %(title)s"),
    "meetup_address_open": _l("The exact address of a meet-up you are going to is shown now: %(title)s"),
    "safety_check": _l("Did everything feel safe? Tell us in one click."),
    "safety_talk_meetup": _l("%(actor)s wants to talk to someone after a meet-up (safety check-in)."),
    "safety_talk_introduction": _l("%(actor)s wants to talk to someone after an introduction (safety check-in)."),
    "vouch_asked": _l("Someone who applied to join says you can vouch for them."),
    "support_reply": _l("There is news about your support request."),
    "support_message": _l("The member wrote in a support request you help with."),
    "support_added": _l("You were added to a support request."),
}


def send(member_id, kind, *, actor=None, target_type="", target_id=None):
    """Queue one notification; call inside the transaction of what caused it.

    With SMTP configured and the member's choice "immediate", the neutral e-mail is queued once the
    transaction commits (the job gets the notification's id, nothing else); "daily" waits for the digest.
    """
    notification = Notification.create(member=member_id, kind=kind, actor=actor, target_type=target_type,
                                       target_id=target_id)
    if current_app.config["SMTP_HOST"]:
        member = Member.get_or_none(Member.id == member_id)
        if member is not None and delivery.wants_mail_now(member):
            jobs.enqueue_after_commit(delivery.mail_notification, notification.id)
    return notification


def alert_moderators(kind, *, actor=None, target_type="", target_id=None):
    """Tell every moderator and admin (a notification each); call inside the causing transaction."""
    staff = Member.select(Member.id).where(Member.role.in_(ROLES[ROLE_RANK["moderator"]:]),
                                           Member.banned_at.is_null())
    return [send(member.id, kind, actor=actor, target_type=target_type, target_id=target_id) for member in staff]
_unread = Prepared(lambda member_id: Notification.select(fn.COUNT(Notification.id)).where(
    Notification.member == member_id, Notification.read_at.is_null()))


def unread_count(member):
    """How many notifications the member has not read (built once: every page's badge asks)."""
    return _unread.scalar(member.id if hasattr(member, "id") else member)


def unread_count_for_current_user():
    """For the badge in the navigation: one query, only for members."""
    from flask_login import current_user

    from portal import policy

    return unread_count(current_user.id) if policy.is_member(current_user) else 0


# target type -> how to look up titles, messages and links for many targets in one query; each
# feature registers its own kinds (notifications sit below the features and never import them)
TARGETS = {}


def describes(target_type):
    """Register fn(ids) -> {id: {"title", "message", "url"}} for notifications about target_type."""
    def register(fn):
        TARGETS[target_type] = fn
        return fn
    return register


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
