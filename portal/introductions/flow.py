"""The life of an introduction: every allowed step, by the right person, in one transaction each.

requested -> (moderator) approved | declined -> (recipient) introduced | declined -> ended
The requester may withdraw while it is open; unanswered requests expire.

The requester sees one open state until the end. A "no" (moderator's or recipient's) is told, like
an expiry, only when the request would have expired: same words, same notification, same moment.
"""

import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import audit, policy
from portal.db import lock_rows, transaction, utcnow
from portal.introductions.buddies import buddies_left_out, buddy_candidates  # noqa: F401 (part of the flow)
from portal.introductions.models import CONTACT_FIELDS, OPEN_STATES, ConversationMessage, Introduction
from portal.introductions.rules import open_between, open_requests, refusal
from portal.members.models import Block, Member
from portal.notifications import alerts, notify

# for the moderator who matches a buddy: they need to know why, the members never read these
BUDDY_BLOCKED = _l("One of the two has blocked the other, so they cannot be matched.")
BUDDY_READ_ONLY = _l("This buddy is read-only for now and cannot take a buddy request.")
BUDDY_ALREADY_OPEN = _l("These two already have an introduction under way.")


class Refused(Exception):
    """A request the rules do not allow, with a message for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class WrongStep(Exception):
    """A transition that does not exist from the current state, or not for this person (a 404)."""


def _shares(side, shares):
    return {f"{side}_{name}": (shares.get(name) or "").strip() for name in CONTACT_FIELDS}


def request_introduction(requester, recipient, *, note, first_message, shares):
    """Ask the moderators to introduce requester to recipient."""
    with transaction():
        # the limit and "already open between you" are counts: hold both members until this commits
        lock_rows(Member, Member.id.in_([requester.id, recipient.id]))
        problem = refusal(requester, recipient)
        if problem:
            raise Refused(problem)
        introduction = Introduction.create(requester=requester, recipient=recipient, kind="member",
                                           note_for_moderators=note, first_message=first_message,
                                           **_shares("requester", shares))
        alerts.raise_alert("introduction", "introduction", introduction.id)
    return introduction


def request_buddy(requester, *, languages, region, support, note, shares):
    """Ask the organisation for a buddy; a moderator will pick one."""
    with transaction():
        lock_rows(Member, Member.id == requester.id)
        if not policy.can_write(requester):
            raise Refused(_l("Your account is read-only for now, so you cannot ask for introductions."))
        if open_requests(requester).count() >= current_app.config["INTRODUCTIONS_MAX_OPEN"]:
            raise Refused(_l("You have %(count)d open requests. Wait for an answer, or withdraw one first.",
                             count=current_app.config["INTRODUCTIONS_MAX_OPEN"]))
        introduction = Introduction.create(requester=requester, kind="buddy", note_for_moderators=note,
                                           buddy_languages=languages, buddy_region=region,
                                           buddy_support=" ".join(support), **_shares("requester", shares))
        alerts.raise_alert("introduction", "introduction", introduction.id)
    return introduction


def _step(introduction, expected_states, **changes):
    """Move to a new state only if still in an expected one: two clicks never both win.

    expected_states: a tuple of states, or a condition on the row."""
    expected = Introduction.state.in_(expected_states) if isinstance(expected_states, tuple) else expected_states
    changed = (Introduction.update(**changes)
               .where(Introduction.id == introduction.id, expected).execute())
    if not changed:
        raise WrongStep()
    if "state" in changes and changes["state"] != "requested":
        # no longer waiting for a moderator, whoever moved it on
        alerts.handled("introduction", introduction.id, changes.get("decided_by"))
    return Introduction.get_by_id(introduction.id)


def approve(introduction, moderator, note=""):
    if introduction.kind != "member":
        raise WrongStep()
    with transaction():
        done = _step(introduction, ("requested",), state="approved", decided_by=moderator,
                     decided_at=utcnow(), moderator_note=note or "")
        audit.record(moderator, "introduction.approved", member=done.requester, target_type="introduction",
                     target_id=done.id, note=note)
        notify.send(done.recipient_id, "intro_received", actor=done.requester_id, target_type="introduction",
                    target_id=done.id)
    return done


def match_buddy(introduction, moderator, buddy, note=""):
    """Propose a buddy for a buddy request; the buddy then accepts or declines."""
    if (introduction.kind != "buddy" or not buddy.is_buddy or buddy.id == introduction.requester_id
            or buddy.banned_at or buddy.role == "applicant"):
        raise WrongStep()
    with transaction():
        lock_rows(Member, Member.id.in_([introduction.requester_id, buddy.id]))
        if not policy.can_write(buddy):
            raise Refused(BUDDY_READ_ONLY)
        if Block.between(introduction.requester, buddy):
            raise Refused(BUDDY_BLOCKED)
        if open_between(introduction.requester, buddy):
            raise Refused(BUDDY_ALREADY_OPEN)
        done = _step(introduction, ("requested",), state="approved", recipient=buddy, decided_by=moderator,
                     decided_at=utcnow(), moderator_note=note or "")
        audit.record(moderator, "introduction.buddy_matched", member=done.requester, target_type="introduction",
                     target_id=done.id, note=note)
        notify.send(buddy.id, "buddy_match", actor=done.requester_id, target_type="introduction",
                    target_id=done.id)
    return done


def decline_by_moderator(introduction, moderator, note=""):
    with transaction():
        done = _step(introduction, ("requested",), state="declined", declined_by="moderator",
                     decided_by=moderator, decided_at=utcnow(), moderator_note=note or "")
        audit.record(moderator, "introduction.declined", member=done.requester, target_type="introduction",
                     target_id=done.id, note=note)
        # the requester is told later, by expire_stale, exactly as after the recipient's "no"
    return done


def accept(introduction, recipient, shares):
    """The recipient says yes and chooses what to share: both are now introduced."""
    if introduction.recipient_id != recipient.id:
        raise WrongStep()
    if not policy.can_write(recipient):
        raise Refused(_l("Your account is read-only for now, so you cannot accept introductions."))
    with transaction():
        done = _step(introduction, ("approved",), state="introduced", answered_at=utcnow(),
                     **_shares("recipient", shares))
        notify.send(done.requester_id, "intro_accepted", actor=recipient.id, target_type="introduction",
                    target_id=done.id)
    return done


def decline(introduction, recipient, block=False):
    """The recipient says no (and may block the requester); the requester reads the neutral words."""
    if introduction.recipient_id != recipient.id:
        raise WrongStep()
    with transaction():
        done = _step(introduction, ("approved",), state="declined", declined_by="recipient", answered_at=utcnow())
        if block:
            Block.insert(blocker=recipient, blocked=done.requester_id).on_conflict_ignore().execute()
        # the requester is told later, by expire_stale, exactly as after a moderator's "no"
    return done


def withdraw(introduction, requester):
    if introduction.requester_id != requester.id:
        raise WrongStep()
    with transaction():
        return _step(introduction, Introduction.open_for_requester(), state="withdrawn", ended_at=utcnow(),
                     ended_by=requester)


def end(introduction, member, block=False):
    """Either side ends the conversation (read-only from now on), optionally blocking the other."""
    if introduction.role_of(member) is None:
        raise WrongStep()
    with transaction():
        done = _step(introduction, ("introduced",), state="ended", ended_at=utcnow(), ended_by=member)
        other = done.recipient_id if member.id == done.requester_id else done.requester_id
        if block:
            Block.insert(blocker=member, blocked=other).on_conflict_ignore().execute()
        notify.send(other, "intro_ended", target_type="introduction", target_id=done.id)
    return done


def send_message(introduction, author, body):
    if introduction.role_of(author) is None or introduction.state != "introduced":
        raise WrongStep()
    if not policy.can_write(author):
        raise Refused(_l("Your account is read-only for now, so you cannot send messages."))
    with transaction():
        message = ConversationMessage.create(introduction=introduction, author=author, body=body)
        other = introduction.recipient_id if author.id == introduction.requester_id else introduction.requester_id
        notify.send(other, "intro_message", actor=author.id, target_type="introduction", target_id=introduction.id)
    return message


def expire_stale():
    """Requests that reach their end (a setting, 30 days) without a yes: unanswered ones expire, and the
    requester of those and of declined ones is told now, in the same words whoever said no."""
    cutoff = utcnow() - datetime.timedelta(days=current_app.config["INTRODUCTIONS_EXPIRE_DAYS"])
    stale = list(Introduction.select(Introduction.id, Introduction.requester, Introduction.state)
                 .where(Introduction.open_for_requester(), Introduction.created_at < cutoff))
    if not stale:
        return 0
    told = 0
    with transaction():
        for introduction in stale:
            if introduction.state == "declined":
                still = (Introduction.state == "declined") & Introduction.ended_at.is_null()
                changes = {"ended_at": utcnow()}
            else:
                still, changes = Introduction.state.in_(OPEN_STATES), {"state": "expired", "ended_at": utcnow()}
            changed = Introduction.update(**changes).where(Introduction.id == introduction.id, still).execute()
            if changed:
                told += 1
                alerts.handled("introduction", introduction.id)
                notify.send(introduction.requester_id, "intro_not_possible", target_type="introduction",
                            target_id=introduction.id)
    return told


def waiting_for_moderators():
    """Requests a moderator must look at, oldest first, with both members."""
    Requester = Member.alias()
    Recipient = Member.alias()
    return (Introduction.select(Introduction, Requester, Recipient)
            .join_from(Introduction, Requester, on=(Introduction.requester == Requester.id), attr="requester_m")
            .join_from(Introduction, Recipient, join_type="LEFT OUTER JOIN",
                       on=(Introduction.recipient == Recipient.id), attr="recipient_m")
            .where(Introduction.state == "requested")
            .order_by(Introduction.created_at, Introduction.id))
