"""Keeping the forum safe: review of new members' posts, flags, the moderation queue, thread tools."""

import datetime
import re

import pytest

from portal.audit import AuditEntry
from portal.db import transaction, utcnow
from portal.forum import moderating, posting
from portal.forum.models import Flag, Post, Thread
from tests.conftest import make_member
from tests.forum_fixtures import make_category, newcomer_posts_wait, post_ids_on, thread_ids_on
from tests.helpers import HTMX, audit, fresh, location, notifications_of, page_of, suspend


def queue_ids(browser):
    response = browser.get("/moderation/posts")
    assert response.status_code == 200
    return post_ids_on(page_of(response))


def queue_item(html, post_id):
    match = re.search(rf'<article class="post[^"]*queue-item" id="p{post_id}".*?</article>', html, re.S)
    assert match, f"post {post_id} is not in the queue"
    return match.group(0)


@pytest.fixture
def newcomer(forum, app):
    """A member who has not posted before; from now on first posts wait for review."""
    newcomer_posts_wait(app)
    return make_member("newbie")


# a new member's first posts wait -----------------------------------------------------------------

def test_a_new_members_reply_waits_and_only_the_author_sees_it(forum, newcomer):
    response = forum.browser(newcomer).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Hello, I am new"})
    assert response.status_code == 303
    post = Post.get(Post.body == "Hello, I am new")
    assert post.status == "pending"
    own = page_of(forum.browser(newcomer).get(f"/forum/t/{forum.thread.id}"))
    assert "Hello, I am new" in own and "Awaiting review" in own
    for member in (forum.bob, forum.alice):
        html = page_of(forum.browser(member).get(f"/forum/t/{forum.thread.id}"))
        assert "Hello, I am new" not in html and post.id not in post_ids_on(html)
        assert forum.browser(member).get(f"/forum/p/{post.id}").status_code == 404
    # the thread's subscriber (alice) hears nothing yet
    assert notifications_of(forum.alice) == []


def test_a_new_members_thread_waits_and_is_listed_for_nobody_else(forum, newcomer):
    response = forum.browser(newcomer).submit("/forum/new", {"category": "housing", "title": "New here, hello",
                                                             "body": "Hi all"})
    thread = Thread.get(Thread.title == "New here, hello")
    assert thread.status == "pending"
    assert location(response)[0] == f"/forum/t/{thread.id}"
    own = page_of(forum.browser(newcomer).get("/forum/housing"))
    assert thread.id in thread_ids_on(own) and "Awaiting review" in own
    bob = forum.browser(forum.bob)
    assert thread.id not in thread_ids_on(page_of(bob.get("/forum/housing")))
    assert bob.get(f"/forum/t/{thread.id}").status_code == 404
    assert "1 thread" in page_of(bob.get("/forum"))


def test_moderators_see_waiting_posts_in_the_queue(forum, newcomer):
    post = forum.reply(newcomer, "Please approve me")
    html = page_of(forum.browser(forum.moderator).get("/moderation/posts"))
    item = queue_item(html, post.id)
    assert "Please approve me" in item and "Awaiting review" in item and "newbie" in item
    assert forum.browser(forum.moderator).get(f"/forum/t/{forum.thread.id}").status_code == 200


def test_after_approval_the_post_is_visible_and_people_hear_about_it(forum, newcomer):
    post = forum.reply(newcomer, "Approved words")
    response = forum.browser(forum.moderator).submit(f"/moderation/posts/{post.id}/approve")
    assert response.status_code == 303
    assert fresh(post).status == "visible"
    assert "Approved words" in page_of(forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}"))
    approved, = notifications_of(newcomer, "post_approved")
    assert (approved.target_type, approved.target_id) == ("post", post.id)
    reply, = notifications_of(forum.alice, "reply")
    assert (reply.target_id, reply.actor_id) == (post.id, newcomer.id)
    assert post.id not in queue_ids(forum.browser(forum.moderator))


def test_only_the_first_three_posts_wait(forum, newcomer):
    for n in range(3):
        post = forum.reply(newcomer, f"Waiting {n}")
        assert post.status == "pending"
        forum.approve(post)
    assert forum.reply(newcomer, "Trusted now").status == "visible"


def test_the_number_of_posts_that_wait_is_a_setting(forum, app, newcomer):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 1
    first = forum.reply(newcomer, "One")
    assert first.status == "pending"
    forum.approve(first)
    assert forum.reply(newcomer, "Two").status == "visible"


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_posts_never_wait(forum, app, role):
    newcomer_posts_wait(app)
    staff = make_member(f"new-{role}", role)
    response = forum.browser(staff).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Staff speaking"})
    assert response.status_code == 303
    assert Post.get(Post.body == "Staff speaking").status == "visible"


# flagging --------------------------------------------------------------------------------------

def flag(browser, post, reason="spam", note="", **kwargs):
    return browser.submit(f"/forum/p/{post.id}/flag", {"reason": reason, "note": note}, **kwargs)


def test_the_flag_form_offers_the_five_reasons(forum):
    html = page_of(forum.browser(forum.bob).get(f"/forum/p/{forum.opening.id}/flag"))
    assert set(re.findall(r'name="reason"[^>]*value="(\w+)"', html)) == \
        {"outing", "harassment", "politics", "spam", "other"}


def test_a_spam_flag_is_stored_and_does_not_hide_the_post(forum):
    response = flag(forum.browser(forum.bob), forum.opening, "spam", "Selling things")
    assert response.status_code == 303
    stored, = Flag.select().where(Flag.post == forum.opening)
    assert (stored.member_id, stored.reason, stored.note, stored.resolved_at) == \
        (forum.bob.id, "spam", "Selling things", None)
    assert fresh(forum.opening).status == "visible"
    assert "Opening post text" in page_of(forum.browser(forum.carol).get(f"/forum/t/{forum.thread.id}"))


def test_a_member_flags_a_post_only_once(forum):
    bob = forum.browser(forum.bob)
    flag(bob, forum.opening, "spam")
    response = flag(bob, forum.opening, "harassment")
    assert response.status_code == 422
    assert "You have already flagged this post." in page_of(response)
    assert Flag.select().where(Flag.post == forum.opening).count() == 1
    assert fresh(forum.opening).status == "visible"


def test_a_member_cannot_flag_their_own_post(forum):
    alice = forum.browser(forum.alice)
    assert alice.get(f"/forum/p/{forum.opening.id}/flag").status_code == 403
    assert flag(alice, forum.opening, "outing").status_code == 403
    assert not Flag.select().exists()
    assert fresh(forum.opening).status == "visible"


def test_a_suspended_member_cannot_flag(forum):
    suspend(forum.bob)
    assert flag(forum.browser(forum.bob), forum.opening, "outing").status_code == 403
    assert not Flag.select().exists()


@pytest.mark.parametrize("reason", ["", "nonsense"])
def test_a_flag_needs_a_known_reason(forum, reason):
    response = flag(forum.browser(forum.bob), forum.opening, reason)
    assert response.status_code == 422
    assert not Flag.select().exists()


def test_an_outing_flag_hides_the_post_at_once(forum):
    reply = forum.reply(forum.carol, "Ahmed from room 12 is gay")
    assert flag(forum.browser(forum.bob), reply, "outing").status_code == 303
    assert fresh(reply).status == "hidden"
    for member in (forum.alice, forum.bob):
        html = page_of(forum.browser(member).get(f"/forum/t/{forum.thread.id}"))
        assert "room 12" not in html and reply.id not in post_ids_on(html)
    item = queue_item(page_of(forum.browser(forum.moderator).get("/moderation/posts")), reply.id)
    assert "room 12" in item and "Outing risk or personal information" in item and "bob" in item


def test_flags_from_two_members_hide_the_post(forum):
    reply = forum.reply(forum.carol, "Buy cheap watches")
    flag(forum.browser(forum.bob), reply, "spam")
    assert fresh(reply).status == "visible"
    flag(forum.browser(forum.alice), reply, "spam")
    assert fresh(reply).status == "hidden"
    # neither a flagger nor anyone else sees it now
    for member in (forum.bob, make_member("dana")):
        assert "cheap watches" not in page_of(forum.browser(member).get(f"/forum/t/{forum.thread.id}"))
    item = queue_item(page_of(forum.browser(forum.moderator).get("/moderation/posts")), reply.id)
    assert item.count("Spam") == 2


def test_a_hidden_post_is_still_shown_to_its_author(forum):
    reply = forum.reply(forum.carol, "My words")
    flag(forum.browser(forum.bob), reply, "outing")
    html = page_of(forum.browser(forum.carol).get(f"/forum/t/{forum.thread.id}"))
    assert "My words" in html and "Hidden by a moderator." in html


def test_an_outing_flag_on_the_opening_post_hides_the_thread(forum):
    flag(forum.browser(forum.bob), forum.opening, "outing")
    assert Thread.get_by_id(forum.thread.id).status == "hidden"
    carol = forum.browser(forum.carol)
    assert carol.get(f"/forum/t/{forum.thread.id}").status_code == 404
    assert forum.thread.id not in thread_ids_on(page_of(carol.get("/forum/housing")))


def test_flagging_with_htmx_returns_a_small_fragment(forum):
    bob = forum.browser(forum.bob)
    form = bob.get(f"/forum/p/{forum.opening.id}/flag", headers=HTMX)
    assert form.status_code == 200
    assert "<html" not in page_of(form) and 'class="flag-form"' in page_of(form)
    response = flag(bob, forum.opening, "politics", headers=HTMX)
    assert response.status_code == 200
    html = page_of(response)
    assert "<html" not in html and "<form" not in html
    assert "Thank you. A moderator will look at this post." in html
    assert Flag.get(Flag.post == forum.opening).reason == "politics"


def test_the_report_link_disappears_once_flagged(forum):
    bob = forum.browser(forum.bob)
    assert f'href="/forum/p/{forum.opening.id}/flag"' in page_of(bob.get(f"/forum/t/{forum.thread.id}"))
    flag(bob, forum.opening, "other")
    assert f'href="/forum/p/{forum.opening.id}/flag"' not in page_of(bob.get(f"/forum/t/{forum.thread.id}"))


# the moderation queue --------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["member", "organiser"])
def test_members_cannot_see_the_queue_or_act_on_posts(forum, role):
    member = make_member(f"some-{role}", role)
    browser = forum.browser(member)
    assert browser.get("/moderation/posts").status_code == 403
    for action in ("approve", "hide", "restore", "delete"):
        assert browser.submit(f"/moderation/posts/{forum.opening.id}/{action}", {"reason": "x"}).status_code == 403
    for action in ("lock", "unlock", "pin", "unpin"):
        assert browser.submit(f"/moderation/threads/{forum.thread.id}/{action}").status_code == 403
    make_category("elsewhere")
    assert browser.submit(f"/moderation/threads/{forum.thread.id}/move", {"category": "elsewhere"}).status_code == 403
    assert fresh(forum.opening).status == "visible"
    thread = Thread.get_by_id(forum.thread.id)
    assert (thread.locked, thread.pinned, thread.category_id) == (False, False, forum.category.id)
    assert not AuditEntry.select().exists()


def test_the_queue_lists_waiting_and_flagged_posts_oldest_first(forum, app):
    flagged = forum.reply(forum.carol, "Flagged words")
    untouched = forum.reply(forum.carol, "Nobody minds this")
    newcomer_posts_wait(app)
    waiting = forum.reply(make_member("newbie"), "Waiting words")
    moderating.flag_post(fresh(flagged), forum.bob, "harassment", "rude")
    # the flagged post is made older than it is: order must follow time, not ids
    with transaction():
        Post.update(created_at=utcnow() - datetime.timedelta(days=2)).where(Post.id == waiting.id).execute()
        Post.update(created_at=utcnow() - datetime.timedelta(days=3)).where(Post.id == flagged.id).execute()
    assert queue_ids(forum.browser(forum.moderator)) == [flagged.id, waiting.id]
    html = page_of(forum.browser(forum.moderator).get("/moderation/posts"))
    assert "Harassment or hate" in queue_item(html, flagged.id) and "rude" in queue_item(html, flagged.id)
    assert untouched.id not in post_ids_on(html)


def test_the_queue_is_empty_when_nothing_waits(forum):
    assert "Nothing waits for review." in page_of(forum.browser(forum.moderator).get("/moderation/posts"))


@pytest.fixture
def flagged_reply(forum):
    """Carol's reply, flagged by Bob (spam) and hidden by Alice's outing flag."""
    reply = forum.reply(forum.carol, "Carol's questionable reply")
    moderating.flag_post(fresh(reply), forum.bob, "spam")
    moderating.flag_post(fresh(reply), forum.alice, "outing")
    assert fresh(reply).status == "hidden"
    return reply


@pytest.mark.parametrize("action, status, audit_action", [
    ("approve", "visible", "post.approved"), ("restore", "visible", "post.restored"),
    ("hide", "hidden", "post.hidden"), ("delete", "deleted", "post.deleted"),
])
def test_each_moderator_action_changes_the_post_resolves_flags_and_is_audited(forum, flagged_reply, action, status,
                                                                               audit_action):
    response = forum.browser(forum.moderator).submit(f"/moderation/posts/{flagged_reply.id}/{action}",
                                                     {"reason": "Shares an address", "next": "/moderation/posts"})
    assert response.status_code == 303
    assert location(response)[0] == "/moderation/posts"
    assert fresh(flagged_reply).status == status
    assert Flag.select().where(Flag.post == flagged_reply, Flag.resolved_at.is_null()).count() == 0
    entry, = audit(audit_action)
    assert (entry.actor_id, entry.target_member_id, entry.target_type, entry.target_id) == \
        (forum.moderator.id, forum.carol.id, "post", flagged_reply.id)
    assert entry.created_at is not None
    if action in ("hide", "delete"):
        assert entry.note == "Shares an address"
    assert flagged_reply.id not in queue_ids(forum.browser(forum.moderator))


def test_a_hidden_posts_author_sees_the_reason(forum):
    reply = forum.reply(forum.carol, "Off topic rant")
    forum.browser(forum.moderator).submit(f"/moderation/posts/{reply.id}/hide", {"reason": "Politics is off topic"})
    post = fresh(reply)
    assert (post.status, post.status_reason, post.moderated_by_id) == ("hidden", "Politics is off topic",
                                                                       forum.moderator.id)
    html = page_of(forum.browser(forum.carol).get(f"/forum/t/{forum.thread.id}"))
    assert "Hidden by a moderator." in html and "Politics is off topic" in html
    assert "Off topic rant" not in page_of(forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}"))
    hidden, = notifications_of(forum.carol, "post_hidden")
    assert hidden.target_id == reply.id


def test_a_moderator_deletes_a_post_for_real(forum):
    reply = forum.reply(forum.carol, "Contains a phone number")
    forum.browser(forum.moderator).submit(f"/moderation/posts/{reply.id}/delete", {"reason": "personal data"})
    post = fresh(reply)
    assert (post.status, post.body, post.html) == ("deleted", "", "")
    assert forum.browser(forum.carol).get(f"/forum/p/{reply.id}").status_code == 404


def test_moderator_actions_with_htmx_return_a_fragment(forum, flagged_reply):
    response = forum.browser(forum.moderator).submit(f"/moderation/posts/{flagged_reply.id}/restore", headers=HTMX)
    assert response.status_code == 200
    html = page_of(response)
    assert "<html" not in html
    assert f'id="p{flagged_reply.id}"' in html and "Restored" in html
    assert fresh(flagged_reply).status == "visible"


def test_a_restored_post_is_visible_again(forum, flagged_reply):
    forum.browser(forum.moderator).submit(f"/moderation/posts/{flagged_reply.id}/restore")
    assert "questionable reply" in page_of(forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}"))


def test_an_unknown_post_action_changes_nothing(forum, flagged_reply):
    response = forum.browser(forum.moderator).submit(f"/moderation/posts/{flagged_reply.id}/publish")
    assert response.status_code == 303
    assert fresh(flagged_reply).status == "hidden"
    assert not AuditEntry.select().exists()


def test_a_moderator_action_needs_the_form_token(forum, flagged_reply):
    response = forum.browser(forum.moderator).post(f"/moderation/posts/{flagged_reply.id}/restore")
    assert response.status_code == 400
    assert fresh(flagged_reply).status == "hidden"


def test_the_moderator_sees_tools_on_the_post_itself(forum):
    html = page_of(forum.browser(forum.moderator).get(f"/forum/t/{forum.thread.id}"))
    assert f'action="/moderation/posts/{forum.opening.id}/hide"' in html
    assert f'action="/moderation/threads/{forum.thread.id}/lock"' in html
    member_html = page_of(forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}"))
    assert "/moderation/" not in member_html


# thread tools ----------------------------------------------------------------------------------

@pytest.mark.parametrize("action, field, start, end", [
    ("lock", "locked", False, True), ("unlock", "locked", True, False),
    ("pin", "pinned", False, True), ("unpin", "pinned", True, False),
])
def test_moderators_lock_unlock_pin_and_unpin_threads(forum, action, field, start, end):
    Thread.update({field: start}).where(Thread.id == forum.thread.id).execute()
    response = forum.browser(forum.moderator).submit(f"/moderation/threads/{forum.thread.id}/{action}")
    assert response.status_code == 303
    assert location(response)[0] == f"/forum/t/{forum.thread.id}"
    assert getattr(Thread.get_by_id(forum.thread.id), field) is end
    entry, = audit(f"thread.{action}ed" if action.endswith("k") else f"thread.{action}ned")
    assert (entry.actor_id, entry.target_member_id, entry.target_type, entry.target_id) == \
        (forum.moderator.id, forum.alice.id, "thread", forum.thread.id)


def test_moderators_move_a_thread(forum):
    target = make_category("welcome", {"en": "Welcome"})
    response = forum.browser(forum.moderator).submit(f"/moderation/threads/{forum.thread.id}/move",
                                                     {"category": "welcome"})
    assert response.status_code == 303
    assert Thread.get_by_id(forum.thread.id).category_id == target.id
    entry, = audit("thread.moved")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (forum.moderator.id, "thread", forum.thread.id)
    assert forum.thread.id in thread_ids_on(page_of(forum.browser(forum.bob).get("/forum/welcome")))
    assert forum.thread.id not in thread_ids_on(page_of(forum.browser(forum.bob).get("/forum/housing")))


def test_moving_to_an_unknown_category_changes_nothing(forum):
    forum.browser(forum.moderator).submit(f"/moderation/threads/{forum.thread.id}/move", {"category": "nowhere"})
    assert Thread.get_by_id(forum.thread.id).category_id == forum.category.id
    assert not AuditEntry.select().exists()


def test_thread_tools_on_a_deleted_thread_are_404(forum):
    posting.delete_post(fresh(forum.opening), forum.alice)
    assert forum.browser(forum.moderator).submit(f"/moderation/threads/{forum.thread.id}/lock").status_code == 404


def test_a_pinned_and_locked_thread_shows_its_badges(forum):
    Thread.update(pinned=True, locked=True).where(Thread.id == forum.thread.id).execute()
    html = page_of(forum.browser(forum.bob).get(f"/forum/t/{forum.thread.id}"))
    assert "Pinned" in html and "Locked" in html
