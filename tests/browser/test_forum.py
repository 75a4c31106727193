"""The forum in a real browser: htmx replies, inline checks and flags, the same forms without JavaScript,
a moderator's one-click decisions, and nothing loaded from another host."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from portal.auth import sanctions
from portal.db import utcnow
from portal.forum import moderating, posting
from portal.forum.models import Post
from tests.browser.helpers import click_to_load, forum_category, forum_thread, make_staff, sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.browser

REPLY = "Thank you, the clinic on the Oudegracht was kind to me too."


@pytest.fixture
def thread(app):
    """A visible thread with its opening post, started by another member; posts appear without review."""
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    return forum_thread(forum_category(), make_member("forum-author"))


def posts_of(page):
    return page.locator("#posts > article")


def submit_reply(page, thread, text):
    """Type a reply and send it through htmx; returns the response."""
    page.get_by_label("Your reply").fill(text)
    with page.expect_response(re.compile(rf"/forum/t/{thread.id}/reply$")) as answered:
        page.get_by_role("button", name="Post reply").click()
    response = answered.value
    assert response.request.headers.get("hx-request") == "true", "the reply went as a full page load"
    return response


def test_reply_via_htmx_appears_without_reload(page, thread):
    make_member("forum-reader")
    sign_in(page, "forum-reader")
    page.goto(f"/forum/t/{thread.id}")
    expect(posts_of(page)).to_have_count(1)
    page.evaluate("window.marker = 1")

    submit_reply(page, thread, REPLY)

    expect(posts_of(page)).to_have_count(2)
    expect(posts_of(page).last).to_contain_text(REPLY)
    expect(posts_of(page).last).to_contain_text("forum-reader")
    expect(page.get_by_label("Your reply")).to_have_value("")
    messages = page.locator("#messages")
    expect(messages).to_have_text("Your reply is posted.")
    expect(messages).to_have_attribute("role", "status")
    expect(messages).to_have_attribute("aria-live", "polite")
    assert page.evaluate("window.marker") == 1, "the page was reloaded"
    expect(page).to_have_url(re.compile(rf"/forum/t/{thread.id}$"))

    # the form that came back in place of the old one is live: a second reply goes the same way
    submit_reply(page, thread, "And one more thing: bring your papers.")
    expect(posts_of(page)).to_have_count(3)
    expect(posts_of(page).last).to_contain_text("bring your papers")
    assert page.evaluate("window.marker") == 1
    assert [post.body for post in Post.select().where(Post.thread == thread).order_by(Post.id)][1:] == [
        REPLY, "And one more thing: bring your papers."]


def test_empty_reply_via_htmx_shows_the_error_at_the_field(page, thread):
    make_member("forum-reader")
    sign_in(page, "forum-reader")
    page.goto(f"/forum/t/{thread.id}")
    page.evaluate("window.marker = 1")

    response = submit_reply(page, thread, "    ")
    assert response.status == 422
    form = page.locator("#reply-form")
    # the error sits in the same field as the box it is about
    field = form.locator(".field.has-error")
    expect(field.locator("textarea")).to_have_count(1)
    expect(field.locator(".error")).to_have_text("Write something first.")
    box = page.get_by_label("Your reply")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_attribute("aria-describedby", re.compile(r"\bbody-error\b"))
    expect(posts_of(page)).to_have_count(1)
    assert page.evaluate("window.marker") == 1, "the page was reloaded"

    # the form that showed the error still works, in place
    submit_reply(page, thread, REPLY)
    expect(posts_of(page)).to_have_count(2)
    expect(posts_of(page).last).to_contain_text(REPLY)
    expect(form.locator(".error")).to_have_count(0)
    expect(page.get_by_label("Your reply")).to_have_value("")
    assert page.evaluate("window.marker") == 1


def test_reply_without_javascript_is_a_plain_form_post(open_tab, thread):
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    make_member("forum-reader")
    sign_in(page, "forum-reader")
    page.goto(f"/forum/t/{thread.id}")

    page.get_by_label("Your reply").fill(REPLY)
    with page.expect_request(lambda request: request.method == "POST") as sent:
        click_to_load(page, page.get_by_role("button", name="Post reply"))
    assert sent.value.is_navigation_request()
    assert "hx-request" not in sent.value.headers

    # redirected to the post, on its page, at its anchor
    reply = Post.select().where(Post.thread == thread).order_by(Post.id.desc()).get()
    expect(page).to_have_url(re.compile(rf"/forum/t/{thread.id}#p{reply.id}$"))
    expect(posts_of(page)).to_have_count(2)
    expect(page.locator(f"#p{reply.id}")).to_contain_text(REPLY)
    expect(page.get_by_label("Your reply")).to_have_value("")


def outing_reply(thread):
    return posting.add_reply(thread, make_member("forum-gossip"),
                             "I saw her at the bus stop: she lives at Kanaalstraat 12 and her real name is Sara.")


def test_flag_in_place_then_a_moderator_hides_the_post_from_the_queue(open_tab, thread):
    """The issue's flow: an outing-risk flag hides the post at once; a moderator then decides to keep it hidden."""
    post = outing_reply(thread)
    make_member("forum-flagger")
    make_member("forum-reader")
    make_staff("forum-mod")

    flagger = open_tab().page
    sign_in(flagger, "forum-flagger")
    flagger.goto(f"/forum/t/{thread.id}")
    flagger.evaluate("window.marker = 1")
    article = flagger.locator(f"#p{post.id}")
    article.get_by_role("link", name="Report").click()
    flag_form = article.locator("form.flag-form")
    expect(flag_form).to_be_visible()
    assert flagger.evaluate("window.marker") == 1, "opening the report form left the page"
    expect(flagger).to_have_url(re.compile(rf"/forum/t/{thread.id}$"))

    flag_form.get_by_label("Outing risk or personal information").check()
    flag_form.get_by_role("button", name="Send report").click()
    expect(article.get_by_role("status")).to_have_text("Thank you. A moderator will look at this post.")
    expect(flag_form).to_have_count(0)
    assert flagger.evaluate("window.marker") == 1
    assert Post.get_by_id(post.id).status == "hidden", "an outing-risk flag hides the post at once"

    # hidden at once: another member no longer sees it; the rest of the thread is still there
    reader = open_tab().page
    sign_in(reader, "forum-reader")
    reader.goto(f"/forum/t/{thread.id}")
    expect(posts_of(reader)).to_have_count(1)
    expect(reader.locator("#posts")).not_to_contain_text("Kanaalstraat")

    # the queue shows it with its flag; hiding it for good (with a reason for the author) is one click, in place
    moderator = open_tab().page
    sign_in(moderator, "forum-mod")
    moderator.goto("/moderation/posts")
    moderator.evaluate("window.marker = 1")
    queued = moderator.locator(f"article#p{post.id}")
    expect(queued).to_contain_text("Kanaalstraat 12")
    expect(queued.locator(".flags")).to_contain_text("Outing risk or personal information")
    expect(queued.locator(".flags")).to_contain_text("forum-flagger")
    expect(queued).to_contain_text("Hidden until you decide")
    hide = queued.get_by_role("button", name="Hide", exact=True)
    expect(hide, "a post hidden by a flag can be hidden for good from the queue").to_be_visible(timeout=2000)
    queued.get_by_placeholder("Reason (the author sees it)").fill("Never share where someone lives.")
    hide.click()
    decided = moderator.locator(f"article#p{post.id}")
    expect(decided).to_have_class(re.compile(r"\bdecided\b"))
    expect(decided).to_contain_text("Hidden. The author sees the reason.")
    assert moderator.evaluate("window.marker") == 1, "the moderator's page was reloaded"
    hidden = Post.get_by_id(post.id)
    assert (hidden.status, hidden.status_reason) == ("hidden", "Never share where someone lives.")

    # decided: gone from the queue, and still not shown to another member
    moderator.goto("/moderation/posts")
    expect(moderator.locator(f"article#p{post.id}")).to_have_count(0)
    reader.goto(f"/forum/t/{thread.id}")
    expect(posts_of(reader)).to_have_count(1)
    expect(reader.locator("#posts")).not_to_contain_text("Kanaalstraat")


def test_moderator_hides_a_flagged_post_with_one_click(open_tab, thread):
    """A flag that does not hide the post by itself: the moderator hides it from the queue, in place."""
    post = posting.add_reply(thread, make_member("forum-rude"), "People like you should go back where you came from.")
    moderating.flag_post(post, make_member("forum-flagger"), "harassment", "This is hate.")
    make_member("forum-reader")
    make_staff("forum-mod")

    reader = open_tab().page
    sign_in(reader, "forum-reader")
    reader.goto(f"/forum/t/{thread.id}")
    expect(posts_of(reader)).to_have_count(2)

    moderator = open_tab().page
    sign_in(moderator, "forum-mod")
    moderator.goto("/moderation/posts")
    moderator.evaluate("window.marker = 1")
    queued = moderator.locator(f"article#p{post.id}")
    expect(queued.locator(".flags")).to_contain_text("Harassment or hate")
    expect(queued.locator(".flags")).to_contain_text("This is hate.")
    with moderator.expect_response(re.compile(rf"/moderation/posts/{post.id}/hide$")) as answered:
        queued.get_by_role("button", name="Hide", exact=True).click()
    assert answered.value.request.headers.get("hx-request") == "true"
    expect(queued).to_have_class(re.compile(r"\bdecided\b"))
    expect(queued).to_contain_text("Hidden. The author sees the reason.")
    expect(moderator.locator("article.queue-item")).to_have_count(0)
    assert moderator.evaluate("window.marker") == 1, "the moderator's page was reloaded"
    assert Post.get_by_id(post.id).status == "hidden"

    reader.goto(f"/forum/t/{thread.id}")
    expect(posts_of(reader)).to_have_count(1)
    expect(reader.locator("#posts")).not_to_contain_text("go back where")


def test_suspended_member_sees_no_reply_form(page, thread):
    member = make_member("forum-suspended")
    sanctions.suspend(member, make_staff("forum-mod"), utcnow() + datetime.timedelta(days=7), "cooling off")
    sign_in(page, "forum-suspended")

    page.goto(f"/forum/t/{thread.id}")
    expect(posts_of(page)).to_have_count(1)
    expect(posts_of(page).first).to_contain_text("kind to people like us")
    expect(page.locator("main")).to_contain_text("Your account is read-only until")
    expect(page.locator("#reply-form")).to_have_count(0)
    expect(page.get_by_label("Your reply")).to_have_count(0)
    expect(page.get_by_role("button", name="Post reply")).to_have_count(0)
    expect(page.get_by_role("link", name="Report")).to_have_count(0)
    expect(page.get_by_role("link", name="Quote")).to_have_count(0)

    page.goto("/forum")
    expect(page.get_by_role("link", name="Start a thread")).to_have_count(0)


def test_new_thread_title_is_checked_when_focus_leaves(page, thread):
    make_member("forum-writer")
    sign_in(page, "forum-writer")
    page.goto("/forum/new")
    page.evaluate("window.marker = 1")
    title = page.get_by_label("Title")
    check = page.locator("#title-check")

    title.fill("a")
    with page.expect_response(re.compile(r"/forum/new/check\?field=title$")) as answered:
        title.press("Tab")
    assert answered.value.request.headers.get("hx-request") == "true"
    expect(check).to_have_text("A title has 3 to 120 characters.")
    expect(page).to_have_url(re.compile(r"/forum/new$"))
    assert page.evaluate("window.marker") == 1, "checking the title left the page"

    title.fill("Where to find a friendly GP")
    title.press("Tab")
    expect(check).to_have_text("")
    expect(page.get_by_label("Title")).to_have_value("Where to find a friendly GP")
    assert page.evaluate("window.marker") == 1


def visit(page, path):
    response = page.goto(path)
    assert response.ok, f"{path}: {response.status}"
    assert response.url.endswith(path), f"{path} went to {response.url}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_forum_pages_make_no_request_to_another_host(app, open_tab, thread):
    category = thread.category
    author = thread.author
    mod = make_staff("forum-mod")
    make_staff("forum-admin", "admin")
    reader = make_member("forum-reader")
    # the mention sends the reader a notification
    reply = posting.add_reply(thread, author, "Ask @forum-reader, she knows a good one. [Map](https://example.org/map)")
    moderating.flag_post(reply, reader, "spam")
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3
    forum_thread(category, make_member("forum-newcomer"), "Hello from a newcomer", "Is this place safe?")

    member = open_tab()
    sign_in(member.page, "forum-reader")
    for path in ["/forum", f"/forum/{category.slug}", f"/forum/t/{thread.id}", "/forum/new",
                 f"/forum/new?category={category.slug}", "/forum/search?q=doctors", "/notifications"]:
        visit(member.page, path)
    expect(member.page.locator("ul.notifications")).to_contain_text("forum-author mentioned you")
    # the live search swaps its results in place
    member.page.goto("/forum/search")
    with member.page.expect_response(re.compile(r"/forum/search\?q=Utrecht")):
        member.page.get_by_label("Words to find").fill("Utrecht")
    expect(member.page.locator("#search-results")).to_contain_text("Finding a doctor who listens")

    moderator = open_tab()
    sign_in(moderator.page, mod.handle)
    for path in [f"/forum/t/{thread.id}", f"/forum/{category.slug}", f"/forum/p/{reply.id}/history",
                 "/moderation/posts"]:
        visit(moderator.page, path)
    expect(moderator.page.locator("article.queue-item")).to_have_count(2)

    admin = open_tab()
    sign_in(admin.page, "forum-admin")
    visit(admin.page, "/admin/categories")

    for tab in (member, moderator, admin):
        assert any("/static/js/vendor/htmx" in url for url in tab.requests)
        assert tab.foreign_requests() == []
        assert tab.csp_violations() == []
        assert tab.errors == [], "no other console errors or uncaught exceptions either"
