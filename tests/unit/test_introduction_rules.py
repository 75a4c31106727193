"""The introduction state machine, called directly: who may take which step from which state.

The web tests go through the pages; these pin the rules themselves, so that a new caller (a
command, a later feature) cannot get round them.
"""

import datetime

import pytest

from portal.db import utcnow
from portal.introductions import flow, reports, rules
from portal.introductions.models import Introduction, MessageReport
from portal.members.models import Block
from portal.notifications.models import Notification
from tests.conftest import make_member
from tests.helpers import ban, fresh, kinds_of, set_fields, suspend
from tests.introduction_fixtures import NOT_POSSIBLE, age, snapshot, state_of


def reason(requester, recipient):
    found = rules.refusal(fresh(requester), fresh(recipient))
    return None if found is None else str(found)


# refusals ------------------------------------------------------------------------------------------

def test_two_ordinary_members_may_ask(people):
    assert reason(people.requester, people.recipient) is None


@pytest.mark.parametrize("make_unreachable", [
    lambda p: set_fields(p.recipient, role="applicant"),
    lambda p: ban(p.recipient),
    lambda p: suspend(p.recipient),
    lambda p: set_fields(p.recipient, profile_hidden=True),
    lambda p: Block.create(blocker=p.recipient, blocked=p.requester),
    lambda p: Block.create(blocker=p.requester, blocked=p.recipient),
], ids=["applicant", "banned", "suspended", "hidden", "blocked by them", "blocked by me"])
def test_every_reason_on_the_other_side_reads_the_same(people, make_unreachable):
    # one sentence for all of them: a requester must not learn that they were blocked, or why
    make_unreachable(people)
    assert reason(people.requester, people.recipient) == NOT_POSSIBLE


def test_asking_oneself_is_refused_before_anything_else(people):
    suspend(people.requester)
    assert reason(people.requester, people.requester) == "You cannot ask for an introduction to yourself."


def test_a_suspended_requester_is_told_why(people):
    suspend(people.requester)
    assert "read-only" in reason(people.requester, people.recipient)


def test_an_expired_suspension_no_longer_counts(people):
    suspend(people.requester, days=-1)
    assert reason(people.requester, people.recipient) is None


def test_the_open_limit_counts_requested_and_approved_only(people, app):
    app.config["INTRODUCTIONS_MAX_OPEN"] = 2
    people.requested(recipient=people.third)
    flow.end(people.introduced(recipient=people.buddy), people.requester)
    assert reason(people.requester, people.recipient) is None
    people.approved(recipient=people.moderator)
    assert reason(people.requester, people.recipient) == \
        "You have 2 open requests. Wait for an answer, or withdraw one first."
    # the limit is on asking: the others can still ask the busy requester
    assert reason(people.recipient, people.requester) is None


def test_a_refused_request_raises_and_stores_nothing(people):
    Block.create(blocker=people.recipient, blocked=people.requester)
    before = snapshot()
    with pytest.raises(flow.Refused) as refused:
        people.requested()
    assert str(refused.value.message) == NOT_POSSIBLE
    assert snapshot() == before


def test_a_suspended_member_cannot_ask_for_a_buddy_either(people):
    member = suspend(people.requester)
    with pytest.raises(flow.Refused):
        people.buddy_request(requester=member)
    assert Introduction.select().count() == 0


# the state machine -----------------------------------------------------------------------------------

def reach(people, state):
    if state == "requested":
        return people.requested()
    if state == "approved":
        return people.approved()
    if state == "introduced":
        return people.introduced()
    if state == "ended":
        return flow.end(people.introduced(), people.recipient)
    if state == "declined":
        return flow.decline(people.approved(), people.recipient)
    if state == "withdrawn":
        return flow.withdraw(people.requested(), people.requester)
    introduction = people.requested()
    age(introduction, 31)
    flow.expire_stale()
    return fresh(introduction)


# step -> (states it starts from, who may take it, the state it leads to). Who is a moderator is
# decided by the web layer (policy "moderate_introductions", tested there): here anyone passed in
# as the moderator counts as one.
STEPS = {
    "approve": (("requested",), "anyone", "approved"),
    "decline by moderator": (("requested",), "anyone", "declined"),
    "accept": (("approved",), "recipient", "introduced"),
    "decline": (("approved",), "recipient", "declined"),
    # a "no" not yet told to the requester still looks open to them, so they may withdraw it
    "withdraw": (("requested", "approved", "declined"), "requester", "withdrawn"),
    "end": (("introduced",), "either", "ended"),
    "send message": (("introduced",), "either", "introduced"),
}
STATES = ["requested", "approved", "introduced", "ended", "declined", "withdrawn", "expired"]
ROLES = ["requester", "recipient", "third", "moderator"]


def take(step, introduction, member):
    introduction = fresh(introduction)
    member = fresh(member)
    return {
        "approve": lambda: flow.approve(introduction, member),
        "decline by moderator": lambda: flow.decline_by_moderator(introduction, member),
        "accept": lambda: flow.accept(introduction, member, {"signal": "x"}),
        "decline": lambda: flow.decline(introduction, member, block=True),
        "withdraw": lambda: flow.withdraw(introduction, member),
        "end": lambda: flow.end(introduction, member, block=True),
        "send message": lambda: flow.send_message(introduction, member, "Hello"),
    }[step]()


def may(step, state, role):
    starts, who, _result = STEPS[step]
    if state not in starts:
        return False
    if who == "anyone":
        return True
    return role in ("requester", "recipient") if who == "either" else role == who


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", list(STEPS))
def test_a_step_from_the_wrong_state_or_by_the_wrong_person_raises_and_changes_nothing(people, step, state):
    introduction = reach(people, state)
    for role in ROLES:
        if may(step, state, role):
            continue
        before = snapshot()
        with pytest.raises(flow.WrongStep):
            take(step, introduction, getattr(people, role))
        assert snapshot() == before, (step, role)


@pytest.mark.parametrize("step, state, role", [
    (step, state, role) for step in STEPS for state in STATES for role in ROLES if may(step, state, role)])
def test_an_allowed_step_leads_to_the_next_state(people, step, state, role):
    introduction = reach(people, state)
    take(step, introduction, getattr(people, role))
    assert state_of(introduction) == STEPS[step][2]


def test_moderator_steps_are_limited_to_requested_introductions_whoever_calls(people):
    introduction = people.approved()
    with pytest.raises(flow.WrongStep):
        flow.approve(introduction, people.moderator)
    with pytest.raises(flow.WrongStep):
        flow.decline_by_moderator(introduction, people.moderator)


def test_two_clicks_on_the_same_step_never_both_win(people):
    # two tabs hold the same approved introduction: the second click finds it already answered
    introduction = people.approved()
    first_tab, second_tab = fresh(introduction), fresh(introduction)
    flow.accept(first_tab, people.recipient, {"phone": "1"})
    with pytest.raises(flow.WrongStep):
        flow.decline(second_tab, people.recipient, block=True)
    done = fresh(introduction)
    assert (done.state, done.recipient_phone) == ("introduced", "1")
    assert Block.select().count() == 0
    assert kinds_of(people.requester) == ["intro_accepted"]


def test_a_withdrawal_racing_an_approval_leaves_one_outcome(people):
    introduction = people.requested()
    stale = fresh(introduction)
    flow.withdraw(introduction, people.requester)
    with pytest.raises(flow.WrongStep):
        flow.approve(stale, people.moderator)
    assert state_of(introduction) == "withdrawn"
    assert Notification.select().count() == 0


def test_accepting_stores_only_what_the_recipient_shares_trimmed(people):
    introduction = flow.accept(people.approved(shares={"signal": "amira.77"}), people.recipient,
                               {"phone": "  +31 6 1  ", "email": "", "whatsapp": None})
    assert introduction.shared_by("recipient") == {"phone": "+31 6 1"}
    assert introduction.shared_by("requester") == {"signal": "amira.77"}


@pytest.mark.parametrize("step", ["decline", "end"])
def test_blocking_someone_already_blocked_is_harmless(people, step):
    introduction = people.approved() if step == "decline" else people.introduced()
    Block.create(blocker=people.recipient, blocked=people.requester)
    take(step, introduction, people.recipient)
    assert Block.select().count() == 1
    assert state_of(introduction) == STEPS[step][2]


# buddies -----------------------------------------------------------------------------------------------

def test_approve_is_for_member_requests_and_match_for_buddy_requests(people):
    buddy_request = people.buddy_request()
    member_request = people.requested()
    with pytest.raises(flow.WrongStep):
        flow.approve(buddy_request, people.moderator)
    with pytest.raises(flow.WrongStep):
        flow.match_buddy(member_request, people.moderator, people.buddy)
    assert state_of(buddy_request) == state_of(member_request) == "requested"


@pytest.mark.parametrize("who", ["third", "requester"])
def test_only_a_buddy_other_than_the_requester_can_be_matched(people, who):
    request = people.buddy_request()
    with pytest.raises(flow.WrongStep):
        flow.match_buddy(request, people.moderator, getattr(people, who))
    assert state_of(request) == "requested"


def test_a_buddy_across_a_block_is_refused_saying_why_to_the_moderator(people):
    Block.create(blocker=people.requester, blocked=people.buddy)
    request = people.buddy_request()
    with pytest.raises(flow.Refused) as refused:
        flow.match_buddy(request, people.moderator, people.buddy)
    assert str(refused.value.message) == flow.BUDDY_BLOCKED
    assert state_of(request) == "requested"


def test_a_banned_buddy_cannot_be_matched(people):
    request = people.buddy_request()
    buddy = ban(people.buddy)
    with pytest.raises((flow.WrongStep, flow.Refused)):
        flow.match_buddy(request, people.moderator, buddy)
    assert state_of(request) == "requested"


@pytest.mark.parametrize("existing", ["requested", "approved", "introduced"])
def test_matching_a_buddy_keeps_one_open_introduction_per_pair(people, existing):
    # Amira already asked Bo directly; a buddy match to Bo would be a second open introduction
    # between the two (and would reach Bo even if he declines the first one with a block)
    {"requested": people.requested, "approved": people.approved, "introduced": people.introduced}[existing](
        recipient=people.buddy)
    request = people.buddy_request()
    with pytest.raises((flow.WrongStep, flow.Refused)):
        flow.match_buddy(request, people.moderator, people.buddy)
    assert state_of(request) == "requested"


def test_buddy_candidates_are_buddies_best_matches_first_with_their_load(people):
    sami = set_fields(make_member("sami", languages=["ar"], region=people.south), is_buddy=True)
    dirk = set_fields(make_member("dirk", languages=["nl"], region=people.north), is_buddy=True)
    ban(set_fields(make_member("gone", languages=["ar"], region=people.north), is_buddy=True))
    set_fields(make_member("wannabe", "applicant", languages=["ar"]), is_buddy=True)
    # bo is busy with one approved and one introduced: still first, for language and region
    people.approved(requester=people.third, recipient=people.buddy)
    people.introduced(requester=people.recipient, recipient=people.buddy)
    request = people.buddy_request(languages=("ar",), region=people.north)
    found = flow.buddy_candidates(request)
    assert [buddy.handle for buddy in found] == ["bo", "sami", "dirk"]
    assert [buddy.open_introductions for buddy in found] == [2, 0, 0]
    assert [buddy.handle for buddy in flow.buddy_candidates(request, language="nl")] == ["dirk"]
    assert [buddy.handle for buddy in flow.buddy_candidates(request, region_id=people.south.id)] == ["sami"]
    assert sami.id != dirk.id


def test_a_buddy_is_never_their_own_candidate(people):
    request = people.buddy_request(requester=people.buddy)
    assert flow.buddy_candidates(request) == []


def test_among_equal_buddies_the_least_busy_comes_first(people):
    other = set_fields(make_member("aaron", languages=["ar"], region=people.north), is_buddy=True)
    people.approved(requester=people.third, recipient=other)
    request = people.buddy_request(languages=("ar",), region=people.north)
    assert [buddy.handle for buddy in flow.buddy_candidates(request)] == ["bo", "aaron"]


# messages and reports -------------------------------------------------------------------------------------

def test_a_message_notifies_only_the_other_participant(people):
    introduction = people.introduced()
    flow.send_message(introduction, people.recipient, "Hi")
    assert kinds_of(people.requester) == ["intro_accepted", "intro_message"]
    assert kinds_of(people.recipient) == ["intro_received"]


def test_a_report_copies_one_message_and_nothing_else(people):
    introduction = people.introduced()
    flow.send_message(introduction, people.requester, "First, harmless")
    bad = flow.send_message(introduction, people.recipient, "The bad one")
    flow.send_message(introduction, people.requester, "Third, harmless")
    report = reports.report_message(bad, people.requester, "scary")
    assert (report.copied_text, report.note, report.author_id, report.reporter_id) == (
        "The bad one", "scary", people.recipient.id, people.requester.id)
    fields = [getattr(report, name) for name in report._meta.fields if isinstance(getattr(report, name), str)]
    assert not any("harmless" in value for value in fields)


@pytest.mark.parametrize("who", ["recipient", "third", "moderator"])
def test_only_the_other_participant_may_report(people, who):
    introduction = people.introduced()
    bad = flow.send_message(introduction, people.recipient, "The bad one")
    with pytest.raises(flow.WrongStep):
        reports.report_message(bad, getattr(people, who))
    assert MessageReport.select().count() == 0


# expiry -------------------------------------------------------------------------------------------------------

def test_expiry_changes_only_stale_open_requests_and_tells_each_requester_once(people):
    stale_requested = people.requested()
    stale_approved = people.approved(requester=people.third, recipient=people.buddy)
    young = people.requested(requester=people.moderator, recipient=people.requester)
    old_but_introduced = people.introduced(requester=people.recipient, recipient=people.third)
    for introduction in (stale_requested, stale_approved, old_but_introduced):
        age(introduction, 45)
    age(young, 10)
    assert flow.expire_stale() == 2
    assert [state_of(i) for i in (stale_requested, stale_approved, young, old_but_introduced)] == [
        "expired", "expired", "requested", "introduced"]
    # in the words of a "no": an expiry does not say who did not answer
    assert kinds_of(people.requester).count("intro_not_possible") == 1
    assert kinds_of(people.third).count("intro_not_possible") == 1
    assert flow.expire_stale() == 0
    assert Notification.select().where(Notification.kind == "intro_not_possible").count() == 2
    assert Notification.select().where(Notification.kind == "intro_expired").count() == 0


def test_an_expired_request_cannot_be_answered(people):
    introduction = people.approved()
    age(introduction, 31)
    flow.expire_stale()
    with pytest.raises(flow.WrongStep):
        flow.accept(fresh(introduction), people.recipient, {})


# the model -----------------------------------------------------------------------------------------------------

def test_the_model_knows_each_sides_role_and_the_other_person(people):
    introduction = people.requested()
    assert introduction.role_of(people.requester) == "requester"
    assert introduction.role_of(people.recipient) == "recipient"
    assert introduction.role_of(people.third) is None
    assert introduction.other(people.requester).id == people.recipient.id
    assert introduction.other(people.recipient).id == people.requester.id


def test_a_buddy_request_keeps_only_known_kinds_of_support(people):
    request = people.buddy_request(support=("talk", "nonsense", "practical"))
    assert fresh(request).support_kinds == ["talk", "practical"]


# the buddy picker offers only buddies who can be matched ---------------------------------------------

@pytest.mark.parametrize("block", ["requester blocked buddy", "buddy blocked requester"])
def test_a_buddy_across_a_block_is_not_offered_and_the_picker_says_one_is_left_out(people, block):
    blocker, blocked = ((people.requester, people.buddy) if block.startswith("requester")
                        else (people.buddy, people.requester))
    Block.create(blocker=blocker, blocked=blocked)
    request = people.buddy_request()
    assert flow.buddy_candidates(request) == []
    assert flow.buddies_left_out(request) == 1
    html = people.browser(people.moderator).get(f"/moderation/introductions/{request.id}/buddies").get_data(
        as_text=True)
    assert "1 buddy is left out" in html and "Ask bo" not in html


def test_a_read_only_buddy_is_not_offered_and_matching_one_says_why(people):
    buddy = set_fields(people.buddy, suspended_until=utcnow() + datetime.timedelta(days=3))
    request = people.buddy_request()
    assert flow.buddy_candidates(request) == []
    with pytest.raises(flow.Refused) as refused:
        flow.match_buddy(request, people.moderator, buddy)
    assert str(refused.value.message) == flow.BUDDY_READ_ONLY
    assert state_of(request) == "requested"


def test_a_buddy_already_introduced_to_the_requester_is_not_offered(people):
    people.introduced(recipient=people.buddy)
    request = people.buddy_request()
    assert flow.buddy_candidates(request) == []
    assert flow.buddies_left_out(request) == 1


def test_an_unmatched_buddy_request_does_not_hide_every_buddy(people):
    # the request itself has no recipient yet: NOT IN (NULL) must not leave nobody
    people.buddy_request()
    request = people.buddy_request()
    assert [buddy.handle for buddy in flow.buddy_candidates(request)] == ["bo"]
