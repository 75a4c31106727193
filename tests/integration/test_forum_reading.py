"""Reading the forum: categories, thread lists, thread pages, unread markers, query counts, hostile text."""

import datetime
import re

import pytest

from portal.account import data_rights
from portal.db import transaction, utcnow
from portal.forum import counters, moderating, post_view, posting
from portal.forum.models import Category, Post, Thread
from portal.members import pseudonyms
from portal.members.models import Member
from portal.text import quote_markdown, render_markdown
from tests.conftest import make_member
from tests.forum_fixtures import (
    HOSTILE,
    bulk_replies,
    hostile_markup,
    make_category,
    newcomer_posts_wait,
    post_ids_on,
    thread_ids_on,
    thread_row,
)
from tests.helpers import HTMX, count_queries, location, page_of, sign_in


def category_block(html, slug):
    """The <li> of one category on /forum."""
    match = re.search(rf'<li>\s*<h2><a href="/forum/{slug}">.*?</li>', html, re.S)
    assert match, f"category {slug} is not listed"
    return match.group(0)


def listed_category_names(html):
    return re.findall(r'<h2><a href="/forum/[^"]+">([^<]*)</a>', html)


# who may read ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/forum", "/forum/housing", "/forum/t/{thread}", "/forum/search?q=lawyer",
                                  "/forum/new", "/forum/p/{post}"])
def test_applicants_cannot_read_the_forum(forum, login_as, client, path):
    login_as("applicant")
    response = client.get(path.format(thread=forum.thread.id, post=forum.opening.id))
    assert response.status_code == 403
    assert "Opening post text" not in page_of(response)


def test_visitors_are_sent_to_sign_in(forum, client):
    response = client.get(f"/forum/t/{forum.thread.id}")
    assert response.status_code == 302
    assert location(response)[0] == "/login"


# /forum ----------------------------------------------------------------------------------------

def test_categories_are_listed_in_the_admins_order(forum):
    make_category("welcome", {"en": "Welcome"}, position=0)
    make_category("off-topic", {"en": "Off-topic"}, position=5)
    html = page_of(forum.browser(forum.bob).get("/forum"))
    assert listed_category_names(html) == ["Welcome", "Housing and work", "Off-topic"]


def test_category_names_follow_the_readers_language_and_fall_back_to_english(forum, app):
    make_category("welcome", {"en": ("Welcome", "Say hello")}, position=0)
    dutch = make_member("noor", locale="nl")
    html = page_of(sign_in(app, dutch).get("/forum"))
    assert listed_category_names(html) == ["Welcome", "Wonen en werk"]
    assert "Een huis vinden" in category_block(html, "housing")
    assert "Say hello" in category_block(html, "welcome")
    # Arabic has no texts here: English for both
    arabic = make_member("samir", locale="ar")
    assert listed_category_names(page_of(sign_in(app, arabic).get("/forum"))) == ["Welcome", "Housing and work"]


def test_forum_shows_thread_and_post_counts_and_latest_activity(forum):
    forum.reply(forum.bob, "First reply")
    forum.thread_by(forum.carol, "Second thread title")
    make_category("empty", {"en": "Empty"}, position=9)
    html = page_of(forum.browser(forum.bob).get("/forum"))
    housing = category_block(html, "housing")
    assert "2 threads" in housing and "3 posts" in housing
    assert "latest" in housing
    empty = category_block(html, "empty")
    assert "0 threads" in empty and "0 posts" in empty and "latest" not in empty


def test_forum_counts_leave_out_pending_hidden_and_deleted_posts(forum, app):
    bystander = forum.reply(forum.bob, "Will be hidden")
    moderating.hide_post(Post.get_by_id(bystander.id), forum.moderator, "off topic")
    doomed = forum.reply(forum.carol, "Will be deleted")
    posting.delete_post(Post.get_by_id(doomed.id), forum.carol)
    newcomer_posts_wait(app)
    newcomer = make_member("newbie")
    forum.reply(newcomer, "Waiting for review")
    forum.thread_by(newcomer, "A waiting thread")
    html = page_of(forum.browser(forum.bob).get("/forum"))
    housing = category_block(html, "housing")
    assert "1 thread" in housing and "1 post" in housing
    assert "1 threads" not in housing


def test_latest_activity_ignores_a_category_whose_only_post_waits(forum, app):
    make_category("quiet", {"en": "Quiet"}, position=3)
    newcomer_posts_wait(app)
    newcomer = make_member("newbie")
    posting.create_thread(Category.get(Category.slug == "quiet"), newcomer, "Hello there", "Hi")
    quiet = category_block(page_of(forum.browser(forum.bob).get("/forum")), "quiet")
    assert "0 threads" in quiet and "latest" not in quiet


# /forum/<slug> ---------------------------------------------------------------------------------

def set_activity(thread, minutes_ago, pinned=False):
    with transaction():
        Thread.update(last_activity_at=utcnow() - datetime.timedelta(minutes=minutes_ago), pinned=pinned).where(
            Thread.id == thread.id).execute()


def test_category_lists_pinned_threads_first_then_latest_activity(forum):
    old_pinned = forum.thread_by(forum.bob, "Old but pinned")
    fresh_thread = forum.thread_by(forum.carol, "Fresh thread")
    older = forum.thread_by(forum.bob, "Older thread")
    set_activity(forum.thread, 30)
    set_activity(old_pinned, 600, pinned=True)
    set_activity(fresh_thread, 1)
    set_activity(older, 90)
    html = page_of(forum.browser(forum.bob).get("/forum/housing"))
    assert thread_ids_on(html) == [old_pinned.id, fresh_thread.id, forum.thread.id, older.id]
    assert "Pinned" in thread_row(html, old_pinned.id)


def test_a_reply_moves_a_thread_to_the_top(forum):
    other = forum.thread_by(forum.bob, "Newer thread")
    set_activity(forum.thread, 60)
    set_activity(other, 30)
    forum.reply(forum.carol, "Bumping the old one")
    assert thread_ids_on(page_of(forum.browser(forum.bob).get("/forum/housing")))[:2] == [forum.thread.id, other.id]


def test_category_shows_reply_counts_without_waiting_replies(forum, app):
    forum.reply(forum.bob, "One visible reply")
    newcomer_posts_wait(app)
    forum.reply(make_member("newbie"), "Not yet")
    row = thread_row(page_of(forum.browser(forum.carol).get("/forum/housing")), forum.thread.id)
    assert "1 reply" in row and "2 replies" not in row


def test_unknown_category_is_404(forum):
    assert forum.browser(forum.bob).get("/forum/no-such-place").status_code == 404


@pytest.fixture
def thirty_threads(forum):
    """30 threads in housing (with the fixture's own), newest activity first in creation order."""
    threads = [forum.thread] + [forum.thread_by(forum.bob, f"Thread number {n:02d}") for n in range(29)]
    for minutes, thread in enumerate(threads):
        set_activity(thread, 1000 - minutes)
    return list(reversed(threads))  # the order the category shows them


@pytest.mark.parametrize("page_arg, number, first, count", [
    (None, 1, 0, 25), ("1", 1, 0, 25), ("2", 2, 25, 5), ("3", 2, 25, 5), ("999", 2, 25, 5),
    ("0", 1, 0, 25), ("-4", 1, 0, 25), ("abc", 1, 0, 25),
])
def test_category_pages_hold_25_threads_and_odd_page_numbers_are_safe(forum, thirty_threads, page_arg, number,
                                                                      first, count):
    url = "/forum/housing" + (f"?page={page_arg}" if page_arg is not None else "")
    response = forum.browser(forum.bob).get(url)
    assert response.status_code == 200
    html = page_of(response)
    assert thread_ids_on(html) == [t.id for t in thirty_threads[first:first + count]]
    assert f"Page {number} of 2" in html


def test_category_htmx_request_gets_only_the_thread_rows(forum, thirty_threads):
    response = forum.browser(forum.bob).get("/forum/housing?page=2", headers=HTMX)
    html = page_of(response)
    assert "<html" not in html and "<h1" not in html
    assert thread_ids_on(html) == [t.id for t in thirty_threads[25:]]
    assert "HX-Request" in response.headers.get("Vary", "")


# unread markers --------------------------------------------------------------------------------

def is_new(browser, thread):
    return "New" in thread_row(page_of(browser.get("/forum/housing")), thread.id)


def test_a_thread_is_new_until_the_reader_has_seen_its_posts(forum):
    bob = forum.browser(forum.bob)
    assert is_new(bob, forum.thread)
    assert bob.get(f"/forum/t/{forum.thread.id}").status_code == 200
    assert not is_new(bob, forum.thread)
    forum.reply(forum.carol, "Something new")
    assert is_new(bob, forum.thread)
    bob.get(f"/forum/t/{forum.thread.id}")
    assert not is_new(bob, forum.thread)


def test_unread_marker_is_per_reader(forum):
    forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}")
    assert is_new(forum.browser(forum.carol), forum.thread)


def test_reading_only_the_first_page_leaves_the_thread_new(forum):
    bulk_replies(forum.thread, [forum.bob], 25)
    bob = forum.browser(forum.bob)
    bob.get(f"/forum/t/{forum.thread.id}")
    assert is_new(bob, forum.thread)
    bob.get(f"/forum/t/{forum.thread.id}?page=2")
    assert not is_new(bob, forum.thread)


def test_a_waiting_reply_does_not_make_a_thread_new_for_others(forum, app):
    bob = forum.browser(forum.bob)
    bob.get(f"/forum/t/{forum.thread.id}")
    newcomer_posts_wait(app)
    forum.reply(make_member("newbie"), "Not yet visible")
    assert not is_new(bob, forum.thread)


def test_ones_own_htmx_reply_does_not_make_the_thread_new(forum):
    # the reader has seen their own reply: it appeared on their screen without a reload
    bob = forum.browser(forum.bob)
    bob.get(f"/forum/t/{forum.thread.id}")
    response = bob.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "My own words"}, headers=HTMX)
    assert response.status_code == 200
    assert not is_new(bob, forum.thread)


# thread pages ----------------------------------------------------------------------------------

@pytest.fixture
def long_thread(forum):
    """45 posts: the opening post and 44 replies, on pages of 20, 20 and 5."""
    return bulk_replies(forum.thread, [forum.bob, forum.carol], 44)


@pytest.mark.parametrize("page_arg, number, first, count", [
    (None, 1, 0, 20), ("2", 2, 20, 20), ("3", 3, 40, 5), ("4", 3, 40, 5), ("5000", 3, 40, 5), ("x", 1, 0, 20),
])
def test_thread_pages_hold_20_posts_with_stable_page_numbers(forum, long_thread, page_arg, number, first, count):
    url = f"/forum/t/{forum.thread.id}" + (f"?page={page_arg}" if page_arg else "")
    response = forum.browser(forum.bob).get(url)
    assert response.status_code == 200
    html = page_of(response)
    assert post_ids_on(html) == [post.id for post in long_thread[first:first + count]]
    assert f"Page {number} of 3" in html


def test_the_reply_form_is_on_the_last_page_only(forum, long_thread):
    bob = forum.browser(forum.bob)
    first = page_of(bob.get(f"/forum/t/{forum.thread.id}"))
    assert 'id="reply-form"' not in first
    assert f'href="/forum/t/{forum.thread.id}?page=3#reply-form"' in first
    assert 'id="reply-form"' in page_of(bob.get(f"/forum/t/{forum.thread.id}?page=3"))


@pytest.mark.parametrize("index, page", [(0, None), (19, None), (20, "2"), (39, "2"), (40, "3"), (44, "3")])
def test_a_link_to_a_post_lands_on_its_page_and_anchor(forum, long_thread, index, page):
    post = long_thread[index]
    response = forum.browser(forum.bob).get(f"/forum/p/{post.id}")
    assert response.status_code == 303
    path, query, fragment = location(response)
    assert path == f"/forum/t/{forum.thread.id}"
    assert query.get("page") == page
    assert fragment == f"p{post.id}"
    landed = forum.browser(forum.bob).get(f"{path}?page={page or 1}")
    assert post.id in post_ids_on(page_of(landed))


def test_an_unknown_thread_or_post_is_404(forum):
    bob = forum.browser(forum.bob)
    assert bob.get("/forum/t/99999").status_code == 404
    assert bob.get("/forum/p/99999").status_code == 404


def test_posts_show_their_authors_and_rendered_markdown(forum):
    forum.reply(forum.bob, "Try **this** lawyer")
    html = page_of(forum.browser(forum.carol).get(f"/forum/t/{forum.thread.id}"))
    assert "<strong>this</strong>" in html
    assert "<bdi>bob</bdi>" in html and "<bdi>alice</bdi>" in html


# a fixed number of queries ---------------------------------------------------------------------

@pytest.mark.parametrize("role", ["member", "moderator"])
def test_thread_page_runs_the_same_few_queries_for_10_and_200_posts(forum, app, role):
    authors = [forum.alice, forum.bob, forum.carol, forum.moderator] + [make_member(f"writer{n}") for n in range(6)]
    small = forum.thread_by(forum.alice, "Small thread")
    big = forum.thread_by(forum.alice, "Big thread")
    bulk_replies(small, authors, 9)
    bulk_replies(big, authors, 199)
    # a flag and an edit on the page, so those paths are in the count too
    moderating.flag_post(Post.select().where(Post.thread == big).order_by(Post.id)[3], forum.carol, "spam")
    posting.edit_post(Post.select().where(Post.thread == big).order_by(Post.id)[2], forum.alice, "Edited")
    counts = {}
    for n, (name, url) in enumerate([("small", f"/forum/t/{small.id}"), ("big", f"/forum/t/{big.id}"),
                                     ("big, last page", f"/forum/t/{big.id}?page=10")]):
        # a fresh reader each time: remembering what was read costs one statement more on a first visit
        browser = sign_in(app, make_member(f"reader{n}", role))
        counts[name], statements = count_queries(browser, url)
        # 13: one of them reads the public texts (site name) that every page shows; staff pages count
        # one more: the "waiting for you" count in the navigation
        assert counts[name] <= (14 if role == "moderator" else 13), "\n".join(statements)
    assert counts["small"] == counts["big"] == counts["big, last page"], counts


def add_threads(category, authors, count):
    """Many visible threads with an opening post each, written straight to the tables (fast)."""
    now = utcnow()
    with transaction():
        for n in range(count):
            author = authors[n % len(authors)]
            thread = Thread.create(category=category, author=author, title=f"Thread {n}", status="visible",
                                   pinned=n % 17 == 0, locked=n % 13 == 0, last_activity_at=now)
            Post.create(thread=thread, author=author, body=f"Post {n}", html=render_markdown(f"Post {n}"))
            counters.posts_changed(thread.id, category.id)


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_category_page_runs_the_same_few_queries_for_10_and_200_threads(forum, app, role):
    authors = [forum.alice, forum.bob, forum.carol] + [make_member(f"writer{n}") for n in range(7)]
    small, big = make_category("small", position=2), make_category("big", position=3)
    add_threads(small, authors, 10)
    add_threads(big, authors, 200)
    browser = sign_in(app, make_member(f"reader-{role}", role))
    browser.get(f"/forum/t/{Thread.get(Thread.category == big).id}")  # one thread read, one marker differs
    counts = {}
    for slug in ("small", "big"):
        counts[slug], statements = count_queries(browser, f"/forum/{slug}")
        assert counts[slug] <= (13 if role == "moderator" else 12), "\n".join(statements)
    counts["big, page 8"], _ = count_queries(browser, "/forum/big?page=8")
    assert counts["small"] == counts["big"] == counts["big, page 8"], counts


def test_forum_index_runs_a_fixed_number_of_queries(forum, app):
    browser = forum.browser(forum.bob)
    before, _ = count_queries(browser, "/forum")
    for n in range(5):
        add_threads(make_category(f"extra-{n}", position=10 + n), [forum.alice, forum.carol], 3)
    after, statements = count_queries(browser, "/forum")
    assert before == after <= 12, "\n".join(statements)


# hostile text through the pages -----------------------------------------------------------------

@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_renders_inert_on_every_page(forum, app, payload):
    """The payload as thread title, post body, flag note, hide reason and warning, on every page that shows them."""
    newcomer_posts_wait(app)
    writer = make_member("writer")
    thread = posting.create_thread(forum.category, writer, payload, f"{payload}\n\nneedle")
    moderator = forum.browser(forum.moderator)
    pages = {"queue (pending)": moderator.get("/moderation/posts"),
             "thread (moderator)": moderator.get(f"/forum/t/{thread.id}"),
             "thread (author)": sign_in(app, writer).get(f"/forum/t/{thread.id}")}
    forum.approve(Post.get(Post.thread == thread))
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    reply = forum.reply(forum.bob, f"{payload} @writer", thread=thread)
    moderating.flag_post(Post.get_by_id(reply.id), forum.carol, "spam", payload[:500])
    pages["queue (flag note)"] = moderator.get("/moderation/posts")
    assert moderator.submit(f"/moderation/posts/{reply.id}/hide", {"reason": payload}).status_code == 303
    assert moderator.submit(f"/moderation/members/{writer.id}/warn", {"message": payload}).status_code == 303
    bob, author = forum.browser(forum.bob), sign_in(app, writer)
    pages.update({"category": bob.get("/forum/housing"), "thread (hide reason)": bob.get(f"/forum/t/{thread.id}"),
                  "search": bob.get("/forum/search?q=needle"),
                  "search (htmx)": bob.get("/forum/search?q=needle", headers=HTMX),
                  "notifications": author.get("/notifications"),
                  "edit": author.get(f"/forum/p/{Post.get(Post.thread == thread).id}/edit"),
                  "member page": moderator.get(f"/moderation/members/{writer.id}")})
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert hostile_markup(page_of(response), page=True) == [], name
    # the pages really carried the payload, as text
    assert thread.id in thread_ids_on(page_of(pages["category"]))
    assert "needle" in page_of(pages["search"])
    assert "bob mentioned you in:" in page_of(pages["notifications"])


# posts kept as HTML between requests (portal/forum/post_view.py) ----------------------------------------------

def post_block(html, post_id):
    match = re.search(rf'<article[^>]* id="p{post_id}".*?</article>', html, re.S)
    assert match, f"post {post_id} is not on the page"
    return match.group(0)


def thread_page(forum, member):
    return page_of(forum.browser(member).get(f"/forum/t/{forum.thread.id}"))


def test_kept_posts_show_each_reader_their_own_buttons(forum):
    reply = forum.reply(forum.bob, "My own words")
    for _round in range(2):
        carols, bobs = post_block(thread_page(forum, forum.carol), reply.id), post_block(thread_page(forum, forum.bob), reply.id)
        assert "/edit" not in carols and f"/forum/p/{reply.id}/flag" in carols
        assert f"/forum/p/{reply.id}/edit" in bobs and f"/forum/p/{reply.id}/delete" in bobs
        assert f"/forum/p/{reply.id}/flag" not in bobs


def test_a_kept_post_changes_at_once_when_it_is_edited_hidden_or_its_author_renamed(forum):
    reply = forum.reply(forum.bob, "First words")
    assert "First words" in thread_page(forum, forum.carol)
    posting.edit_post(Post.get_by_id(reply.id), forum.bob, "Second words")
    html = thread_page(forum, forum.carol)
    assert "Second words" in html and "First words" not in html
    pseudonyms.choose(Member.get_by_id(forum.bob.id), "robert")
    assert "<bdi>robert</bdi>" in post_block(thread_page(forum, forum.carol), reply.id)
    moderating.hide_post(Post.get_by_id(reply.id), forum.moderator, "off topic")
    assert reply.id not in post_ids_on(thread_page(forum, forum.carol))
    bobs = post_block(thread_page(forum, forum.bob), reply.id)
    assert "Hidden by a moderator." in bobs and "off topic" in bobs


def test_a_kept_post_changes_when_a_quoted_member_deletes_their_account(forum):
    forum.reply(forum.bob, "Bob's own secret words")
    quoting = forum.reply(forum.carol, quote_markdown("bob", "Bob's own secret words") + "I agree")
    assert "secret words" in post_block(thread_page(forum, forum.alice), quoting.id)
    data_rights.delete_account(Member.get_by_id(forum.bob.id), keep_posts=False)
    assert "secret words" not in thread_page(forum, forum.alice)


def test_kept_posts_follow_the_readers_language(forum):
    forum.reply(forum.bob, "Hello")
    browser = forum.browser(forum.carol)
    assert ">Quote<" in page_of(browser.get(f"/forum/t/{forum.thread.id}"))
    browser.submit("/language", {"lang": "nl", "next": "/"})
    html = page_of(browser.get(f"/forum/t/{forum.thread.id}"))
    assert ">Citeren<" in html and ">Quote<" not in html


def test_staff_tools_are_never_kept_and_carry_the_readers_own_form_token(forum):
    post_view.RENDERED.clear()
    html = thread_page(forum, forum.moderator)
    assert f"/moderation/posts/{forum.opening.id}/hide" in html
    assert len(post_view.RENDERED.entries) == 0
    thread_page(forum, forum.carol)
    assert len(post_view.RENDERED.entries) == 1


def test_the_kept_posts_are_capped_in_bytes():
    kept = post_view.RenderedPosts(max_bytes=20)
    for key in range(5):
        assert kept.get(key, lambda key=key: f"html {key}") == f"html {key}"
    # six bytes each: the oldest go first
    assert list(kept.entries) == [2, 3, 4] and kept.size == 18
    assert kept.get(4, lambda: "rendered again") == "html 4"
    assert kept.get("long", lambda: "x" * 50) == "x" * 50
    assert kept.size <= 20 and "long" not in kept.entries
