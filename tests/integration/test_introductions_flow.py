"""Introductions through the web: asking, refusals, moderators, answers, the end, reports, expiry, limits.

Every step is taken by the role it belongs to and tried by every other role, and each test checks
the database as well as the answer: a refused step stores nothing.
"""

import pytest

from portal.introductions import flow
from portal.introductions.models import ConversationMessage, Introduction, MessageReport
from portal.members.models import Block
from portal.notifications.models import Notification
from tests.conftest import make_member
from tests.helpers import audit, ban, fresh, kinds_of, main_of, notifications_of, page_of, path_of, set_fields, suspend
from tests.introduction_fixtures import ALREADY_OPEN, NOT_POSSIBLE, REQUEST_FORM, age, answer_due, snapshot, state_of

SHARES = {"phone": "+31 6 1234 5678", "signal": "amira.77", "whatsapp": "+31 6 8765 4321",
          "email": "amira@example.org"}


def only_introduction():
    introduction, = Introduction.select()
    return introduction


# asking -------------------------------------------------------------------------------------------

def test_the_request_form_asks_for_a_note_a_first_message_and_what_to_share(people):
    response = people.browser(people.requester).get("/introductions/new?to=bashir")
    page = page_of(response)
    assert response.status_code == 200
    assert "Ask to be introduced to bashir" in page
    for name in ("note", "first_message", "phone", "signal", "whatsapp", "email"):
        assert f'name="{name}"' in page


def test_asking_stores_a_request_for_the_moderators_with_what_the_requester_shares(people):
    response = people.ask(note="We met at the drop-in.", first_message="Hi Bashir!", **SHARES)
    introduction = only_introduction()
    assert response.status_code == 303
    assert path_of(response) == f"/introductions/{introduction.id}"
    assert (introduction.state, introduction.kind) == ("requested", "member")
    assert (introduction.requester_id, introduction.recipient_id) == (people.requester.id, people.recipient.id)
    assert introduction.note_for_moderators == "We met at the drop-in."
    assert introduction.first_message == "Hi Bashir!"
    assert introduction.shared_by("requester") == SHARES
    assert introduction.shared_by("recipient") == {}
    page = page_of(people.browser(people.requester).get(path_of(response)))
    assert "Your request is with the moderators." in page
    assert "Waiting for an answer" in page


def test_sharing_nothing_is_fine_and_blank_fields_are_stored_empty(people):
    people.ask(phone="   ", signal="", email="")
    assert only_introduction().shared_by("requester") == {}


def test_a_request_notifies_nobody_until_a_moderator_approves(people):
    people.ask()
    assert Notification.select().count() == 0


@pytest.mark.parametrize("missing, message", [
    ("note", "Tell the moderators a little about why."),
    ("first_message", "Write a short first message."),
])
def test_a_request_without_note_or_first_message_is_sent_back(people, missing, message):
    response = people.ask(**{missing: "   "})
    assert response.status_code == 422
    assert message in page_of(response)
    assert Introduction.select().count() == 0


def test_a_bad_email_in_what_to_share_is_sent_back_with_everything_typed_kept(people):
    response = people.ask(note="My note for you", first_message="My first words", phone="+31 6 11",
                          signal="amira.77", email="not-an-address")
    page = page_of(response)
    assert response.status_code == 422
    assert "This does not look like an e-mail address." in page
    assert "My note for you" in page and "My first words" in page
    assert 'value="+31 6 11"' in page and 'value="amira.77"' in page and 'value="not-an-address"' in page
    assert Introduction.select().count() == 0


# refusals: a clear message, nothing stored ----------------------------------------------------------

def refused(people, requester, recipient, message):
    """The form page already says why, a POST is refused with the same words, and nothing is stored."""
    before = snapshot()
    browser = people.browser(requester)
    form_page = page_of(browser.get(f"/introductions/new?to={recipient.handle}"))
    assert message in form_page
    # the form is not offered when asking cannot work
    assert 'name="first_message"' not in form_page
    response = people.ask(requester=requester, recipient=recipient)
    assert response.status_code == 422
    assert message in page_of(response)
    assert snapshot() == before


def test_nobody_can_ask_for_an_introduction_to_themself(people):
    refused(people, people.requester, people.requester, "You cannot ask for an introduction to yourself.")


def test_a_suspended_member_cannot_ask(people):
    suspend(people.requester)
    refused(people, people.requester, people.recipient,
            "Your account is read-only for now, so you cannot ask for introductions.")


def test_nobody_can_ask_a_suspended_member(people):
    suspend(people.recipient)
    refused(people, people.requester, people.recipient, NOT_POSSIBLE)


@pytest.mark.parametrize("blocker", ["recipient", "requester"])
def test_nobody_can_ask_across_a_block_and_the_words_do_not_say_who_blocked(people, blocker):
    one, other = (people.recipient, people.requester) if blocker == "recipient" else (people.requester,
                                                                                       people.recipient)
    Block.create(blocker=one, blocked=other)
    refused(people, people.requester, people.recipient, NOT_POSSIBLE)
    page = page_of(people.browser(people.requester).get("/introductions/new?to=bashir"))
    assert "block" not in main_of(page).lower()


def test_at_most_three_open_requests(people):
    for recipient in (people.third, people.buddy, people.moderator):
        assert people.ask(recipient=recipient).status_code == 303
    refused(people, people.requester, people.recipient,
            "You have 3 open requests. Wait for an answer, or withdraw one first.")


def test_the_open_request_limit_is_a_setting(people, app):
    app.config["INTRODUCTIONS_MAX_OPEN"] = 1
    people.requested(recipient=people.third)
    refused(people, people.requester, people.recipient,
            "You have 1 open requests. Wait for an answer, or withdraw one first.")


def test_approved_requests_count_as_open_but_finished_ones_do_not(people):
    people.approved(recipient=people.third)
    people.requested(recipient=people.buddy)
    flow.withdraw(people.requested(recipient=people.moderator), people.requester)
    finished = people.requested(recipient=make_member("dana"))
    flow.decline_by_moderator(finished, people.moderator)
    # a "no" counts as open until the requester is told, so the limit does not tell them either
    refused(people, people.requester, people.recipient,
            "You have 3 open requests. Wait for an answer, or withdraw one first.")
    answer_due(finished)
    # two open (approved, requested), two finished (withdrawn, declined and told): a third may be asked
    assert people.ask().status_code == 303


@pytest.mark.parametrize("direction, state", [("same", "requested"), ("same", "approved"), ("same", "introduced"),
                                              ("reverse", "approved"), ("reverse", "introduced")])
def test_one_open_introduction_per_pair_either_way(people, direction, state):
    {"requested": people.requested, "approved": people.approved, "introduced": people.introduced}[state]()
    requester, recipient = ((people.requester, people.recipient) if direction == "same"
                            else (people.recipient, people.requester))
    refused(people, requester, recipient, ALREADY_OPEN)


def test_a_request_still_with_the_moderators_is_not_revealed_to_the_person_asked(people):
    # Amira asked for Bashir; no moderator has read it yet, so Bashir must not learn of it (he gets
    # a 404 on the request itself). When he tries to ask Amira, he is refused, but with the
    # neutral words: "already an open introduction between the two of you" would tell him she asked.
    people.requested()
    refused(people, people.recipient, people.requester, NOT_POSSIBLE)
    page = page_of(people.browser(people.recipient).get("/introductions/new?to=amira"))
    assert ALREADY_OPEN not in page


@pytest.mark.parametrize("finish", ["withdrawn", "declined by moderator", "declined by recipient", "ended"])
def test_the_pair_may_ask_again_once_the_last_introduction_is_over(people, finish):
    if finish == "withdrawn":
        flow.withdraw(people.requested(), people.requester)
    elif finish == "declined by moderator":
        declined = flow.decline_by_moderator(people.requested(), people.moderator)
    elif finish == "declined by recipient":
        declined = flow.decline(people.approved(), people.recipient)
    else:
        flow.end(people.introduced(), people.requester)
    if finish.startswith("declined"):
        # a "no" looks open to the requester until the request would have expired, whoever said it
        refused(people, people.requester, people.recipient, ALREADY_OPEN)
        answer_due(declined)
    assert people.ask().status_code == 303


# the buddy request ----------------------------------------------------------------------------------

def buddy_form(people, **changes):
    data = {"languages": ["ar", "en"], "region": str(people.north.id), "support": ["practical", "talk"],
            "note": "I just arrived.", "signal": "amira.77"}
    data.update(changes)
    return data


def test_the_buddy_form_offers_languages_region_and_kinds_of_support(people):
    page = page_of(people.browser(people.requester).get("/introductions/buddy"))
    for value in ("practical", "social", "procedure", "talk"):
        assert f'value="{value}"' in page
    assert "Groningen" in page and "Limburg" in page and 'name="languages"' in page


def test_asking_for_a_buddy_stores_languages_region_and_support(people):
    response = people.browser(people.requester).submit("/introductions/buddy", buddy_form(people))
    introduction = only_introduction()
    assert response.status_code == 303
    assert path_of(response) == f"/introductions/{introduction.id}"
    assert (introduction.kind, introduction.state, introduction.recipient_id) == ("buddy", "requested", None)
    assert introduction.buddy_languages == ["ar", "en"]
    assert introduction.buddy_region_id == people.north.id
    assert introduction.support_kinds == ["practical", "talk"]
    assert introduction.shared_by("requester") == {"signal": "amira.77"}
    page = page_of(people.browser(people.requester).get(path_of(response)))
    assert "Your request for a buddy is with the moderators." in page


def test_a_buddy_request_for_any_region_stores_none(people):
    people.browser(people.requester).submit("/introductions/buddy", buddy_form(people, region="0"))
    assert only_introduction().buddy_region_id is None


@pytest.mark.parametrize("changes, message", [
    ({"languages": []}, "Choose at least one language."),
    ({"support": []}, "Choose at least one."),
    ({"email": "nope"}, "This does not look like an e-mail address."),
])
def test_an_incomplete_buddy_request_is_sent_back(people, changes, message):
    response = people.browser(people.requester).submit("/introductions/buddy", buddy_form(people, **changes))
    assert response.status_code == 422
    assert message in page_of(response)
    assert Introduction.select().count() == 0


def test_a_suspended_member_cannot_ask_for_a_buddy(people):
    suspend(people.requester)
    response = people.browser(people.requester).submit("/introductions/buddy", buddy_form(people))
    assert response.status_code == 422
    assert "Your account is read-only for now" in page_of(response)
    assert Introduction.select().count() == 0


def test_buddy_requests_count_toward_the_open_limit(people):
    for _ in range(3):
        people.buddy_request()
    response = people.browser(people.requester).submit("/introductions/buddy", buddy_form(people))
    assert response.status_code == 422
    assert "You have 3 open requests." in page_of(response)
    refused(people, people.requester, people.recipient, "You have 3 open requests.")


# visitors and applicants ------------------------------------------------------------------------------

MEMBER_PAGES = ["/introductions", "/introductions/new?to=bashir", "/introductions/buddy", "/introductions/{id}"]
MEMBER_POSTS = ["/introductions/new?to=bashir", "/introductions/buddy", "/introductions/{id}/accept",
                "/introductions/{id}/decline", "/introductions/{id}/withdraw", "/introductions/{id}/end",
                "/introductions/{id}/messages"]


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_visitors_are_sent_to_sign_in_from_introduction_pages(people, path):
    introduction = people.approved()
    response = people.browser(None).get(path.format(id=introduction.id))
    assert response.status_code == 302 and path_of(response) == "/login"


@pytest.mark.parametrize("path", MEMBER_POSTS)
def test_visitors_cannot_post_anything_about_introductions(people, path):
    introduction = people.introduced()
    before = snapshot()
    response = people.browser(None).submit(path.format(id=introduction.id), dict(REQUEST_FORM, body="hi"))
    assert response.status_code == 302 and path_of(response) == "/login"
    assert snapshot() == before


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_applicants_do_not_enter_introduction_pages(people, path):
    introduction = people.approved()
    response = people.browser(people.applicant).get(path.format(id=introduction.id))
    assert response.status_code in (403, 404)
    assert "bashir" not in main_of(page_of(response))


@pytest.mark.parametrize("path", MEMBER_POSTS)
def test_applicants_cannot_post_anything_about_introductions(people, path):
    introduction = people.introduced()
    before = snapshot()
    response = people.browser(people.applicant).submit(path.format(id=introduction.id), dict(REQUEST_FORM, body="hi"))
    assert response.status_code in (403, 404)
    assert snapshot() == before


# moderators decide ---------------------------------------------------------------------------------------

def test_a_moderator_approves_with_a_note_audited_and_the_recipient_is_told(people):
    introduction = people.requested()
    response = people.moderate(introduction, "approve", note="Both cook; fine.")
    assert response.status_code == 303 and path_of(response) == "/moderation/introductions"
    done = fresh(introduction)
    assert (done.state, done.decided_by_id, done.moderator_note) == ("approved", people.moderator.id,
                                                                    "Both cook; fine.")
    entry, = audit("introduction.approved")
    assert (entry.actor_id, entry.target_member_id, entry.target_type, entry.target_id, entry.note) == (
        people.moderator.id, people.requester.id, "introduction", introduction.id, "Both cook; fine.")
    told, = notifications_of(people.recipient)
    assert (told.kind, told.actor_id, told.target_type, told.target_id) == (
        "intro_received", people.requester.id, "introduction", introduction.id)
    assert notifications_of(people.requester) == []


def test_a_moderator_declines_with_a_note_audited_and_the_requester_is_told(people):
    introduction = people.requested()
    people.moderate(introduction, "decline", note="Bashir asked not to be contacted.")
    done = fresh(introduction)
    assert (done.state, done.declined_by, done.moderator_note) == ("declined", "moderator",
                                                                  "Bashir asked not to be contacted.")
    entry, = audit("introduction.declined")
    assert (entry.actor_id, entry.target_id, entry.note) == (people.moderator.id, introduction.id,
                                                             "Bashir asked not to be contacted.")
    # told only when the request reaches its end, as after the other member's "no"
    assert notifications_of(people.requester) == []
    answer_due(introduction)
    told, = notifications_of(people.requester)
    # no actor: the notification must not say who said no
    assert (told.kind, told.actor_id, told.target_id) == ("intro_not_possible", None, introduction.id)
    assert notifications_of(people.recipient) == []


@pytest.mark.parametrize("decision", ["approve", "decline"])
@pytest.mark.parametrize("role", ["member", "organiser"])
def test_members_and_organisers_cannot_decide_on_requests(people, decision, role):
    introduction = people.requested()
    member = make_member(f"someone-{role}", role)
    before = snapshot()
    response = people.browser(member).submit(f"/moderation/introductions/{introduction.id}/{decision}",
                                             {"note": ""})
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("who", ["requester", "recipient"])
def test_the_people_concerned_cannot_approve_their_own_request(people, who):
    introduction = people.requested()
    before = snapshot()
    response = people.browser(getattr(people, who)).submit(
        f"/moderation/introductions/{introduction.id}/approve", {"note": ""})
    assert response.status_code == 403
    assert snapshot() == before


def test_a_visitor_cannot_decide_on_requests(people):
    introduction = people.requested()
    response = people.browser(None).submit(f"/moderation/introductions/{introduction.id}/approve", {})
    assert response.status_code == 302 and path_of(response) == "/login"
    assert state_of(introduction) == "requested"


def test_a_decision_without_csrf_token_changes_nothing(people):
    introduction = people.requested()
    response = people.browser(people.moderator).post(f"/moderation/introductions/{introduction.id}/approve")
    assert response.status_code == 400
    assert state_of(introduction) == "requested"


def test_an_odd_decision_changes_nothing(people):
    introduction = people.requested()
    before = snapshot()
    response = people.moderate(introduction, "maybe")
    assert response.status_code in (400, 404)
    assert snapshot() == before


@pytest.mark.parametrize("state", ["approved", "declined", "withdrawn", "introduced"])
@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_a_request_that_is_no_longer_waiting_cannot_be_decided_again(people, state, decision):
    introduction = people.requested()
    if state == "approved":
        flow.approve(introduction, people.moderator)
    elif state == "declined":
        flow.decline_by_moderator(introduction, people.moderator)
    elif state == "withdrawn":
        flow.withdraw(introduction, people.requester)
    else:
        flow.accept(flow.approve(introduction, people.moderator), people.recipient, {})
    before = snapshot()
    assert people.moderate(introduction, decision).status_code == 404
    assert snapshot() == before


def test_a_buddy_request_is_matched_not_approved(people):
    request = people.buddy_request()
    before = snapshot()
    assert people.moderate(request, "approve").status_code == 404
    assert snapshot() == before


def test_a_moderator_may_decline_a_buddy_request(people):
    request = people.buddy_request()
    assert people.moderate(request, "decline").status_code == 303
    assert state_of(request) == "declined"
    assert kinds_of(people.requester) == []
    answer_due(request)
    assert kinds_of(people.requester) == ["intro_not_possible"]


# matching a buddy ------------------------------------------------------------------------------------

def match(people, request, buddy, note="Speaks Arabic, lives nearby."):
    return people.browser(people.moderator).submit(
        f"/moderation/introductions/{request.id}/match/{buddy.id}", {"note": note})


def test_matching_a_buddy_creates_an_approved_introduction_waiting_for_the_buddy(people):
    request = people.buddy_request()
    response = match(people, request, people.buddy)
    assert response.status_code == 303 and path_of(response) == "/moderation/introductions"
    done = fresh(request)
    assert (done.state, done.recipient_id, done.decided_by_id, done.moderator_note) == (
        "approved", people.buddy.id, people.moderator.id, "Speaks Arabic, lives nearby.")
    entry, = audit("introduction.buddy_matched")
    assert (entry.actor_id, entry.target_id) == (people.moderator.id, request.id)
    told, = notifications_of(people.buddy)
    assert (told.kind, told.actor_id, told.target_id) == ("buddy_match", people.requester.id, request.id)
    # the buddy now answers like any recipient
    assert people.browser(people.buddy).get(f"/introductions/{request.id}").status_code == 200
    response = people.browser(people.buddy).submit(f"/introductions/{request.id}/accept", {"signal": "bo.buddy"})
    assert response.status_code == 303
    assert state_of(request) == "introduced"
    assert kinds_of(people.requester) == ["intro_accepted"]


def test_a_hidden_buddy_can_still_be_matched(people):
    # hiding a profile keeps buddy matching open, by design
    set_fields(people.buddy, profile_hidden=True)
    request = people.buddy_request()
    assert match(people, request, people.buddy).status_code == 303
    assert state_of(request) == "approved"


@pytest.mark.parametrize("who", ["third", "requester"])
def test_matching_someone_who_is_not_a_buddy_is_404(people, who):
    request = people.buddy_request()
    before = snapshot()
    assert match(people, request, getattr(people, who)).status_code == 404
    assert snapshot() == before


def test_a_buddy_who_is_the_requester_cannot_be_their_own_buddy(people):
    request = people.buddy_request(requester=people.buddy)
    before = snapshot()
    assert match(people, request, people.buddy).status_code == 404
    assert snapshot() == before


def test_a_banned_buddy_cannot_be_matched(people):
    # the picker leaves banned buddies out; a stale page or a typed address must not get round that
    request = people.buddy_request()
    ban(people.buddy)
    before = snapshot()
    response = match(people, request, people.buddy)
    assert response.status_code in (303, 404)
    assert snapshot() == before
    assert state_of(request) == "requested"


def test_a_buddy_who_blocked_the_requester_is_refused_saying_why_to_the_moderator(people):
    Block.create(blocker=people.buddy, blocked=people.requester)
    request = people.buddy_request()
    before = snapshot()
    response = match(people, request, people.buddy)
    assert response.status_code == 303
    assert path_of(response) == f"/moderation/introductions/{request.id}/buddies"
    assert snapshot() == before
    # the moderator needs to know why; the members never read this
    page = page_of(people.browser(people.moderator).get(path_of(response)))
    assert "One of the two has blocked the other, so they cannot be matched." in page
    assert "1 buddy is left out" in page


def test_matching_a_member_request_or_a_matched_one_is_404(people):
    member_request = people.requested()
    buddy_request = people.buddy_request(requester=people.third)
    match(people, buddy_request, people.buddy)
    before = snapshot()
    assert match(people, member_request, people.buddy).status_code == 404
    assert match(people, buddy_request, people.buddy).status_code == 404
    assert match(people, buddy_request, people.buddy).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("who", ["requester", "buddy", "third"])
def test_members_cannot_match_buddies(people, who):
    request = people.buddy_request()
    before = snapshot()
    response = people.browser(getattr(people, who)).submit(
        f"/moderation/introductions/{request.id}/match/{people.buddy.id}", {"note": ""})
    assert response.status_code == 403
    assert snapshot() == before


# the recipient answers -------------------------------------------------------------------------------

def test_the_recipient_accepts_choosing_what_to_share_and_the_requester_is_told(people):
    introduction = people.approved()
    response = people.browser(people.recipient).submit(f"/introductions/{introduction.id}/accept",
                                                       {"signal": "bashir.cooks", "phone": ""})
    assert response.status_code == 303 and path_of(response) == f"/introductions/{introduction.id}"
    done = fresh(introduction)
    assert done.state == "introduced" and done.answered_at is not None
    assert done.shared_by("recipient") == {"signal": "bashir.cooks"}
    told, = notifications_of(people.requester)
    assert (told.kind, told.actor_id, told.target_id) == ("intro_accepted", people.recipient.id, introduction.id)


def test_a_bad_email_when_accepting_is_sent_back_with_what_was_typed(people):
    introduction = people.approved()
    response = people.browser(people.recipient).submit(f"/introductions/{introduction.id}/accept",
                                                       {"signal": "bashir.cooks", "email": "bashir-at-home"})
    page = page_of(response)
    assert response.status_code == 422
    assert "This does not look like an e-mail address." in page
    assert 'value="bashir.cooks"' in page and 'value="bashir-at-home"' in page
    assert state_of(introduction) == "approved"


def test_the_recipient_declines_and_the_requester_is_told_without_a_block(people):
    introduction = people.approved()
    response = people.browser(people.recipient).submit(f"/introductions/{introduction.id}/decline", {})
    assert response.status_code == 303
    done = fresh(introduction)
    assert (done.state, done.declined_by) == ("declined", "recipient")
    assert notifications_of(people.requester) == []
    answer_due(introduction)
    told, = notifications_of(people.requester)
    assert (told.kind, told.actor_id) == ("intro_not_possible", None)
    assert Block.select().count() == 0
    # without a block, the requester may try again later
    assert people.ask().status_code == 303


def test_declining_with_a_block_means_the_requester_can_never_ask_again(people):
    introduction = people.approved()
    people.browser(people.recipient).submit(f"/introductions/{introduction.id}/decline", {"block": "y"})
    block, = Block.select()
    assert (block.blocker_id, block.blocked_id) == (people.recipient.id, people.requester.id)
    # until told, the request looks open: the words are those of a moderator's "no" (see test_neutral_no.py)
    refused(people, people.requester, people.recipient, ALREADY_OPEN)
    answer_due(introduction)
    refused(people, people.requester, people.recipient, NOT_POSSIBLE)
    # nor can the one who blocked be reached through the other direction
    refused(people, people.recipient, people.requester, NOT_POSSIBLE)


def test_a_decline_without_csrf_token_changes_nothing(people):
    introduction = people.approved()
    response = people.browser(people.recipient).post(f"/introductions/{introduction.id}/decline")
    assert response.status_code == 400
    assert state_of(introduction) == "approved"


# ending and withdrawing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("ender, other", [("requester", "recipient"), ("recipient", "requester")])
def test_either_side_ends_the_conversation_and_the_other_is_told(people, ender, other):
    introduction = people.introduced()
    before = len(notifications_of(getattr(people, ender)))
    response = people.browser(getattr(people, ender)).submit(f"/introductions/{introduction.id}/end", {})
    assert response.status_code == 303
    done = fresh(introduction)
    assert (done.state, done.ended_by_id) == ("ended", getattr(people, ender).id)
    assert done.ended_at is not None
    assert kinds_of(getattr(people, other))[-1] == "intro_ended"
    assert len(notifications_of(getattr(people, ender))) == before
    assert Block.select().count() == 0


@pytest.mark.parametrize("who", ["requester", "recipient"])
def test_an_ended_conversation_is_read_only_for_both(people, who):
    introduction = people.introduced()
    flow.send_message(introduction, people.requester, "Before the end")
    flow.end(introduction, people.recipient)
    browser = people.browser(getattr(people, who))
    before = snapshot()
    assert browser.submit(f"/introductions/{introduction.id}/messages", {"body": "After the end"}).status_code == 404
    assert snapshot() == before
    page = page_of(browser.get(f"/introductions/{introduction.id}"))
    assert "This conversation has ended. It is read-only now." in page
    assert "Before the end" in page
    assert 'id="message-form"' not in page


@pytest.mark.parametrize("ender", ["requester", "recipient"])
def test_ending_with_a_block_stops_new_requests_both_ways(people, ender):
    introduction = people.introduced()
    member = getattr(people, ender)
    people.browser(member).submit(f"/introductions/{introduction.id}/end", {"block": "y"})
    block, = Block.select()
    assert block.blocker_id == member.id
    refused(people, people.requester, people.recipient, NOT_POSSIBLE)
    refused(people, people.recipient, people.requester, NOT_POSSIBLE)


@pytest.mark.parametrize("state", ["requested", "approved"])
def test_the_requester_withdraws_an_open_request(people, state):
    introduction = people.requested() if state == "requested" else people.approved()
    response = people.browser(people.requester).submit(f"/introductions/{introduction.id}/withdraw", {})
    assert response.status_code == 303
    done = fresh(introduction)
    assert (done.state, done.ended_by_id) == ("withdrawn", people.requester.id)
    assert "Your request is withdrawn." in page_of(people.browser(people.requester).get(path_of(response)))
    # the recipient no longer sees a request that is gone
    assert people.browser(people.recipient).get(f"/introductions/{introduction.id}").status_code == 404


def test_withdrawing_after_being_introduced_is_404(people):
    introduction = people.introduced()
    before = snapshot()
    response = people.browser(people.requester).submit(f"/introductions/{introduction.id}/withdraw", {})
    assert response.status_code == 404
    assert snapshot() == before


# every forbidden step is a 404 and changes nothing ----------------------------------------------------

ACTIONS = {
    "accept": ("/introductions/{id}/accept", {"signal": "x"}),
    "decline": ("/introductions/{id}/decline", {}),
    "withdraw": ("/introductions/{id}/withdraw", {}),
    "end": ("/introductions/{id}/end", {}),
    "message": ("/introductions/{id}/messages", {"body": "Hello there"}),
    "approve": ("/moderation/introductions/{id}/approve", {"note": ""}),
    "moderator decline": ("/moderation/introductions/{id}/decline", {"note": ""}),
}
# (state, action) -> who may: everything else must fail
ALLOWED = {
    ("requested", "withdraw"): {"requester"},
    ("requested", "approve"): {"moderator"},
    ("requested", "moderator decline"): {"moderator"},
    ("approved", "withdraw"): {"requester"},
    ("approved", "accept"): {"recipient"},
    ("approved", "decline"): {"recipient"},
    # a "no" not yet told looks open to the requester, who may still withdraw it
    ("declined by moderator", "withdraw"): {"requester"},
    ("declined by recipient", "withdraw"): {"requester"},
    ("introduced", "end"): {"requester", "recipient"},
    ("introduced", "message"): {"requester", "recipient"},
}
STATES = ["requested", "approved", "introduced", "ended", "declined by moderator", "declined by recipient",
          "withdrawn", "expired"]


def reach(people, state):
    if state == "requested":
        return people.requested()
    if state == "approved":
        return people.approved()
    if state == "introduced":
        return people.introduced()
    if state == "ended":
        return flow.end(people.introduced(), people.requester)
    if state == "declined by moderator":
        return flow.decline_by_moderator(people.requested(), people.moderator)
    if state == "declined by recipient":
        return flow.decline(people.approved(), people.recipient)
    if state == "withdrawn":
        return flow.withdraw(people.approved(), people.requester)
    introduction = people.approved()
    age(introduction, 31)
    flow.expire_stale()
    return fresh(introduction)


@pytest.mark.parametrize("state", STATES)
def test_every_step_not_allowed_in_a_state_is_refused_for_every_role_and_changes_nothing(people, state):
    introduction = reach(people, state)
    assert fresh(introduction).state == state.split()[0]
    wrong = []
    for action, (url, data) in ACTIONS.items():
        for role in ("requester", "recipient", "third", "moderator", "buddy"):
            if role in ALLOWED.get((state, action), set()):
                continue
            before = snapshot()
            response = people.browser(getattr(people, role)).submit(url.format(id=introduction.id), data)
            # moderators' routes are 403 for members; everything else that does not exist here is a 404
            expected = (403 if action in ("approve", "moderator decline") and role != "moderator" else 404)
            if response.status_code != expected or snapshot() != before:
                wrong.append((action, role, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("state, action, role", sorted((state, action, role) for (state, action), roles
                                                  in ALLOWED.items() for role in roles))
def test_every_allowed_step_works_once_and_never_twice(people, state, action, role):
    introduction = reach(people, state)
    url, data = ACTIONS[action]
    browser = people.browser(getattr(people, role))
    assert browser.submit(url.format(id=introduction.id), data).status_code == 303
    after = snapshot()
    if action != "message":
        # the same click again (a double click, a second tab) finds the step gone
        assert browser.submit(url.format(id=introduction.id), data).status_code == 404
        assert snapshot() == after


def test_the_recipient_sees_nothing_while_the_moderators_decide(people):
    introduction = people.requested()
    browser = people.browser(people.recipient)
    assert browser.get(f"/introductions/{introduction.id}").status_code == 404
    page = page_of(browser.get("/introductions"))
    assert f"/introductions/{introduction.id}" not in page and "amira" not in main_of(page)


def test_the_recipient_never_learns_of_a_request_the_moderators_declined(people):
    introduction = flow.decline_by_moderator(people.requested(), people.moderator)
    browser = people.browser(people.recipient)
    assert browser.get(f"/introductions/{introduction.id}").status_code == 404
    assert "amira" not in main_of(page_of(browser.get("/introductions")))
    assert notifications_of(people.recipient) == []


@pytest.mark.parametrize("state", ["requested", "approved", "introduced", "ended", "declined by recipient"])
@pytest.mark.parametrize("role", ["third", "moderator", "buddy"])
def test_someone_elses_introduction_is_404_in_every_state(people, state, role):
    introduction = reach(people, state)
    assert people.browser(getattr(people, role)).get(f"/introductions/{introduction.id}").status_code == 404


def test_an_unknown_introduction_is_404(people):
    assert people.browser(people.requester).get("/introductions/999").status_code == 404


# reported messages -----------------------------------------------------------------------------------------

def conversation(people):
    introduction = people.introduced()
    flow.send_message(introduction, people.requester, "Hello, nice to meet you")
    bad = flow.send_message(introduction, people.recipient, "Send me your address or else")
    flow.send_message(introduction, people.requester, "I would rather not")
    return introduction, bad


def report_url(introduction, message):
    return f"/introductions/{introduction.id}/messages/{message.id}/report"


def test_the_other_participant_reports_a_copy_of_one_message(people):
    introduction, bad = conversation(people)
    response = people.browser(people.requester).submit(report_url(introduction, bad), {"note": "A threat."})
    assert response.status_code == 303 and path_of(response) == f"/introductions/{introduction.id}"
    report, = MessageReport.select()
    assert (report.message_id, report.copied_text, report.author_id, report.reporter_id, report.note) == (
        bad.id, "Send me your address or else", people.recipient.id, people.requester.id, "A threat.")
    assert "A moderator will read this one message" in page_of(people.browser(people.requester).get(
        path_of(response)))


def test_a_reported_message_reaches_the_queue_and_nothing_else_of_the_conversation(people):
    introduction, bad = conversation(people)
    people.browser(people.requester).submit(report_url(introduction, bad), {"note": "A threat."})
    page = main_of(page_of(people.browser(people.moderator).get("/moderation/introductions")))
    assert "Send me your address or else" in page and "A threat." in page
    assert "Written by bashir, reported by amira" in page
    assert "Hello, nice to meet you" not in page and "I would rather not" not in page


def test_the_copy_outlives_the_message_itself(people):
    # conversations are purged after a while and accounts can be deleted: the report keeps its copy
    introduction, bad = conversation(people)
    people.browser(people.requester).submit(report_url(introduction, bad), {})
    ConversationMessage.delete().where(ConversationMessage.id == bad.id).execute()
    report = MessageReport.get()
    assert (report.message_id, report.copied_text) == (None, "Send me your address or else")
    assert "Send me your address or else" in page_of(people.browser(people.moderator).get("/moderation/introductions"))


@pytest.mark.parametrize("role", ["recipient", "third", "moderator", "buddy"])
def test_only_the_other_participant_can_report(people, role):
    # the author cannot report their own words; outsiders and moderators cannot reach the message at all
    introduction, bad = conversation(people)
    response = people.browser(getattr(people, role)).submit(report_url(introduction, bad), {"note": "x"})
    assert response.status_code == 404
    assert MessageReport.select().count() == 0


def test_a_message_cannot_be_reported_through_another_introduction(people):
    introduction, bad = conversation(people)
    mine = people.introduced(requester=people.third, recipient=people.requester)
    response = people.browser(people.requester).submit(report_url(mine, bad), {})
    assert response.status_code == 404
    assert MessageReport.select().count() == 0


def test_a_message_of_an_ended_conversation_can_still_be_reported(people):
    introduction, bad = conversation(people)
    flow.end(introduction, people.requester, block=True)
    assert people.browser(people.requester).submit(report_url(introduction, bad), {}).status_code == 303
    assert MessageReport.select().count() == 1


def test_resolving_a_report_is_audited_and_empties_the_queue(people):
    introduction, bad = conversation(people)
    people.browser(people.requester).submit(report_url(introduction, bad), {})
    report = MessageReport.get()
    response = people.browser(people.moderator).submit(f"/moderation/reports/{report.id}/resolve", {})
    assert response.status_code == 303
    done = fresh(report)
    assert done.resolved_at is not None and done.resolved_by_id == people.moderator.id
    entry, = audit("message_report.resolved")
    assert (entry.actor_id, entry.target_member_id, entry.target_type, entry.target_id) == (
        people.moderator.id, people.recipient.id, "message_report", report.id)
    assert "No reported messages." in page_of(people.browser(people.moderator).get("/moderation/introductions"))
    # resolving twice finds nothing to resolve
    assert people.browser(people.moderator).submit(f"/moderation/reports/{report.id}/resolve", {}).status_code == 404


@pytest.mark.parametrize("role", ["requester", "recipient", "third"])
def test_members_cannot_resolve_reports(people, role):
    introduction, bad = conversation(people)
    people.browser(people.requester).submit(report_url(introduction, bad), {})
    report = MessageReport.get()
    response = people.browser(getattr(people, role)).submit(f"/moderation/reports/{report.id}/resolve", {})
    assert response.status_code == 403
    assert fresh(report).resolved_at is None and audit("message_report.resolved") == []


# expiry ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("opener, path", [("requester", "/introductions"), ("third", "/introductions"),
                                          ("moderator", "/moderation/introductions")])
@pytest.mark.parametrize("state", ["requested", "approved"])
def test_an_open_request_older_than_30_days_expires_when_a_list_is_opened(people, opener, path, state):
    introduction = people.requested() if state == "requested" else people.approved()
    age(introduction, 31)
    assert state_of(introduction) == state
    assert people.browser(getattr(people, opener)).get(path).status_code == 200
    assert state_of(introduction) == "expired"
    # the same words as a "no": an expiry does not tell whether the moderators or the other member were slow
    told = notifications_of(people.requester, "intro_not_possible")
    assert [(n.target_type, n.target_id) for n in told] == [("introduction", introduction.id)]
    # opening again does not tell twice
    people.browser(getattr(people, opener)).get(path)
    assert len(notifications_of(people.requester)) == 1


def test_a_request_younger_than_30_days_stays_open(people):
    introduction = people.requested()
    age(introduction, 29)
    people.browser(people.requester).get("/introductions")
    assert state_of(introduction) == "requested"
    assert notifications_of(people.requester) == []


@pytest.mark.parametrize("state", ["introduced", "ended", "declined by moderator", "withdrawn"])
def test_only_open_requests_expire(people, state):
    introduction = reach(people, state)
    age(introduction, 90)
    people.browser(people.requester).get("/introductions")
    assert state_of(introduction) == state.split()[0]
    assert notifications_of(people.requester, "intro_expired") == []
    # a declined one stays declined; its requester is told now, once (test_neutral_no.py)
    told = notifications_of(people.requester, "intro_not_possible")
    assert len(told) == (1 if state.startswith("declined") else 0)


def test_the_expiry_age_is_a_setting(people, app):
    app.config["INTRODUCTIONS_EXPIRE_DAYS"] = 7
    introduction = people.requested()
    age(introduction, 8)
    people.browser(people.requester).get("/introductions")
    assert state_of(introduction) == "expired"


def test_an_expired_request_no_longer_counts_toward_the_limit_nor_blocks_the_pair(people):
    stale = people.requested()
    people.requested(recipient=people.third)
    people.requested(recipient=people.buddy)
    age(stale, 31)
    browser = people.browser(people.requester)
    page = page_of(browser.get("/introductions"))
    assert NOT_POSSIBLE in page
    # the expired one was to Bashir: asking him again is allowed, and is the third open request
    assert people.ask().status_code == 303
    assert Introduction.select().where(Introduction.state == "requested").count() == 3


def test_an_expired_request_leaves_the_moderators_queue(people):
    introduction = people.requested()
    age(introduction, 31)
    page = page_of(people.browser(people.moderator).get("/moderation/introductions"))
    assert "No requests are waiting." in page
    assert people.moderate(introduction, "approve").status_code == 404


# notifications: every change tells the right person -------------------------------------------------

def test_a_whole_introduction_notifies_each_person_of_what_concerns_them(people):
    requester, recipient = people.browser(people.requester), people.browser(people.recipient)
    people.ask()
    introduction = only_introduction()
    people.moderate(introduction, "approve")
    recipient.submit(f"/introductions/{introduction.id}/accept", {})
    requester.submit(f"/introductions/{introduction.id}/messages", {"body": "Hello!"})
    recipient.submit(f"/introductions/{introduction.id}/messages", {"body": "Hi!"})
    recipient.submit(f"/introductions/{introduction.id}/end", {})
    assert kinds_of(people.recipient) == ["intro_received", "intro_message"]
    assert kinds_of(people.requester) == ["intro_accepted", "intro_message", "intro_ended"]
    assert notifications_of(people.moderator) == notifications_of(people.third) == []
    assert {(n.target_type, n.target_id) for n in Notification.select()} == {("introduction", introduction.id)}


def test_a_matched_buddy_request_notifies_buddy_then_requester(people):
    request = people.buddy_request()
    match(people, request, people.buddy)
    people.browser(people.buddy).submit(f"/introductions/{request.id}/decline", {})
    assert kinds_of(people.buddy) == ["buddy_match"]
    assert kinds_of(people.requester) == []
    answer_due(request)
    assert kinds_of(people.requester) == ["intro_not_possible"]


def test_approving_an_application_notifies_the_new_member(people):
    from portal.auth.models import Application

    application = Application.get(Application.member == people.applicant.id)
    response = people.browser(people.moderator).submit(f"/moderation/applications/{application.id}",
                                                       {"decision": "approve"})
    assert response.status_code in (200, 303)
    told, = notifications_of(people.applicant)
    assert told.kind == "application_approved"
    assert "Welcome! Your application was approved" in page_of(people.browser(people.applicant).get("/notifications"))


@pytest.mark.parametrize("member, kind", [
    ("recipient", "intro_received"),
    ("requester", "intro_accepted"),
    ("recipient", "intro_message"),
    ("requester", "intro_ended"),
])
def test_an_introduction_notification_links_to_the_introduction(people, member, kind):
    introduction = people.introduced()
    flow.send_message(introduction, people.requester, "Hi")
    flow.end(introduction, people.recipient)
    browser = people.browser(getattr(people, member))
    notification, = notifications_of(getattr(people, member), kind)
    page = page_of(browser.get("/notifications"))
    assert f'href="/notifications/{notification.id}"' in page
    response = browser.get(f"/notifications/{notification.id}")
    assert response.status_code == 303 and path_of(response) == f"/introductions/{introduction.id}"
    assert fresh(notification).read_at is not None
    assert browser.get(path_of(response)).status_code == 200


@pytest.mark.parametrize("path", ["declined", "expired"])
def test_a_refusal_or_expiry_notification_leads_the_requester_to_the_neutral_page(people, path):
    introduction = people.requested()
    if path == "declined":
        flow.decline_by_moderator(introduction, people.moderator)
    answer_due(introduction)
    notification, = notifications_of(people.requester, "intro_not_possible")
    browser = people.browser(people.requester)
    response = browser.get(f"/notifications/{notification.id}")
    assert path_of(response) == f"/introductions/{introduction.id}"
    assert browser.get(path_of(response)).status_code == 200


def test_nobody_opens_someone_elses_notification(people):
    people.approved()
    notification, = notifications_of(people.recipient)
    assert people.browser(people.third).get(f"/notifications/{notification.id}").status_code == 404
    assert fresh(notification).read_at is None


# rate limits ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/introductions/new?to=bashir", "/introductions/buddy"])
def test_the_eleventh_request_in_an_hour_is_refused_with_the_translated_429_page(people, path):
    member = set_fields(people.requester, locale="nl")
    browser = people.browser(member)
    # invalid forms still count: the limit is on attempts, and nothing is stored meanwhile
    for _ in range(10):
        assert browser.submit(path, {"note": ""}).status_code == 422
    response = browser.submit(path, dict(REQUEST_FORM))
    assert response.status_code == 429
    page = page_of(response)
    assert "Wacht even" in page and '<html lang="nl"' in page
    assert Introduction.select().count() == 0
    # the limit is per member: another member can still ask
    assert people.ask(requester=people.third).status_code == 303


def test_reading_is_not_rate_limited(people):
    browser = people.browser(people.requester)
    for _ in range(12):
        assert browser.get("/introductions/new?to=bashir").status_code == 200


def test_a_lively_conversation_stays_under_the_message_limit(people):
    # 60 an hour: a lively conversation of 20 messages each is nowhere near it
    introduction = people.introduced()
    for n in range(20):
        for who in (people.requester, people.recipient):
            response = people.browser(who).submit(f"/introductions/{introduction.id}/messages", {"body": f"m{n}"})
            assert response.status_code == 303
    assert ConversationMessage.select().count() == 40


def test_the_list_stays_quiet_about_other_peoples_requests(people):
    other = people.requested(requester=people.third, recipient=people.buddy)
    page = main_of(page_of(people.browser(people.requester).get("/introductions")))
    assert "carla" not in page and f"/introductions/{other.id}" not in page
    assert "No introductions yet." in page
