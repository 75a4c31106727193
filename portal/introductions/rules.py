"""Who may ask whom for an introduction, and the neutral words for every "not now"."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import policy
from portal.introductions.models import OPEN_STATES, Introduction
from portal.members.models import Block

NOT_POSSIBLE = _l("This introduction is not possible right now.")
ALREADY_OPEN = _l("There is already an open introduction between the two of you.")


def open_requests(member):
    """The member's requests that are open as they see it (a "no" not yet told counts as open)."""
    return Introduction.select().where(Introduction.requester == member, Introduction.open_for_requester())


def refusal(requester, recipient):
    """Why requester cannot ask for an introduction to recipient (a translated message), or None."""
    if recipient.id == requester.id:
        return _l("You cannot ask for an introduction to yourself.")
    if not policy.can_write(requester):
        return _l("Your account is read-only for now, so you cannot ask for introductions.")
    # before any reason about the recipient: a request that looks open must answer the same whether
    # it was declined (and blocked) meanwhile or not, and so must a member at the limit
    if open_requests(requester).where(Introduction.recipient == recipient).exists():
        return ALREADY_OPEN
    if open_requests(requester).count() >= current_app.config["INTRODUCTIONS_MAX_OPEN"]:
        return _l("You have %(count)d open requests. Wait for an answer, or withdraw one first.",
                  count=current_app.config["INTRODUCTIONS_MAX_OPEN"])
    if (recipient.role == "applicant" or recipient.banned_at or recipient.is_suspended
            or recipient.profile_hidden or Block.between(requester, recipient)):
        # the same words for every reason: nobody learns that they were blocked
        return NOT_POSSIBLE
    if open_between(requester, recipient):
        # a request the other side made that no moderator has approved yet must stay invisible
        unseen = Introduction.select().where(Introduction.requester == recipient, Introduction.recipient == requester,
                                             Introduction.state == "requested").exists()
        return NOT_POSSIBLE if unseen else ALREADY_OPEN
    return None


def open_between(one, other):
    """Whether two members already have an introduction under way, asked by either of them
    (one's own request counts while it looks open to one)."""
    under_way = Introduction.state.in_(OPEN_STATES + ("introduced",))
    asked = (Introduction.requester == one) & (Introduction.recipient == other) & (
        under_way | Introduction.open_for_requester())
    asked_of = (Introduction.requester == other) & (Introduction.recipient == one) & under_way
    return Introduction.select().where(asked | asked_of).exists()
