"""Someone else's things: another member's introductions, conversation, notifications, data export,
posts, meet-ups and calendar feed. Every attempt answers 404 or 403 and changes nothing at all.

Amira owns everything here. The intruders are other people with every reason to try: Bashir (a
member), Otto (an organiser with meet-ups of his own), Mona (a moderator) and Ada (an admin):
staff moderate, but they never read conversations or act as someone else.
"""

import datetime
import json
from types import SimpleNamespace

import pytest

from portal.auth import tokens
from portal.calendar import attendance, meetups
from portal.db import utcnow
from portal.forum import posting
from portal.forum.models import Category, CategoryText, Post
from portal.introductions import flow
from portal.notifications.models import Notification
from tests.conftest import make_member
from tests.helpers import set_fields
from tests.security.world import changes, client_as, decided_staff, isolated_app, meetup_form, snapshot, use_database_of

SECRETS = {"bio": "Amira's own words about herself", "email": "amira@example.org",
           "post": "Amira asks where to find a lawyer", "message": "Amira's message to Carla",
           "reply": "Carla's answer to Amira", "note": "Amira's note for the moderators",
           "first": "Amira's first message to Erik", "address": "Olga's secret address 12",
           "phone": "+31 6 5555 0123"}


def build():
    t = SimpleNamespace()
    t.amira = make_member("amira", email=SECRETS["email"])
    t.amira = set_fields(t.amira, bio=SECRETS["bio"])
    t.carla, t.dana, t.erik = make_member("carla"), make_member("dana"), make_member("erik")
    t.bashir = make_member("bashir")
    t.olga, t.otto = make_member("olga", "organiser"), make_member("otto", "organiser")
    t.mona = decided_staff("mona", "moderator", two_factor=True)
    t.ada = decided_staff("ada", "admin", two_factor=True)
    # a conversation between Amira and Carla
    t.conversation = flow.accept(flow.approve(flow.request_introduction(
        t.amira, t.carla, note="We both cook", first_message="Hello Carla", shares={"signal": "amira.77"}),
        t.mona), t.carla, {"signal": "carla.88"})
    t.mine = flow.send_message(t.conversation, t.amira, SECRETS["message"])
    t.theirs = flow.send_message(t.conversation, t.carla, SECRETS["reply"])
    # Dana asked to meet Amira, and a moderator agreed: Amira may say yes or no
    t.asked = flow.approve(flow.request_introduction(t.dana, t.amira, note="Hi", first_message="Hello Amira",
                                                     shares={}), t.mona)
    # Amira asked to meet Erik; it waits for the moderators: Amira may withdraw it
    t.waiting = flow.request_introduction(t.amira, t.erik, note=SECRETS["note"], first_message=SECRETS["first"],
                                          shares={"phone": SECRETS["phone"]})
    t.notification = (Notification.select().where(Notification.member == t.amira)
                      .order_by(Notification.id.desc()).first())
    category = Category.create(slug="talk", position=1)
    CategoryText.create(category=category, locale="en", name="Talk", description="")
    t.thread = posting.create_thread(category, t.amira, "Lawyers", SECRETS["post"])
    t.post = Post.get(Post.thread == t.thread)
    posting.edit_post(t.post, t.amira, SECRETS["post"] + " in Utrecht", "typo")
    start = utcnow().replace(microsecond=0) + datetime.timedelta(days=5)
    t.meetup = meetups.create_meetup(t.olga, title="Cooking night", description="We cook.", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2), private_address=SECRETS["address"],
                                     language_list=["en"])
    t.own_meetup = meetups.create_meetup(t.otto, title="Otto's walk", starts_at=start,
                                         ends_at=start + datetime.timedelta(hours=1), language_list=["en"])
    attendance.sign_up(t.meetup, t.amira)
    t.feed_token = tokens.new_token()
    t.amira = set_fields(t.amira, feed_token_hash=tokens.digest(t.feed_token))
    return t


@pytest.fixture(scope="module")
def things_app(migrated_database, tmp_path_factory):
    with isolated_app(migrated_database, tmp_path_factory.mktemp("things")) as app:
        with app.app_context():
            app.things = build()
        yield app


@pytest.fixture
def things(things_app):
    use_database_of(things_app)
    with things_app.app_context():
        yield things_app.things


INTRUDERS = ["bashir", "otto", "mona", "ada"]

# (what, method, address, form data): every one of them is Amira's, or about Amira's things
ATTEMPTS = [
    ("her conversation", "GET", "/introductions/{conversation}", None),
    ("a page of her conversation", "GET", "/introductions/{conversation}?page=1", None),
    ("a message into her conversation", "POST", "/introductions/{conversation}/messages", {"body": "Hi, it's me"}),
    ("reporting her message", "POST", "/introductions/{conversation}/messages/{mine}/report", {"note": "x"}),
    ("reporting Carla's message", "POST", "/introductions/{conversation}/messages/{theirs}/report", {"note": "x"}),
    ("ending her conversation", "POST", "/introductions/{conversation}/end", {"block": "y"}),
    ("the request made to her", "GET", "/introductions/{asked}", None),
    ("accepting for her", "POST", "/introductions/{asked}/accept", {"signal": "intruder.1"}),
    ("declining for her", "POST", "/introductions/{asked}/decline", {"block": "y"}),
    ("her own request", "GET", "/introductions/{waiting}", None),
    ("withdrawing her request", "POST", "/introductions/{waiting}/withdraw", {}),
    ("her notification", "GET", "/notifications/{notification}", None),
]
MEMBER_ATTEMPTS = [
    ("editing her post", "GET", "/forum/p/{post}/edit", None),
    ("saving an edit of her post", "POST", "/forum/p/{post}/edit", {"body": "Changed by someone else", "note": ""}),
    ("deleting her post", "POST", "/forum/p/{post}/delete", {}),
    ("her post's earlier versions", "GET", "/forum/p/{post}/history", None),
    ("editing Olga's meet-up", "GET", "/calendar/{meetup}/edit", None),
    ("saving Olga's meet-up", "POST", "/calendar/{meetup}/edit", meetup_form("Taken over")),
    ("cancelling Olga's meet-up", "POST", "/calendar/{meetup}/cancel", {}),
    ("messaging Olga's attendees", "POST", "/calendar/{meetup}/message", {"text": "Come to my place instead"}),
    ("taking Amira off Olga's list", "POST", "/calendar/{meetup}/attendees/{amira}/remove", {}),
]


def address(template, t):
    ids = {"conversation": t.conversation.id, "mine": t.mine.id, "theirs": t.theirs.id, "asked": t.asked.id,
           "waiting": t.waiting.id, "notification": t.notification.id, "post": t.post.id, "meetup": t.meetup.id,
           "amira": t.amira.id}
    return template.format(**ids)


def attempt(app, t, intruder, method, template, data):
    browser = client_as(app, getattr(t, intruder))
    before = snapshot()
    url = address(template, t)
    response = browser.get(url) if method == "GET" else browser.submit(url, data)
    assert response.status_code in (403, 404), f"{method} {url} as {intruder}: {response.status_code}"
    html = response.get_data(as_text=True)
    for secret in SECRETS.values():
        assert secret not in html, f"{method} {url} as {intruder} shows {secret!r}"
    assert changes(before, snapshot()) == {}, f"{method} {url} as {intruder} changed the database"


@pytest.mark.parametrize("intruder", INTRUDERS)
@pytest.mark.parametrize(("what", "method", "template", "data"), ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
def test_her_introductions_and_notifications_are_not_theirs(things_app, things, intruder, what, method, template,
                                                             data):
    attempt(things_app, things, intruder, method, template, data)
    if method == "GET" and template.startswith("/introductions/"):
        # not found, exactly as an introduction that does not exist: nothing to learn from the answer
        assert client_as(things_app, getattr(things, intruder)).get(address(template, things)).status_code == 404


@pytest.mark.parametrize("intruder", ["bashir", "otto"])
@pytest.mark.parametrize(("what", "method", "template", "data"), MEMBER_ATTEMPTS, ids=[a[0] for a in MEMBER_ATTEMPTS])
def test_her_posts_and_olgas_meetup_are_not_theirs(things_app, things, intruder, what, method, template, data):
    attempt(things_app, things, intruder, method, template, data)


def test_the_owners_can(things_app, things):
    """The same addresses work for the people they belong to: the refusals above are about the person."""
    amira, olga = client_as(things_app, things.amira), client_as(things_app, things.olga)
    for url in (f"/introductions/{things.conversation.id}", f"/introductions/{things.asked.id}",
                f"/introductions/{things.waiting.id}", f"/forum/p/{things.post.id}/edit",
                f"/forum/p/{things.post.id}/history"):
        assert amira.get(url).status_code == 200, url
    assert olga.get(f"/calendar/{things.meetup.id}/edit").status_code == 200
    assert client_as(things_app, things.otto).get(f"/calendar/{things.own_meetup.id}/edit").status_code == 200


def test_marking_all_read_marks_only_ones_own(things_app, things):
    unread = Notification.select().where(Notification.member == things.amira, Notification.read_at.is_null()).count()
    assert unread > 0
    response = client_as(things_app, things.bashir).submit("/notifications/read", {})
    assert response.status_code == 303
    assert Notification.select().where(Notification.member == things.amira,
                                       Notification.read_at.is_null()).count() == unread


@pytest.mark.parametrize("signed_in", [None, "bashir", "amira"])
def test_a_wrong_feed_token_finds_nothing(things_app, things, signed_in):
    browser = client_as(things_app, getattr(things, signed_in) if signed_in else None)
    token = things.feed_token
    for wrong in (tokens.new_token(), token[:-1] + ("A" if token[-1] != "A" else "B"), token[:-1], token + "x",
                  things.amira.feed_token_hash, token.upper() if token.upper() != token else token.lower(),
                  "-", "0"):
        response = browser.get(f"/calendar/feed/{wrong}.ics")
        assert response.status_code == 404, wrong
        assert SECRETS["address"] not in response.get_data(as_text=True)
    # her own address works, for anyone who has it (it is the key): the refusals are about the token
    assert "Cooking night" in browser.get(f"/calendar/feed/{token}.ics").get_data(as_text=True)


@pytest.mark.parametrize("intruder", ["bashir", "carla", "erik", "mona", "ada"])
def test_an_export_holds_only_ones_own_data(things_app, things, intruder):
    """Bashir has nothing to do with Amira; Carla talks with her; staff moderate her; Erik is the one
    she asked to meet, but no moderator has agreed yet, so as far as he may know nothing happened.
    None of their exports holds what is Amira's alone, whatever the address asks for."""
    browser = client_as(things_app, getattr(things, intruder))
    own = getattr(things, intruder)
    for url in ("/account/export.json", f"/account/export.json?member={things.amira.id}",
                f"/account/export.json?handle=amira&id={things.amira.id}"):
        response = browser.get(url)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        data = json.loads(text)
        assert own.handle in text
        for name in ("bio", "email", "post", "note", "first", "address", "phone"):
            assert SECRETS[name] not in text, f"{intruder}'s export holds Amira's {name}"
        assert things.amira.feed_token_hash not in text
        if intruder not in ("carla", "erik"):
            # the conversation is Amira's and Carla's: nobody else's export has a word of it
            assert SECRETS["message"] not in text and SECRETS["reply"] not in text
            assert "amira" not in text.lower(), f"{intruder}'s export names Amira"
        assert isinstance(data, dict)
    summary = browser.get("/account/export").get_data(as_text=True)
    for secret in SECRETS.values():
        assert secret not in summary


def test_her_export_holds_her_data(things_app, things):
    """The check above is not vacuous: Amira's own export does hold these things."""
    text = client_as(things_app, things.amira).get("/account/export.json").get_data(as_text=True)
    for name in ("bio", "email", "post", "message", "first", "phone"):
        assert SECRETS[name] in text, name


@pytest.mark.parametrize("who_says_no", ["recipient", "moderator"])
def test_an_export_does_not_say_who_said_no(app, who_says_no):
    """The requester reads the same words whoever said no (portal/introductions/models.py): their
    export must not tell them either, nor carry the staff's side of the decision."""
    requester, recipient = make_member("asker"), make_member("asked")
    moderator = decided_staff("mod", "moderator", two_factor=False)
    introduction = flow.request_introduction(requester, recipient, note="Hi", first_message="Hello", shares={})
    if who_says_no == "recipient":
        flow.decline(flow.approve(introduction, moderator, "Staff only: looks fine"), recipient)
    else:
        flow.decline_by_moderator(introduction, moderator, "Staff only: looks risky")
    exported = json.loads(client_as(app, requester).get("/account/export.json").get_data(as_text=True))
    [row] = exported["introductions"]
    assert row.get("declined_by") in (None, ""), f"the export says who said no: {row.get('declined_by')!r}"
    assert "Staff only" not in json.dumps(exported)
