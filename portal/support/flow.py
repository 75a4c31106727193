"""The life of a support request: open -> taken <-> waiting for the member -> closed.

Only the member and the staff who took the request or were added to it read its text and thread;
the rest of the staff see that it exists (kind, language, state), not who asked or what.
"""

import datetime

from flask import current_app
from peewee import JOIN, IntegrityError, fn

from portal import audit
from portal.db import is_sqlite, transaction, utcnow
from portal.directory import listing
from portal.directory.models import HelpEntry
from portal.members.models import Member
from portal.notifications import alerts, notify
from portal.support.models import URGENT_CATEGORIES, SupportHelper, SupportMessage, SupportRequest


class Closed(Exception):
    """The request is closed: nothing more can be written in it."""


class WrongStep(Exception):
    """Not possible from the request's state, or not for this person (a 404 or a plain refusal)."""


def open_request(member, *, category, text, language, contact=""):
    """A member asks for help; the staff are alerted (every moderator at once if it is urgent)."""
    urgent = category in URGENT_CATEGORIES
    with transaction():
        request = SupportRequest.create(member=member, category=category, urgent=urgent, text=text.strip(),
                                        language=language, contact=(contact or "").strip())
        alerts.raise_alert("support", "support_request", request.id, urgent=urgent)
    return request


def of_member(member):
    """A member's own requests, newest first."""
    return SupportRequest.select().where(SupportRequest.member == member.id).order_by(
        SupportRequest.created_at.desc(), SupportRequest.id.desc())


def helper_ids(request):
    return {row.staff_id for row in SupportHelper.select(SupportHelper.staff).where(SupportHelper.request == request.id)}


def is_helper(request, staff):
    return SupportHelper.select().where(SupportHelper.request == request.id, SupportHelper.staff == staff.id).exists()


def _lock(request):
    if not is_sqlite():
        # SQLite's BEGIN IMMEDIATE already holds the write lock; PostgreSQL locks the row
        SupportRequest.select(SupportRequest.id).where(SupportRequest.id == request.id).for_update().get()


def take(request, moderator):
    """A moderator takes an open request (or one nobody helps with any more); two at once never both win."""
    with transaction():
        _lock(request)
        nobody = ~fn.EXISTS(SupportHelper.select(SupportHelper.id).where(SupportHelper.request == request.id))
        changed = (SupportRequest.update(state="taken", taken_by=moderator, taken_at=utcnow())
                   .where(SupportRequest.id == request.id, SupportRequest.state != "closed",
                          (SupportRequest.state == "open") | nobody).execute())
        if not changed:
            raise WrongStep()
        SupportHelper.insert(request=request.id, staff=moderator.id).on_conflict_ignore().execute()
        alerts.handled("support_request", request.id, moderator)
        audit.record(moderator, "support.taken", target_type="support_request", target_id=request.id)
    return SupportRequest.get_by_id(request.id)


def add_helper(request, by, staff):
    """Someone who helps adds another member of staff to the request."""
    if request.is_closed:
        raise Closed()
    if not staff.has_role("moderator") or staff.banned_at:
        raise WrongStep()
    with transaction():
        if not is_helper(request, by):
            raise WrongStep()
        try:
            with transaction():
                SupportHelper.create(request=request.id, staff=staff.id)
        except IntegrityError:
            return False
        audit.record(by, "support.helper_added", member=staff, target_type="support_request", target_id=request.id)
        notify.send(staff.id, "support_added", target_type="support_staff", target_id=request.id)
    return True


def post_message(request, author, body, referral=None):
    """A message in the thread, by the member or by someone who helps; the other side is told."""
    with transaction():
        _lock(request)
        current = SupportRequest.get_by_id(request.id)
        if current.is_closed:
            raise Closed()
        from_staff = author.id != current.member_id
        if from_staff and not is_helper(current, author):
            raise WrongStep()
        message = SupportMessage.create(request=current.id, author=author.id, from_staff=from_staff,
                                        body=body.strip(), referral=referral if from_staff else None)
        if from_staff:
            notify.send(current.member_id, "support_reply", target_type="support", target_id=current.id)
        else:
            if current.state == "waiting":
                SupportRequest.update(state="taken").where(SupportRequest.id == current.id).execute()
            for staff_id in helper_ids(current):
                notify.send(staff_id, "support_message", target_type="support_staff", target_id=current.id)
    return message


def wait_for_member(request, moderator):
    """Someone who helps says the next step is the member's."""
    with transaction():
        if not is_helper(request, moderator):
            raise WrongStep()
        changed = (SupportRequest.update(state="waiting")
                   .where(SupportRequest.id == request.id, SupportRequest.state == "taken").execute())
        if not changed:
            raise WrongStep()
        audit.record(moderator, "support.waiting", target_type="support_request", target_id=request.id)


def close(request, by):
    """The member, or someone who helps, closes the request; it is purged SUPPORT_PURGE_DAYS later."""
    with transaction():
        by_member = by.id == request.member_id
        if not by_member and not is_helper(request, by):
            raise WrongStep()
        changed = (SupportRequest.update(state="closed", closed_at=utcnow())
                   .where(SupportRequest.id == request.id, SupportRequest.state != "closed").execute())
        if not changed:
            raise Closed()
        # a request closed before anyone took it waits for nobody any more
        alerts.handled("support_request", request.id, None if by_member else by)
        if not by_member:
            audit.record(by, "support.closed", target_type="support_request", target_id=request.id)
            notify.send(request.member_id, "support_reply", target_type="support", target_id=request.id)


def thread(request):
    """The messages of a request, oldest first, with authors and referrals (one query)."""
    Author = Member.alias()
    return list(SupportMessage.select(SupportMessage, Author, HelpEntry)
                .join_from(SupportMessage, Author, JOIN.LEFT_OUTER, on=(SupportMessage.author == Author.id),
                           attr="author_m")
                .join_from(SupportMessage, HelpEntry, JOIN.LEFT_OUTER, on=(SupportMessage.referral == HelpEntry.id),
                           attr="referral_entry")
                .where(SupportMessage.request == request.id)
                .order_by(SupportMessage.created_at, SupportMessage.id))


def referral_texts(messages, locale):
    """The help directory names of the referrals in a thread, in the reader's language (one query)."""
    return listing.texts_for([message.referral_entry for message in messages if message.referral_id], locale)


def desk(moderator, state=None):
    """Requests not closed (or of one state), urgent first, then oldest; each with its helpers' pseudonyms."""
    query = SupportRequest.select().order_by(SupportRequest.urgent.desc(), SupportRequest.created_at,
                                             SupportRequest.id)
    query = query.where(SupportRequest.state == state) if state else query.where(SupportRequest.state != "closed")
    rows = list(query.limit(200))
    helpers = {}
    if rows:
        for helper in (SupportHelper.select(SupportHelper, Member).join(Member, on=(SupportHelper.staff == Member.id))
                       .where(SupportHelper.request.in_([row.id for row in rows])).order_by(SupportHelper.id)):
            helpers.setdefault(helper.request_id, []).append(helper.staff)
    for row in rows:
        row.helper_list = helpers.get(row.id, [])
        row.mine = any(staff.id == moderator.id for staff in row.helper_list)
    return rows


def purge_closed():
    """Closed requests older than SUPPORT_PURGE_DAYS go, with their threads; returns how many."""
    cutoff = utcnow() - datetime.timedelta(days=current_app.config["SUPPORT_PURGE_DAYS"])
    with transaction():
        return SupportRequest.delete().where(SupportRequest.state == "closed",
                                             SupportRequest.closed_at < cutoff).execute()


def forget_member(member):
    """Account deletion: the member's requests go with their threads; staff's own messages stay nowhere else."""
    SupportRequest.delete().where(SupportRequest.member == member.id).execute()
