"""Signing up, the waiting list, and who may see whom."""

from peewee import fn

from portal import policy
from portal.calendar.models import Meetup, Rsvp
from portal.db import is_sqlite, transaction
from portal.members.models import Member
from portal.notifications import notify


def _lock(meetup):
    """Serialise sign-ups for one meet-up, so two people never take the same last place."""
    if not is_sqlite():
        # SQLite's BEGIN IMMEDIATE already holds the write lock; PostgreSQL locks the row
        Meetup.select(Meetup.id).where(Meetup.id == meetup.id).for_update().get()


def going_count(meetup):
    return Rsvp.select().where(Rsvp.meetup == meetup, Rsvp.state == "going").count()


def sign_up(meetup, member):
    """Going if there is a place, else on the waiting list; returns the state."""
    with transaction():
        _lock(meetup)
        existing = Rsvp.get_or_none(Rsvp.meetup == meetup, Rsvp.member == member)
        if existing is not None:
            return existing.state
        full = meetup.capacity is not None and going_count(meetup) >= meetup.capacity
        state = "waiting" if full else "going"
        Rsvp.create(meetup=meetup, member=member, state=state)
    return state


def withdraw(meetup, member):
    """Cancel a sign-up; the first on the waiting list moves up and is told. Returns who moved up."""
    with transaction():
        _lock(meetup)
        rsvp = Rsvp.get_or_none(Rsvp.meetup == meetup, Rsvp.member == member)
        if rsvp is None:
            return None
        rsvp.delete_instance()
        if rsvp.state != "going" or meetup.cancelled_at or meetup.is_past:
            # a place freed at a meet-up that will not happen is no news for anyone
            return None
        return promote_waiting(meetup)


def promote_waiting(meetup):
    """Fill free places from the waiting list, first come first served; returns the last promoted."""
    promoted = None
    while meetup.capacity is None or going_count(meetup) < meetup.capacity:
        first = (Rsvp.select().where(Rsvp.meetup == meetup, Rsvp.state == "waiting")
                 .order_by(Rsvp.created_at, Rsvp.id).first())
        if first is None:
            break
        first.state = "going"
        first.save()
        notify.send(first.member_id, "rsvp_promoted", target_type="meetup", target_id=meetup.id)
        promoted = first.member_id
    return promoted


def remove_attendee(meetup, member, by):
    """The organiser takes someone off the list (they are told); the waiting list moves up."""
    with transaction():
        _lock(meetup)
        if not Rsvp.select().where(Rsvp.meetup == meetup, Rsvp.member == member).exists():
            return None
        promoted = withdraw(meetup, member)
        notify.send(member.id, "rsvp_removed", actor=by.id, target_type="meetup", target_id=meetup.id)
    return promoted


def counts(meetup_ids):
    """{meetup id: {"going": n, "waiting": n}} for many meet-ups in one query."""
    result = {meetup_id: {"going": 0, "waiting": 0} for meetup_id in meetup_ids}
    if meetup_ids:
        rows = (Rsvp.select(Rsvp.meetup, Rsvp.state, fn.COUNT(Rsvp.id).alias("n"))
                .where(Rsvp.meetup.in_(meetup_ids)).group_by(Rsvp.meetup, Rsvp.state).dicts())
        for row in rows:
            result[row["meetup"]][row["state"]] = row["n"]
    return result


def states_of(member, meetup_ids):
    """{meetup id: "going" | "waiting"} for one member, in one query."""
    if not getattr(member, "is_authenticated", False) or not meetup_ids:
        return {}
    return {rsvp.meetup_id: rsvp.state for rsvp in
            Rsvp.select(Rsvp.meetup, Rsvp.state).where(Rsvp.member == member.id, Rsvp.meetup.in_(meetup_ids))}


def attendees_for(viewer, meetup):
    """Who a viewer may see on the lists: (going, waiting) of Members.

    The organiser and staff see everyone; an attendee sees the attendees who chose to be visible;
    everyone else sees nobody (only the counts).
    """
    manager = policy.can(viewer, "manage_meetup", meetup)
    if not manager and getattr(meetup, "viewer_rsvp", None) != "going":
        return [], []
    rows = (Rsvp.select(Rsvp, Member).join(Member)
            .where(Rsvp.meetup == meetup).order_by(Rsvp.created_at, Rsvp.id))
    if not manager:
        rows = rows.where((Member.visible_to_attendees == True) | (Member.id == viewer.id))  # noqa: E712
    rows = list(rows)
    going = [rsvp.member for rsvp in rows if rsvp.state == "going"]
    waiting = [rsvp.member for rsvp in rows if rsvp.state == "waiting"] if manager else []
    return going, waiting
