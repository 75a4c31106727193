"""Writing in the forum: new threads, replies, quotes, edits, history, deleting."""

import re

import pytest

from portal.audit import AuditEntry
from portal.forum import posting
from portal.forum.models import Post, PostRevision, Thread
from tests.conftest import make_member
from tests.forum_fixtures import make_category, post_ids_on
from tests.helpers import HTMX, audit, fresh, location, page_of, suspend

NEW_THREAD = {"category": "housing", "title": "Looking for a room", "body": "Does anyone know a *cheap* room?"}


def textarea(html, name="body"):
    """The text inside a textarea, as the page has it (escaped)."""
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {name}"
    return match.group(1)


def field_error(html, field):
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else None


# starting a thread -----------------------------------------------------------------------------

def test_the_new_thread_form_can_be_preset_to_a_category(forum):
    make_category("welcome", {"en": "Welcome"}, position=0)
    html = page_of(forum.browser(forum.bob).get("/forum/new?category=housing"))
    select = re.search(r'<select id="category".*?</select>', html, re.S).group(0)
    selected = re.findall(r"<option[^>]*\bselected\b[^>]*>", select)
    assert len(selected) == 1 and 'value="housing"' in selected[0]
    assert ">Housing and work</option>" in html and ">Welcome</option>" in html


def test_starting_a_thread_stores_it_and_shows_it(forum):
    response = forum.browser(forum.bob).submit("/forum/new", NEW_THREAD)
    assert response.status_code == 303
    thread = Thread.get(Thread.title == "Looking for a room")
    assert location(response)[0] == f"/forum/t/{thread.id}"
    assert (thread.category_id, thread.author_id, thread.status) == (forum.category.id, forum.bob.id, "visible")
    post, = Post.select().where(Post.thread == thread)
    assert post.body == NEW_THREAD["body"]
    assert "<em>cheap</em>" in post.html
    html = page_of(forum.browser(forum.carol).get(f"/forum/t/{thread.id}"))
    assert "Looking for a room" in html and "<em>cheap</em>" in html


@pytest.mark.parametrize("title", ["abc", "x" * 120, "  padded title  "])
def test_titles_of_3_to_120_characters_are_accepted(forum, title):
    response = forum.browser(forum.bob).submit("/forum/new", dict(NEW_THREAD, title=title))
    assert response.status_code == 303
    assert Thread.select().where(Thread.title == title.strip()).count() == 1


def test_a_body_of_20000_characters_is_accepted(forum):
    response = forum.browser(forum.bob).submit("/forum/new", dict(NEW_THREAD, body="y" * 20_000))
    assert response.status_code == 303
    assert Post.select().where(Post.body == "y" * 20_000).count() == 1


@pytest.mark.parametrize("field, value, message", [
    ("title", "", "Give your thread a title."),
    ("title", "     ", "Give your thread a title."),
    ("title", "ab", "A title has 3 to 120 characters."),
    ("title", "  ab  ", "A title has 3 to 120 characters."),
    ("title", "x" * 121, "A title has 3 to 120 characters."),
    ("body", "", "Write something first."),
    ("body", "   \n  ", "Write something first."),
    ("body", "z" * 20_001, "A post has at most 20,000 characters."),
])
def test_a_bad_title_or_body_is_refused_next_to_the_field_and_the_text_is_kept(forum, field, value, message):
    data = dict(NEW_THREAD, **{field: value})
    response = forum.browser(forum.bob).submit("/forum/new", data)
    assert response.status_code == 422
    html = page_of(response)
    assert field_error(html, field) == message
    other = "body" if field == "title" else "title"
    assert field_error(html, other) is None
    # what the person typed is still there, for both fields
    assert NEW_THREAD["body" if field == "title" else "title"] in html
    if field == "body" and value.strip():
        assert textarea(html) == value
    if field == "title" and value.strip():
        assert f'value="{value.strip()}"' in html
    assert Thread.select().count() == 1  # only the fixture's


def test_an_archived_category_takes_no_new_threads(forum):
    make_category("old", {"en": "Old news"}, archived=True)
    bob = forum.browser(forum.bob)
    assert 'value="old"' not in page_of(bob.get("/forum/new"))
    response = bob.submit("/forum/new", dict(NEW_THREAD, category="old"))
    assert response.status_code == 422
    assert "Choose a category from the list." in page_of(response)
    assert NEW_THREAD["title"] in page_of(response)
    assert not Thread.select().where(Thread.title == NEW_THREAD["title"]).exists()


def test_an_unknown_category_is_refused(forum):
    response = forum.browser(forum.bob).submit("/forum/new", dict(NEW_THREAD, category="nowhere"))
    assert response.status_code == 422
    assert not Thread.select().where(Thread.title == NEW_THREAD["title"]).exists()


def test_a_suspended_member_cannot_start_a_thread(forum):
    suspend(forum.bob)
    bob = forum.browser(forum.bob)
    assert bob.get("/forum/new").status_code == 403
    assert bob.submit("/forum/new", NEW_THREAD).status_code == 403
    assert not Thread.select().where(Thread.title == NEW_THREAD["title"]).exists()


@pytest.mark.parametrize("field, value, error", [
    ("title", "ab", "A title has 3 to 120 characters."),
    ("title", "   ", "Give your thread a title."),
    ("title", "A fine title", None),
    ("body", "", "Write something first."),
    ("body", "Fine", None),
])
def test_inline_validation_returns_only_the_fields_error(forum, field, value, error):
    response = forum.browser(forum.bob).submit(f"/forum/new/check?field={field}", {field: value}, headers=HTMX)
    assert response.status_code == 200
    html = page_of(response).strip()
    assert "<html" not in html and "<form" not in html and "<input" not in html
    assert html == (f'<p class="error">{error}</p>' if error else "")
    assert Thread.select().count() == 1


@pytest.mark.parametrize("field", ["category", "csrf_token", "nothing", ""])
def test_inline_validation_only_checks_title_and_body(forum, field):
    response = forum.browser(forum.bob).submit(f"/forum/new/check?field={field}", {"title": "x"}, headers=HTMX)
    assert response.status_code == 404


# replying --------------------------------------------------------------------------------------

def test_a_plain_reply_redirects_to_the_new_post_on_its_page(forum):
    bob = forum.browser(forum.bob)
    response = bob.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "I know a good one"})
    assert response.status_code == 303
    post = Post.get(Post.body == "I know a good one")
    assert (post.thread_id, post.author_id, post.status) == (forum.thread.id, forum.bob.id, "visible")
    assert location(response)[0] == f"/forum/p/{post.id}"
    landing = bob.get(f"/forum/p/{post.id}")
    assert landing.status_code == 303
    assert location(landing) == (f"/forum/t/{forum.thread.id}", {}, f"p{post.id}")
    assert post.id in post_ids_on(page_of(bob.get(f"/forum/t/{forum.thread.id}")))


def test_a_reply_on_a_later_page_lands_there(forum):
    for n in range(20):
        forum.reply(forum.carol, f"Filler {n}")
    response = forum.browser(forum.bob).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "On page two"})
    post = Post.get(Post.body == "On page two")
    landing = forum.browser(forum.bob).get(location(response)[0])
    assert location(landing) == (f"/forum/t/{forum.thread.id}", {"page": "2"}, f"p{post.id}")


def test_an_htmx_reply_returns_the_post_and_a_fresh_form(forum):
    response = forum.browser(forum.bob).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Fast **reply**"},
                                               headers=HTMX)
    assert response.status_code == 200
    html = page_of(response)
    post = Post.get(Post.body == "Fast **reply**")
    assert "<html" not in html and "<body" not in html
    assert post_ids_on(html) == [post.id]
    assert "<strong>reply</strong>" in html
    form = re.search(r'<form id="reply-form"[^>]*>', html).group(0)
    assert 'hx-swap-oob="true"' in form
    assert textarea(html) == ""  # the form is cleared
    assert "HX-Request" in response.headers.get("Vary", "")


def test_an_invalid_htmx_reply_retargets_the_form_and_keeps_the_text(forum):
    typed = "w" * 20_001
    response = forum.browser(forum.bob).submit(f"/forum/t/{forum.thread.id}/reply", {"body": typed}, headers=HTMX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#reply-form"
    assert response.headers["HX-Reswap"] == "outerHTML"
    html = page_of(response)
    assert "<html" not in html
    assert textarea(html) == typed
    assert "A post has at most 20,000 characters." in html
    assert Post.select().where(Post.thread == forum.thread).count() == 1


@pytest.mark.parametrize("body, message", [("", "Write something first."), ("  \n ", "Write something first."),
                                           ("v" * 20_001, "A post has at most 20,000 characters.")])
def test_an_invalid_plain_reply_shows_the_thread_with_the_error_and_the_text(forum, body, message):
    response = forum.browser(forum.bob).submit(f"/forum/t/{forum.thread.id}/reply", {"body": body})
    assert response.status_code == 422
    html = page_of(response)
    assert "Opening post text" in html
    assert field_error(html, "body") == message
    if body.strip():
        assert textarea(html) == body
    assert Post.select().where(Post.thread == forum.thread).count() == 1


def lock(thread):
    Thread.update(locked=True).where(Thread.id == thread.id).execute()


def test_members_cannot_reply_to_a_locked_thread(forum):
    lock(forum.thread)
    bob = forum.browser(forum.bob)
    html = page_of(bob.get(f"/forum/t/{forum.thread.id}"))
    assert 'id="reply-form"' not in html and "This thread is locked." in html
    for headers in ({}, HTMX):
        response = bob.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Let me in"}, headers=headers)
        assert response.status_code == 403
    assert not Post.select().where(Post.body == "Let me in").exists()


def test_a_moderator_can_still_reply_to_a_locked_thread(forum):
    lock(forum.thread)
    response = forum.browser(forum.moderator).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Closing words"})
    assert response.status_code == 303
    assert Post.get(Post.body == "Closing words").status == "visible"


def test_a_reply_to_a_deleted_thread_is_404(forum):
    posting.delete_post(fresh(forum.opening), forum.alice)
    for member in (forum.bob, forum.moderator):
        response = forum.browser(member).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Anyone?"})
        assert response.status_code == 404
    assert not Post.select().where(Post.body == "Anyone?").exists()


def test_a_reply_to_an_unknown_thread_is_404(forum):
    assert forum.browser(forum.bob).submit("/forum/t/424242/reply", {"body": "Hello"}).status_code == 404


def test_a_suspended_member_cannot_reply_and_sees_no_reply_form(forum):
    suspend(forum.bob)
    bob = forum.browser(forum.bob)
    html = page_of(bob.get(f"/forum/t/{forum.thread.id}"))
    assert 'id="reply-form"' not in html
    assert bob.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Still here"}).status_code == 403
    assert not Post.select().where(Post.body == "Still here").exists()


def test_quoting_a_post_fills_the_reply_form_with_a_markdown_quote(forum):
    post = forum.reply(forum.carol, "Line one\nLine <two> & more")
    html = page_of(forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}?quote={post.id}"))
    assert textarea(html) == "**carol:**\n&gt; Line one\n&gt; Line &lt;two&gt; &amp; more\n\n"


def test_quoting_a_post_the_reader_may_not_see_fills_nothing(forum, app):
    other = forum.thread_by(forum.alice, "Another thread")
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3
    waiting = forum.reply(make_member("newbie"), "A secret in review")
    bob = forum.browser(forum.bob)
    for url in (f"/forum/t/{forum.thread.id}?quote={waiting.id}", f"/forum/t/{other.id}?quote={forum.opening.id}"):
        html = page_of(bob.get(url))
        assert textarea(html) == ""
        assert "A secret in review" not in html


# editing ---------------------------------------------------------------------------------------

def test_the_author_edits_a_post_and_the_old_text_is_kept(forum):
    alice = forum.browser(forum.alice)
    form = page_of(alice.get(f"/forum/p/{forum.opening.id}/edit"))
    assert textarea(form) == "Opening post text"
    response = alice.submit(f"/forum/p/{forum.opening.id}/edit", {"body": "Better *opening* text"})
    assert response.status_code == 303
    assert location(response)[0] == f"/forum/p/{forum.opening.id}"
    post = fresh(forum.opening)
    assert post.body == "Better *opening* text" and "<em>opening</em>" in post.html and post.edited_at
    revision, = PostRevision.select().where(PostRevision.post == post)
    assert (revision.body, revision.edited_by_id) == ("Opening post text", forum.alice.id)
    html = page_of(forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}"))
    assert "<em>opening</em>" in html and "edited" in html
    assert f'href="/forum/p/{post.id}/history"' not in html  # only the author and staff get the history link
    assert f'href="/forum/p/{post.id}/history"' in page_of(alice.get(f"/forum/t/{forum.thread.id}"))


def test_every_revision_is_kept_in_order(forum):
    alice = forum.browser(forum.alice)
    for body in ("Second version", "Third version"):
        assert alice.submit(f"/forum/p/{forum.opening.id}/edit", {"body": body}).status_code == 303
    bodies = [r.body for r in PostRevision.select().where(PostRevision.post == forum.opening).order_by(PostRevision.id)]
    assert bodies == ["Opening post text", "Second version"]
    assert fresh(forum.opening).body == "Third version"


@pytest.mark.parametrize("who", ["alice", "moderator"])
def test_the_history_is_shown_to_the_author_and_moderators(forum, who):
    posting.edit_post(fresh(forum.opening), forum.alice, "New words")
    response = forum.browser(getattr(forum, who)).get(f"/forum/p/{forum.opening.id}/history")
    assert response.status_code == 200
    html = page_of(response)
    assert "Opening post text" in html and "New words" in html


def test_the_history_is_not_shown_to_other_members(forum):
    posting.edit_post(fresh(forum.opening), forum.alice, "New words")
    response = forum.browser(forum.bob).get(f"/forum/p/{forum.opening.id}/history")
    assert response.status_code == 403
    assert "Opening post text" not in page_of(response)


def test_a_member_cannot_edit_someone_elses_post(forum):
    bob = forum.browser(forum.bob)
    assert bob.get(f"/forum/p/{forum.opening.id}/edit").status_code == 403
    assert bob.submit(f"/forum/p/{forum.opening.id}/edit", {"body": "Hijacked"}).status_code == 403
    assert fresh(forum.opening).body == "Opening post text"
    assert not PostRevision.select().exists()
    assert f"/forum/p/{forum.opening.id}/edit" not in page_of(bob.get(f"/forum/t/{forum.thread.id}"))


def test_an_empty_edit_is_refused_and_nothing_changes(forum):
    response = forum.browser(forum.alice).submit(f"/forum/p/{forum.opening.id}/edit", {"body": "   "})
    assert response.status_code == 422
    assert "Write something first." in page_of(response)
    assert fresh(forum.opening).body == "Opening post text"
    assert not PostRevision.select().exists()


def test_a_moderator_edit_with_a_note_is_audited(forum):
    response = forum.browser(forum.moderator).submit(f"/forum/p/{forum.opening.id}/edit",
                                                     {"body": "Address removed", "note": "removed an address"})
    assert response.status_code == 303
    assert fresh(forum.opening).body == "Address removed"
    revision, = PostRevision.select().where(PostRevision.post == forum.opening)
    assert (revision.body, revision.edited_by_id, revision.note) == \
        ("Opening post text", forum.moderator.id, "removed an address")
    entry, = audit("post.edited")
    assert (entry.actor_id, entry.target_member_id, entry.target_type, entry.target_id, entry.note) == \
        (forum.moderator.id, forum.alice.id, "post", forum.opening.id, "removed an address")


def test_an_authors_own_edit_is_not_in_the_audit_log(forum):
    forum.browser(forum.alice).submit(f"/forum/p/{forum.opening.id}/edit", {"body": "Mine to change"})
    assert not AuditEntry.select().where(AuditEntry.action == "post.edited").exists()


# deleting --------------------------------------------------------------------------------------

def test_the_author_deletes_a_reply_for_everyone(forum):
    reply = forum.reply(forum.bob, "Regrettable words")
    posting.edit_post(fresh(reply), forum.bob, "Still regrettable")
    response = forum.browser(forum.bob).submit(f"/forum/p/{reply.id}/delete")
    assert response.status_code == 303
    assert location(response)[0] == f"/forum/t/{forum.thread.id}"
    post = fresh(reply)
    assert (post.status, post.body, post.html) == ("deleted", "", "")
    assert not PostRevision.select().where(PostRevision.post == post).exists()
    for member in (forum.bob, forum.carol, forum.moderator):
        html = page_of(forum.browser(member).get(f"/forum/t/{forum.thread.id}"))
        assert "regrettable" not in html.lower() and reply.id not in post_ids_on(html)
        assert forum.browser(member).get(f"/forum/p/{reply.id}").status_code == 404
    assert thread_status(forum.thread) == "visible"


def thread_status(thread):
    return Thread.get_by_id(thread.id).status


def test_deleting_the_opening_post_removes_the_thread(forum):
    forum.reply(forum.bob, "A reply that goes along")
    response = forum.browser(forum.alice).submit(f"/forum/p/{forum.opening.id}/delete")
    assert response.status_code == 303
    assert location(response)[0] == "/forum"
    assert thread_status(forum.thread) == "deleted"
    for member in (forum.alice, forum.bob, forum.moderator):
        assert forum.browser(member).get(f"/forum/t/{forum.thread.id}").status_code == 404
    assert forum.thread.id not in [int(i) for i in re.findall(r'href="/forum/t/(\d+)"',
                                                               page_of(forum.browser(forum.bob).get("/forum/housing")))]


def test_a_member_cannot_delete_someone_elses_post(forum):
    response = forum.browser(forum.bob).submit(f"/forum/p/{forum.opening.id}/delete")
    assert response.status_code == 403
    post = fresh(forum.opening)
    assert (post.status, post.body) == ("visible", "Opening post text")
    assert thread_status(forum.thread) == "visible"


def test_deleting_needs_the_form_token(forum):
    # a plain POST without the CSRF token (another site's form) changes nothing
    response = forum.browser(forum.alice).post(f"/forum/p/{forum.opening.id}/delete")
    assert response.status_code == 400
    assert fresh(forum.opening).status == "visible"


def test_deleting_asks_first_and_the_question_changes_nothing(forum):
    reply = forum.reply(forum.bob, "Words to <b>think</b> over")
    thread_html = page_of(forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}"))
    # the thread page links to the question instead of deleting at one tap
    assert f'href="/forum/p/{reply.id}/delete"' in thread_html
    assert f'action="/forum/p/{reply.id}/delete"' not in thread_html
    page = forum.browser(forum.bob).get(f"/forum/p/{reply.id}/delete")
    html = page_of(page)
    assert page.status_code == 200
    assert "Delete this post?" in html and "cannot be undone" in html
    assert "&lt;b&gt;think&lt;/b&gt;" in html and "<b>think" not in html
    assert "the whole thread is deleted" not in html
    assert f'action="/forum/p/{reply.id}/delete"' in html and 'name="csrf_token"' in html
    assert fresh(reply).status == "visible"


def test_the_question_for_the_opening_post_warns_that_the_thread_goes_too(forum):
    html = page_of(forum.browser(forum.alice).get(f"/forum/p/{forum.opening.id}/delete"))
    assert "the whole thread is deleted with it" in html
    assert thread_status(forum.thread) == "visible"


def test_the_question_is_asked_in_the_readers_language(forum):
    browser = forum.browser(forum.alice)
    browser.submit("/language", {"lang": "nl", "next": "/"})
    html = page_of(browser.get(f"/forum/p/{forum.opening.id}/delete"))
    assert "Dit bericht verwijderen?" in html and "Voorgoed verwijderen" in html


def test_nobody_else_is_asked_to_delete_a_post_that_is_not_theirs(forum):
    assert forum.browser(forum.bob).get(f"/forum/p/{forum.opening.id}/delete").status_code == 403
    forum.browser(forum.alice).submit(f"/forum/p/{forum.opening.id}/delete")
    # once deleted, the question is gone too
    assert forum.browser(forum.alice).get(f"/forum/p/{forum.opening.id}/delete").status_code == 404
