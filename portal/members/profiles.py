"""Member profiles: who can be found, and by whom."""

from flask import abort
from peewee import JOIN

from portal import policy
from portal.members import handles
from portal.members.models import Member, Region


def findable():
    """Members others may look up: approved, with a pseudonym, not banned, listed by their own choice."""
    return (Member.select(Member, Region).join(Region, JOIN.LEFT_OUTER)
            .where(Member.role != "applicant", Member.handle_chosen == True,  # noqa: E712
                   Member.banned_at.is_null(), Member.profile_hidden == False))  # noqa: E712


def visible_profile(viewer, handle):
    """The profile viewer may open, else a 404; staff and the member themself also see hidden ones."""
    key = handles.handle_key(handle)
    query = Member.select(Member, Region).join(Region, JOIN.LEFT_OUTER).where(Member.handle_key == key)
    if not policy.is_moderator(viewer) and key != getattr(viewer, "handle_key", None):
        query = findable().where(Member.handle_key == key)
    member = query.first() if policy.is_member(viewer) else None
    if member is None:
        abort(404)
    return member


def directory(language="", region_id=None):
    query = findable().order_by(Member.handle_key)
    if language:
        query = query.where(Member.languages.includes(language))
    if region_id:
        query = query.where(Member.region == region_id)
    return query
