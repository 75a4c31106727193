"""Which buddies a buddy request can be matched with, best matches first."""

from peewee import fn

from portal.db import utcnow
from portal.introductions.models import OPEN_STATES, Introduction
from portal.members.models import Block, Member


def _possible_buddies(introduction):
    """Buddies who could be matched at all: not the requester, not blocked either way, not banned or
    read-only, not already in an introduction with the requester."""
    requester = introduction.requester_id
    under_way = Introduction.state.in_(OPEN_STATES + ("introduced",))
    return Member.select().where(
        Member.is_buddy == True, Member.role != "applicant",  # noqa: E712
        Member.banned_at.is_null(), Member.id != requester,
        Member.suspended_until.is_null() | (Member.suspended_until <= utcnow()),
        Member.id.not_in(Block.select(Block.blocked).where(Block.blocker == requester)),
        Member.id.not_in(Block.select(Block.blocker).where(Block.blocked == requester)),
        # is_null(False): NOT IN a list holding NULL (an unmatched buddy request) would leave nobody
        Member.id.not_in(Introduction.select(Introduction.recipient).where(
            Introduction.requester == requester, under_way, Introduction.recipient.is_null(False))),
        Member.id.not_in(Introduction.select(Introduction.requester).where(
            Introduction.recipient == requester, under_way, Introduction.requester.is_null(False))))


def buddy_candidates(introduction, language="", region_id=None):
    """Buddies who could be matched, with their number of open introductions; best matches first."""
    load = dict(Introduction.select(Introduction.recipient, fn.COUNT(Introduction.id))
                .where(Introduction.state.in_(("approved", "introduced")), Introduction.recipient.is_null(False))
                .group_by(Introduction.recipient).tuples())
    query = _possible_buddies(introduction)
    if language:
        query = query.where(Member.languages.includes(language))
    if region_id:
        query = query.where(Member.region == region_id)
    wanted = set(introduction.buddy_languages)
    buddies = list(query)
    for buddy in buddies:
        buddy.open_introductions = load.get(buddy.id, 0)
        buddy.shared_languages = len(wanted & set(buddy.languages))
        buddy.same_region = introduction.buddy_region_id is not None and buddy.region_id == introduction.buddy_region_id
    return sorted(buddies, key=lambda b: (-b.shared_languages, not b.same_region, b.open_introductions, b.handle_key))


def buddies_left_out(introduction):
    """How many buddies cannot be matched with this requester at all (blocked, read-only, banned, already
    introduced): for the picker to explain an empty or short list."""
    every = Member.select().where(Member.is_buddy == True, Member.role != "applicant",  # noqa: E712
                                  Member.id != introduction.requester_id).count()
    return every - _possible_buddies(introduction).count()
