"""What each person sees of an introduction: the moderators' queue, the buddy picker, both sides'
pages in every state, the conversation (plain and htmx, paginated), notifications, and the demo."""

import datetime
import re

import pytest

from portal.db import transaction, utcnow
from portal.introductions import flow
from portal.introductions.models import ConversationMessage, Introduction
from portal.members.models import Member
from tests.conftest import make_member
from tests.helpers import HTMX, ban, fresh, main_of, page_of, path_of, set_fields
from tests.introduction_fixtures import NOT_POSSIBLE, age, answer_due

REQUESTER_SHARES = {"signal": "amira.77", "email": "amira@example.org"}
RECIPIENT_SHARES = {"phone": "+31 6 5555 0000"}


def shared_section(html):
    """{label: value} of "What <other> shares with you"."""
    match = re.search(r'<dl class="facts" dir="ltr">(.*?)</dl>', html, re.S)
    if not match:
        return {}
    return dict(re.findall(r"<dt>(.*?)</dt><dd><bdi>(.*?)</bdi></dd>", match.group(1)))


def message_bodies(html):
    return re.findall(r'<p class="message-body" dir="auto">(.*?)</p>', html, re.S)


def pager_links(html):
    return re.findall(r'<a rel="(?:prev|next)" href="([^"]+)"', html)


# the moderators' queue ----------------------------------------------------------------------------

def test_moderators_see_note_first_message_and_both_members(people):
    people.requested(first_message="Would you like to cook on Friday?", shares=REQUESTER_SHARES)
    Introduction.update(note_for_moderators="We met at the drop-in.").execute()
    page = main_of(page_of(people.browser(people.moderator).get("/moderation/introductions")))
    assert "amira asks to meet bashir" in page
    assert "We met at the drop-in." in page
    assert "Would you like to cook on Friday?" in page
    # both members' languages
    requester_row = re.search(r"<dt><bdi>amira</bdi></dt><dd>(.*?)</dd>", page).group(1)
    recipient_row = re.search(r"<dt><bdi>bashir</bdi></dt><dd>(.*?)</dd>", page).group(1)
    assert "Arabic" in requester_row and "English" in requester_row
    assert "Arabic" in recipient_row and "Dutch" in recipient_row


def test_moderators_see_both_members_regions(people):
    # the issue: moderators "see the note, the first message and both members' pseudonyms, languages and regions"
    people.requested()
    page = main_of(page_of(people.browser(people.moderator).get("/moderation/introductions")))
    assert "Groningen" in page and "Limburg" in page


def test_moderators_never_see_what_a_requester_will_share(people):
    # shared contact details are for the other member once introduced, not for the moderators
    people.requested(shares=REQUESTER_SHARES)
    page = page_of(people.browser(people.moderator).get("/moderation/introductions"))
    for value in REQUESTER_SHARES.values():
        assert value not in page


def test_the_queue_lists_only_requests_waiting_for_a_moderator_oldest_first(people):
    first = people.requested(recipient=people.third)
    second = people.requested(requester=people.recipient, recipient=people.buddy)
    people.approved(requester=people.buddy, recipient=people.moderator)
    page = main_of(page_of(people.browser(people.moderator).get("/moderation/introductions")))
    headings = re.findall(r'<h2 id="intro-(\d+)">', page)
    assert headings == [str(first.id), str(second.id)]


def test_a_buddy_request_in_the_queue_shows_wishes_and_a_link_to_the_picker(people):
    request = people.buddy_request(languages=("ar", "fa"), support=("procedure", "social"))
    page = main_of(page_of(people.browser(people.moderator).get("/moderation/introductions")))
    assert "amira asks for a buddy" in page
    assert "Farsi" in page and "The asylum procedure" in page and "Social contact" in page
    assert "I would like a buddy." in page
    assert f'href="/moderation/introductions/{request.id}/buddies"' in page


def test_an_empty_queue_says_so(people):
    page = page_of(people.browser(people.moderator).get("/moderation/introductions"))
    assert "No requests are waiting." in page and "No reported messages." in page


@pytest.mark.parametrize("role", ["requester", "recipient", "third", "buddy"])
def test_members_get_403_on_the_moderators_pages(people, role):
    request = people.buddy_request(requester=people.third)
    browser = people.browser(getattr(people, role))
    assert browser.get("/moderation/introductions").status_code == 403
    assert browser.get(f"/moderation/introductions/{request.id}/buddies").status_code == 403


@pytest.mark.parametrize("member", [None, "applicant"])
def test_visitors_and_applicants_do_not_reach_the_moderators_pages(people, member):
    response = people.browser(getattr(people, member) if member else None).get("/moderation/introductions")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert path_of(response) == "/login"


# the buddy picker -----------------------------------------------------------------------------------

def picker_handles(html):
    return re.findall(r"<li><bdi>(.*?)</bdi>", html)


@pytest.fixture
def buddies(people):
    """Three more buddies: one in Limburg speaking Arabic, one speaking only Dutch, one banned;
    and a member who is not a buddy."""
    south_ar = set_fields(make_member("sami", languages=["ar"], region=people.south), is_buddy=True)
    dutch = set_fields(make_member("dirk", languages=["nl"], region=people.north), is_buddy=True)
    banned = ban(set_fields(make_member("gone", languages=["ar"], region=people.north), is_buddy=True))
    return {"south_ar": south_ar, "dutch": dutch, "banned": banned}


def test_the_picker_lists_buddies_only_best_matches_first(people, buddies):
    request = people.buddy_request(languages=("ar",), region=people.north)
    page = page_of(people.browser(people.moderator).get(f"/moderation/introductions/{request.id}/buddies"))
    # bo speaks Arabic in the wished region, sami speaks Arabic elsewhere, dirk no Arabic; never
    # a banned buddy, never a member who is not a buddy
    assert picker_handles(page) == ["bo", "sami", "dirk"]
    assert "Choose a buddy for amira" in page


def test_the_picker_shows_how_many_open_introductions_each_buddy_has(people, buddies):
    people.approved(requester=people.third, recipient=people.buddy)
    people.introduced(requester=people.recipient, recipient=people.buddy)
    # finished ones do not count
    flow.end(people.introduced(requester=people.moderator, recipient=people.buddy), people.moderator)
    request = people.buddy_request()
    page = page_of(people.browser(people.moderator).get(f"/moderation/introductions/{request.id}/buddies"))
    row = re.search(r"<li><bdi>bo</bdi>.*?</li>", page, re.S).group(0)
    assert "2 open introductions" in row
    sami = re.search(r"<li><bdi>sami</bdi>.*?</li>", page, re.S).group(0)
    assert "0 open introductions" in sami


@pytest.mark.parametrize("query, expected", [
    ("language=ar", ["bo", "sami"]),
    ("language=nl", ["dirk"]),
    ("language=ti", []),
    ("region={north}", ["bo", "dirk"]),
    ("region={south}", ["sami"]),
    ("language=ar&region={south}", ["sami"]),
])
def test_the_picker_filters_by_language_and_region(people, buddies, query, expected):
    request = people.buddy_request()
    url = f"/moderation/introductions/{request.id}/buddies?" + query.format(north=people.north.id,
                                                                            south=people.south.id)
    page = page_of(people.browser(people.moderator).get(url))
    assert picker_handles(page) == expected
    if not expected:
        assert "No buddy matches these filters." in page


def test_an_htmx_filter_in_the_picker_answers_with_the_rows_only(people, buddies):
    request = people.buddy_request()
    html = page_of(people.browser(people.moderator).get(
        f"/moderation/introductions/{request.id}/buddies?language=nl", headers=HTMX))
    assert "<html" not in html and "<main" not in html
    assert picker_handles(html) == ["dirk"]


def test_the_picker_shows_the_wished_region(people):
    # the requester chose a region; the moderator choosing a buddy needs to see it
    request = people.buddy_request(region=people.south)
    page = main_of(page_of(people.browser(people.moderator).get(f"/moderation/introductions/{request.id}/buddies")))
    assert "Limburg" in page.split('<form method="get"')[0]


def test_each_buddy_row_has_a_button_that_matches(people):
    request = people.buddy_request()
    page = page_of(people.browser(people.moderator).get(f"/moderation/introductions/{request.id}/buddies"))
    assert f'action="/moderation/introductions/{request.id}/match/{people.buddy.id}"' in page


@pytest.mark.parametrize("state", ["member request", "matched", "declined"])
def test_the_picker_is_only_for_waiting_buddy_requests(people, state):
    if state == "member request":
        introduction = people.requested()
    else:
        introduction = people.buddy_request()
        if state == "matched":
            flow.match_buddy(introduction, people.moderator, people.buddy)
        else:
            flow.decline_by_moderator(introduction, people.moderator)
    response = people.browser(people.moderator).get(f"/moderation/introductions/{introduction.id}/buddies")
    assert response.status_code == 404


# the requester's pages -------------------------------------------------------------------------------

def test_the_requester_sees_their_waiting_request_and_can_withdraw_it(people):
    introduction = people.requested(first_message="Hello, shall we cook together?")
    page = main_of(page_of(people.browser(people.requester).get(f"/introductions/{introduction.id}")))
    assert "You and bashir" in page and "Waiting for an answer" in page
    assert "Hello, shall we cook together?" in page
    assert f'action="/introductions/{introduction.id}/withdraw"' in page
    # no conversation yet, and nothing the requester could use to write to bashir
    assert 'id="message-form"' not in page


def test_once_approved_the_requester_reads_that_an_answer_is_awaited(people):
    introduction = people.approved()
    page = main_of(page_of(people.browser(people.requester).get(f"/introductions/{introduction.id}")))
    assert "Waiting for an answer" in page and "Waiting for your answer" not in page


def test_the_requester_list_names_each_request_and_its_state(people):
    people.requested()
    people.buddy_request()
    page = main_of(page_of(people.browser(people.requester).get("/introductions")))
    assert "You asked to meet bashir" in page and "Waiting for an answer" in page
    assert "Your request for a buddy" in page


@pytest.mark.parametrize("who", ["requester", "recipient"])
def test_the_moderators_internal_note_is_never_shown_to_members(people, who):
    introduction = flow.approve(people.requested(), people.moderator, "Internal: checked both profiles.")
    flow.accept(introduction, people.recipient, {})
    browser = people.browser(getattr(people, who))
    for path in (f"/introductions/{introduction.id}", "/introductions", "/notifications"):
        assert "Internal: checked both profiles." not in page_of(browser.get(path))


# the neutral words: nobody learns who said no ---------------------------------------------------------

def normalised(html, introduction, other_handle):
    return main_of(html).replace(other_handle, "OTHER").replace(f"/introductions/{introduction.id}", "/ID")


def test_the_requester_reads_the_same_page_whoever_said_no(people):
    by_moderator = flow.decline_by_moderator(people.requested(), people.moderator, "Not a good match.")
    by_recipient = flow.decline(people.approved(recipient=people.third), people.third)
    answer_due(by_moderator)
    answer_due(by_recipient)
    browser = people.browser(people.requester)
    first = page_of(browser.get(f"/introductions/{by_moderator.id}"))
    second = page_of(browser.get(f"/introductions/{by_recipient.id}"))
    assert NOT_POSSIBLE in first
    assert normalised(first, by_moderator, "bashir") == normalised(second, by_recipient, "carla")
    # the state line alone, too
    states = re.findall(r'<p class="state"><strong>(.*?)</strong></p>', first + second, re.S)
    assert states == [NOT_POSSIBLE, NOT_POSSIBLE]


def test_the_requester_list_and_notifications_read_the_same_whoever_said_no(people):
    answer_due(flow.decline_by_moderator(people.requested(), people.moderator))
    answer_due(flow.decline(people.approved(recipient=people.third), people.third, block=True))
    browser = people.browser(people.requester)
    rows = re.findall(r'<li><a href="/introductions/\d+">(.*?)</li>', main_of(page_of(browser.get("/introductions"))),
                      re.S)
    assert len(rows) == 2
    assert rows[0].replace("carla", "OTHER") == rows[1].replace("bashir", "OTHER")
    texts = re.findall(r'<a href="/notifications/\d+">(.*?)</a>', page_of(browser.get("/notifications")))
    assert texts == ["An introduction you asked for is not possible right now."] * 2


def test_the_recipient_who_declined_sees_their_own_answer(people):
    introduction = flow.decline(people.approved(), people.recipient)
    page = main_of(page_of(people.browser(people.recipient).get(f"/introductions/{introduction.id}")))
    assert "You said no" in page and NOT_POSSIBLE not in page


# the recipient's page -------------------------------------------------------------------------------------

def test_after_approval_the_recipient_sees_the_first_message_and_both_answers(people):
    introduction = people.approved(first_message="Would you like to cook on Friday?", shares=REQUESTER_SHARES)
    browser = people.browser(people.recipient)
    page = main_of(page_of(browser.get(f"/introductions/{introduction.id}")))
    assert "amira would like to be introduced to you." in page
    assert "Would you like to cook on Friday?" in page
    assert "Waiting for your answer" in page
    assert f'action="/introductions/{introduction.id}/accept"' in page
    assert f'action="/introductions/{introduction.id}/decline"' in page
    for name in ("phone", "signal", "whatsapp", "email", "block"):
        assert f'name="{name}"' in page
    # what amira will share stays hidden until bashir says yes; the note was for the moderators only
    for value in REQUESTER_SHARES.values():
        assert value not in page
    assert "We both cook." not in page
    listing = main_of(page_of(browser.get("/introductions")))
    assert "amira asked to meet you" in listing


def test_a_matched_buddy_sees_who_needs_help_and_with_what(people):
    request = flow.match_buddy(people.buddy_request(support=("procedure", "talk")), people.moderator, people.buddy)
    browser = people.browser(people.buddy)
    page = main_of(page_of(browser.get(f"/introductions/{request.id}")))
    assert "A moderator asks whether you would be the buddy of amira." in page
    assert "The asylum procedure" in page and "Someone to talk to" in page
    assert "amira would like you as a buddy" in main_of(page_of(browser.get("/introductions")))


# introduced: what each side shares --------------------------------------------------------------------------

def test_once_introduced_each_sees_what_the_other_shared_and_nothing_else(people):
    introduction = people.introduced(shares=REQUESTER_SHARES, recipient_shares=RECIPIENT_SHARES)
    requester_page = page_of(people.browser(people.requester).get(f"/introductions/{introduction.id}"))
    recipient_page = page_of(people.browser(people.recipient).get(f"/introductions/{introduction.id}"))
    assert shared_section(requester_page) == {"Phone number": "+31 6 5555 0000"}
    assert shared_section(recipient_page) == {"Signal username": "amira.77", "E-mail address": "amira@example.org"}
    assert "What bashir shares with you" in requester_page
    assert "What amira shares with you" in recipient_page


def test_sharing_nothing_leaves_only_the_conversation(people):
    introduction = people.introduced(shares=REQUESTER_SHARES)
    page = page_of(people.browser(people.requester).get(f"/introductions/{introduction.id}"))
    assert shared_section(page) == {}
    assert "Only the conversation here." in page


def test_shared_details_are_escaped(people):
    introduction = people.introduced(recipient_shares={"signal": "<script>alert(1)</script>"})
    page = page_of(people.browser(people.requester).get(f"/introductions/{introduction.id}"))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_what_was_shared_stays_visible_after_the_end(people):
    introduction = people.introduced(recipient_shares=RECIPIENT_SHARES)
    flow.end(introduction, people.recipient)
    page = page_of(people.browser(people.requester).get(f"/introductions/{introduction.id}"))
    assert shared_section(page) == {"Phone number": "+31 6 5555 0000"}
    assert "Ended" in page


# the conversation -------------------------------------------------------------------------------------------

def test_a_plain_form_appends_the_message_and_goes_back_to_the_form(people):
    introduction = people.introduced()
    browser = people.browser(people.requester)
    response = browser.submit(f"/introductions/{introduction.id}/messages", {"body": "  Hello Bashir!  "})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/introductions/{introduction.id}#message-form")
    message, = ConversationMessage.select()
    assert (message.author_id, message.body) == (people.requester.id, "Hello Bashir!")
    assert message_bodies(page_of(browser.get(f"/introductions/{introduction.id}"))) == ["Hello Bashir!"]
    assert message_bodies(page_of(people.browser(people.recipient).get(f"/introductions/{introduction.id}"))) == [
        "Hello Bashir!"]


def test_an_htmx_message_answers_with_the_conversation_fragment_and_a_cleared_form(people):
    introduction = people.introduced()
    flow.send_message(introduction, people.recipient, "Hi Amira")
    response = people.browser(people.requester).submit(f"/introductions/{introduction.id}/messages",
                                                       {"body": "Hello Bashir!"}, headers=HTMX)
    html = page_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="conversation"')
    assert "<html" not in html and "<body" not in html
    assert message_bodies(html) == ["Hi Amira", "Hello Bashir!"]
    textarea = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert textarea.strip() == ""
    assert ConversationMessage.select().count() == 2


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_message_is_sent_back_with_a_message(people, body):
    introduction = people.introduced()
    response = people.browser(people.requester).submit(f"/introductions/{introduction.id}/messages", {"body": body})
    assert response.status_code == 422
    assert "Write a message first." in page_of(response)
    assert ConversationMessage.select().count() == 0


def test_an_empty_htmx_message_answers_with_the_fragment_and_its_error(people):
    introduction = people.introduced()
    response = people.browser(people.requester).submit(f"/introductions/{introduction.id}/messages",
                                                       {"body": ""}, headers=HTMX)
    html = page_of(response)
    assert response.status_code == 422
    assert response.headers.get("HX-Retarget") == "#conversation"
    assert "<html" not in html and "Write a message first." in html
    assert ConversationMessage.select().count() == 0


def test_a_too_long_message_is_sent_back(people):
    introduction = people.introduced()
    response = people.browser(people.requester).submit(f"/introductions/{introduction.id}/messages",
                                                       {"body": "x" * 5001})
    assert response.status_code == 422
    assert ConversationMessage.select().count() == 0


@pytest.mark.parametrize("headers", [{}, HTMX])
@pytest.mark.parametrize("role", ["third", "moderator", "buddy"])
def test_outsiders_get_404_on_the_conversation_and_every_post(people, role, headers):
    introduction = people.introduced()
    message = flow.send_message(introduction, people.requester, "Private words")
    browser = people.browser(getattr(people, role))
    assert browser.get(f"/introductions/{introduction.id}", headers=headers).status_code == 404
    for path in ("messages", "end", "accept", "decline", "withdraw", f"messages/{message.id}/report"):
        response = browser.submit(f"/introductions/{introduction.id}/{path}", {"body": "Hi"}, headers=headers)
        assert response.status_code == 404, path
        assert "Private words" not in page_of(response)
    assert ConversationMessage.select().count() == 1 and fresh(introduction).state == "introduced"


def test_messages_are_escaped_and_keep_their_direction(people):
    introduction = people.introduced()
    flow.send_message(introduction, people.requester, "<img src=x onerror=alert(1)> مرحبا")
    page = page_of(people.browser(people.recipient).get(f"/introductions/{introduction.id}"))
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; مرحبا" in page


def test_only_the_other_persons_messages_can_be_reported(people):
    introduction = people.introduced()
    mine = flow.send_message(introduction, people.requester, "Mine")
    theirs = flow.send_message(introduction, people.recipient, "Theirs")
    page = page_of(people.browser(people.requester).get(f"/introductions/{introduction.id}"))
    assert f"/messages/{theirs.id}/report" in page
    assert f"/messages/{mine.id}/report" not in page


def many_messages(people, introduction, count):
    """count messages, alternating authors, a second apart (straight to the table: no rate limit)."""
    start = utcnow() - datetime.timedelta(hours=1)
    rows = [{"introduction": introduction.id, "author": (people.requester, people.recipient)[n % 2].id,
             "body": f"Message {n:03d}", "created_at": start + datetime.timedelta(seconds=n)}
            for n in range(1, count + 1)]
    with transaction():
        ConversationMessage.insert_many(rows).execute()


def test_the_conversation_shows_30_messages_a_page_newest_last_starting_on_the_last_page(people):
    introduction = people.introduced()
    many_messages(people, introduction, 65)
    browser = people.browser(people.requester)
    last = page_of(browser.get(f"/introductions/{introduction.id}"))
    assert message_bodies(last) == [f"Message {n:03d}" for n in range(61, 66)]
    assert "Page 3 of 3" in last
    first = page_of(browser.get(f"/introductions/{introduction.id}?page=1"))
    assert message_bodies(first) == [f"Message {n:03d}" for n in range(1, 31)]
    middle = page_of(browser.get(f"/introductions/{introduction.id}?page=2"))
    assert message_bodies(middle) == [f"Message {n:03d}" for n in range(31, 61)]
    assert sorted(pager_links(middle)) == [f"/introductions/{introduction.id}?page=1",
                                           f"/introductions/{introduction.id}?page=3"]


def test_the_form_stays_under_the_newest_message(people):
    introduction = people.introduced()
    many_messages(people, introduction, 31)
    page = page_of(people.browser(people.requester).get(f"/introductions/{introduction.id}"))
    assert page.index("Message 031") < page.index('id="message-form"')


def test_after_sending_the_newest_message_is_on_the_page_shown(people):
    introduction = people.introduced()
    many_messages(people, introduction, 30)
    browser = people.browser(people.requester)
    response = browser.submit(f"/introductions/{introduction.id}/messages", {"body": "The newest"})
    page = page_of(browser.get(response.headers["Location"]))
    assert message_bodies(page)[-1] == "The newest" and "Page 2 of 2" in page
    html = page_of(browser.submit(f"/introductions/{introduction.id}/messages", {"body": "Newer still"},
                                  headers=HTMX))
    assert message_bodies(html)[-2:] == ["The newest", "Newer still"]


def test_pager_links_in_the_htmx_fragment_lead_to_the_conversation_page(people):
    # after an htmx send, the fragment is rendered by the messages endpoint: its "previous page"
    # link must still point at /introductions/<id>?page=N, which a browser can open with GET
    introduction = people.introduced()
    many_messages(people, introduction, 40)
    browser = people.browser(people.requester)
    html = page_of(browser.submit(f"/introductions/{introduction.id}/messages", {"body": "Hello"}, headers=HTMX))
    links = pager_links(html)
    assert links == [f"/introductions/{introduction.id}?page=1"]
    assert browser.get(links[0].replace("&amp;", "&")).status_code == 200


# the index and ended pages ------------------------------------------------------------------------------------

def test_an_ended_conversation_says_so_and_offers_no_way_to_write_or_end_again(people):
    introduction = people.introduced()
    flow.end(introduction, people.requester)
    page = main_of(page_of(people.browser(people.recipient).get(f"/introductions/{introduction.id}")))
    assert "Ended" in page and "This conversation has ended. It is read-only now." in page
    assert 'id="message-form"' not in page
    assert f'action="/introductions/{introduction.id}/end"' not in page


def test_an_introduced_page_offers_to_end_with_an_optional_block(people):
    introduction = people.introduced()
    page = main_of(page_of(people.browser(people.recipient).get(f"/introductions/{introduction.id}")))
    assert f'action="/introductions/{introduction.id}/end"' in page
    assert 'name="block"' in page and 'id="message-form"' in page


# notifications page ---------------------------------------------------------------------------------------------

def test_the_notifications_page_words_each_introduction_event_without_content(people):
    introduction = people.introduced(first_message="Secret first words")
    flow.send_message(introduction, people.recipient, "Secret message text")
    flow.end(introduction, people.recipient)
    expired = people.requested(recipient=people.third)
    age(expired, 31)
    flow.expire_stale()
    flow.match_buddy(people.buddy_request(requester=people.third), people.moderator, people.buddy)
    requester_page = page_of(people.browser(people.requester).get("/notifications"))
    for text in ("bashir said yes: you are introduced and can talk now.", "New message from bashir.",
                 "A conversation has ended.", "An introduction you asked for is not possible right now."):
        assert text in requester_page
    recipient_page = page_of(people.browser(people.recipient).get("/notifications"))
    assert "amira would like to be introduced to you." in recipient_page
    buddy_page = page_of(people.browser(people.buddy).get("/notifications"))
    assert "A moderator suggests you as a buddy for carla." in buddy_page
    for page in (requester_page, recipient_page, buddy_page):
        assert "Secret first words" not in page and "Secret message text" not in page


def test_the_unread_badge_counts_introduction_notifications(people):
    introduction = people.introduced()
    flow.send_message(introduction, people.recipient, "one")
    flow.send_message(introduction, people.recipient, "two")
    page = page_of(people.browser(people.requester).get("/introductions"))
    # accepted + two messages
    assert re.search(r'<span class="count"[^>]*>3</span>', page)


# demo -----------------------------------------------------------------------------------------------------------

def test_the_demo_has_introductions_in_every_state_a_waiting_buddy_request_and_a_conversation(app):
    result = app.test_cli_runner().invoke(args=["demo", "--password", "demo password 123"])
    assert result.exit_code == 0, result.output
    states = {state for (state,) in Introduction.select(Introduction.state).tuples()}
    assert {"requested", "approved", "declined", "introduced", "ended"} <= states
    waiting_buddy = Introduction.select().where(Introduction.kind == "buddy", Introduction.state == "requested")
    assert waiting_buddy.count() >= 1 and all(row.recipient_id is None for row in waiting_buddy)
    talking = [intro for intro in Introduction.select().where(Introduction.state == "introduced")
               if ConversationMessage.select().where(ConversationMessage.introduction == intro).count() >= 2]
    assert talking
    conversation = talking[0]
    messages = ConversationMessage.select().where(ConversationMessage.introduction == conversation)
    authors = {message.author_id for message in messages}
    assert authors == {conversation.requester_id, conversation.recipient_id}
    # a demo participant can open it, as a volunteer trying the demo would
    participant = Member.get_by_id(conversation.requester_id)
    browser = app.test_client()
    assert browser.submit("/login", {"handle": participant.handle, "password": "demo password 123"}).status_code == 303
    page = page_of(browser.get(f"/introductions/{conversation.id}"))
    assert len(message_bodies(page)) >= 2


def test_the_demo_can_run_twice_without_doubling_introductions(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "--password", "demo password 123"])
    count = Introduction.select().count()
    assert runner.invoke(args=["demo", "--password", "demo password 456"]).exit_code == 0
    assert Introduction.select().count() == count
