"""The forum's plain functions: review, flags, visibility, pages, texts, search terms, subscriptions."""

import datetime

import pytest

from portal.db import transaction, utcnow
from portal.forum import moderating, posting, reading, search
from portal.forum.models import Flag, Post, PostRevision, Subscription, Thread
from portal.notifications.models import Notification
from portal.paging import paginate
from tests.conftest import make_member
from tests.forum_fixtures import bulk_replies, make_category
from tests.helpers import fresh, notifications_of

# review of first posts -------------------------------------------------------------------------

def test_a_member_needs_review_until_enough_posts_are_visible(forum, app):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 2
    newcomer = make_member("newbie")
    assert posting.needs_review(newcomer)
    first = posting.add_reply(forum.thread, newcomer, "one")
    assert first.status == "pending" and posting.needs_review(newcomer)
    forum.approve(first)
    assert posting.needs_review(newcomer)
    forum.approve(posting.add_reply(forum.thread, newcomer, "two"))
    assert not posting.needs_review(newcomer)


def test_hidden_or_deleted_posts_do_not_count_towards_trust(forum, app):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 1
    newcomer = make_member("newbie")
    post = posting.add_reply(forum.thread, newcomer, "one")
    moderating.hide_post(fresh(post), forum.moderator, "no")
    assert posting.needs_review(newcomer)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_never_need_review(forum, app, role):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3
    assert not posting.needs_review(make_member(f"x-{role}", role))


def test_a_pending_opening_post_makes_a_pending_thread(forum, app):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3
    thread = posting.create_thread(forum.category, make_member("newbie"), "  Hello all  ", "Hi")
    assert (thread.status, thread.title) == ("pending", "Hello all")
    forum.approve(Post.get(Post.thread == thread))
    assert Thread.get_by_id(thread.id).status == "visible"


# flags -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("reason, hides", [("outing", True), ("harassment", False), ("politics", False),
                                           ("spam", False), ("other", False)])
def test_only_an_outing_flag_hides_on_its_own(forum, reason, hides):
    assert moderating.flag_post(fresh(forum.opening), forum.bob, reason) is hides
    assert fresh(forum.opening).status == ("hidden" if hides else "visible")


def test_flags_from_enough_different_members_hide(forum, app):
    app.config["FORUM_FLAGS_TO_HIDE"] = 3
    dana = make_member("dana")
    for member, expected in ((forum.bob, "visible"), (forum.carol, "visible"), (dana, "hidden")):
        moderating.flag_post(fresh(forum.opening), member, "spam")
        assert fresh(forum.opening).status == expected


def test_the_same_member_cannot_flag_twice(forum):
    moderating.flag_post(fresh(forum.opening), forum.bob, "spam")
    with pytest.raises(moderating.AlreadyFlagged):
        moderating.flag_post(fresh(forum.opening), forum.bob, "other")
    assert Flag.select().count() == 1
    assert fresh(forum.opening).status == "visible"


def test_resolved_flags_do_not_count_again(forum):
    moderating.flag_post(fresh(forum.opening), forum.bob, "spam")
    moderating.flag_post(fresh(forum.opening), forum.carol, "spam")
    moderating.restore_post(fresh(forum.opening), forum.moderator)
    assert fresh(forum.opening).status == "visible"
    moderating.flag_post(fresh(forum.opening), make_member("dana"), "spam")
    assert fresh(forum.opening).status == "visible"


def test_hiding_the_opening_post_hides_the_thread_and_restoring_brings_it_back(forum):
    moderating.flag_post(fresh(forum.opening), forum.bob, "outing")
    assert Thread.get_by_id(forum.thread.id).status == "hidden"
    moderating.restore_post(fresh(forum.opening), forum.moderator)
    assert Thread.get_by_id(forum.thread.id).status == "visible"


# the queue -------------------------------------------------------------------------------------

def test_the_queue_holds_pending_and_flagged_posts_oldest_first(forum, app):
    flagged = forum.reply(forum.bob, "flagged")
    forum.reply(forum.bob, "fine")
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3
    pending = posting.add_reply(forum.thread, make_member("newbie"), "pending")
    moderating.flag_post(fresh(flagged), forum.carol, "spam")
    with transaction():
        Post.update(created_at=utcnow() - datetime.timedelta(hours=1)).where(Post.id == pending.id).execute()
    assert [p.id for p in moderating.queue()] == [pending.id, flagged.id]
    assert moderating.queue_count() == 2
    flags = moderating.open_flags(list(moderating.queue()))
    assert [f.reason for f in flags[flagged.id]] == ["spam"] and pending.id not in flags


def test_a_decided_post_leaves_the_queue(forum):
    moderating.flag_post(fresh(forum.opening), forum.bob, "spam")
    moderating.approve_post(fresh(forum.opening), forum.moderator)
    assert moderating.queue_count() == 0


def test_a_deleted_flagged_post_leaves_the_queue_and_its_flags_are_resolved(forum):
    reply = forum.reply(forum.bob, "to delete")
    moderating.flag_post(fresh(reply), forum.carol, "spam")
    moderating.delete_post(fresh(reply), forum.moderator, "spam")
    assert moderating.queue_count() == 0
    assert Flag.select().where(Flag.resolved_at.is_null()).count() == 0


# visibility ------------------------------------------------------------------------------------

def visible_ids(user):
    return {p.id for p in Post.select().where(reading.visible_post_condition(user))}


def test_members_see_visible_posts_and_their_own_pending_or_hidden_ones(forum, app):
    hidden = forum.reply(forum.bob, "hidden")
    moderating.hide_post(fresh(hidden), forum.moderator, "x")
    deleted = forum.reply(forum.bob, "deleted")
    posting.delete_post(fresh(deleted), forum.bob)
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3
    newcomer = make_member("newbie")
    pending = posting.add_reply(forum.thread, newcomer, "pending")
    assert visible_ids(forum.carol) == {forum.opening.id}
    assert visible_ids(forum.bob) == {forum.opening.id, hidden.id}
    assert visible_ids(newcomer) == {forum.opening.id, pending.id}
    assert visible_ids(forum.moderator) == {forum.opening.id, hidden.id, pending.id}


def test_page_of_post_counts_only_what_the_reader_sees(forum, app):
    replies = bulk_replies(forum.thread, [forum.bob], 19)
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3
    newcomer = make_member("newbie")
    posting.add_reply(forum.thread, newcomer, "pending, position 21")
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    last = forum.reply(forum.carol, "position 22 for staff, 21 for members")
    assert reading.page_of_post(replies[0], forum.bob) == 1
    assert reading.page_of_post(replies[-1], forum.bob) == 1
    assert reading.page_of_post(fresh(last), forum.bob) == 2
    assert reading.page_of_post(fresh(last), forum.moderator) == 2


# category texts --------------------------------------------------------------------------------

def test_category_texts_prefer_the_readers_language_then_the_site_default_then_english(app):
    both = make_category("both", {"en": "English", "nl": "Nederlands", "ar": "عربي"})
    english = make_category("english", {"en": "Only English"})
    dutch_only = make_category("dutch", {"nl": "Alleen Nederlands"})
    texts = reading.category_texts([both, english, dutch_only], "nl")
    assert {c: t.name for c, t in texts.items()} == {both.id: "Nederlands", english.id: "Only English",
                                                    dutch_only.id: "Alleen Nederlands"}
    texts = reading.category_texts([both, english, dutch_only], "fr")
    assert texts[both.id].name == "English"


def test_the_overview_counts_only_visible_posts_in_visible_threads(forum, app):
    forum.reply(forum.bob, "one")
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3
    posting.add_reply(forum.thread, make_member("newbie"), "pending")
    (category, text, stats), = reading.category_overview("en")
    assert (category.id, text.name, stats["threads"], stats["posts"]) == \
        (forum.category.id, "Housing and work", 1, 2)


# subscriptions and announcements -----------------------------------------------------------------

def test_subscribe_does_not_turn_a_stopped_subscription_back_on(forum):
    posting.set_subscription(forum.thread, forum.alice, False)
    posting.subscribe(forum.thread, forum.alice)
    assert not Subscription.get(Subscription.member == forum.alice.id).active
    posting.set_subscription(forum.thread, forum.carol, True)
    assert Subscription.get(Subscription.member == forum.carol.id).active


def test_announce_notifies_subscribers_and_mentions_once_each(forum):
    posting.set_subscription(forum.thread, forum.carol, True)
    banned = make_member("gone")
    with transaction():
        banned.banned_at = utcnow()
        banned.save()
    post = forum.reply(forum.bob, "@carol and @alice and @gone and @bob and @carol")
    assert [n.kind for n in notifications_of(forum.carol)] == ["mention"]
    assert [n.kind for n in notifications_of(forum.alice)] == ["mention"]
    assert notifications_of(forum.bob) == [] and notifications_of(banned) == []
    assert Notification.select().where(Notification.target_id == post.id).count() == 2


# writing ---------------------------------------------------------------------------------------

def test_deleting_the_opening_post_deletes_the_thread_and_forgets_revisions(forum):
    posting.edit_post(fresh(forum.opening), forum.alice, "second")
    assert posting.delete_post(fresh(forum.opening), forum.alice) is True
    assert Thread.get_by_id(forum.thread.id).status == "deleted"
    assert not PostRevision.select().exists()


def test_deleting_a_reply_keeps_the_thread(forum):
    reply = forum.reply(forum.bob, "x")
    assert posting.delete_post(fresh(reply), forum.bob) is False
    assert Thread.get_by_id(forum.thread.id).status == "visible"


def test_stored_html_is_rendered_when_written(forum):
    post = forum.reply(forum.bob, "**bold** <script>x</script>")
    assert "<strong>bold</strong>" in post.html and "<script" not in post.html
    posting.edit_post(fresh(post), forum.bob, "_new_")
    assert "<em>new</em>" in fresh(post).html


# search helpers and paging ---------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ('"quoted" words', ["quoted", "words"]),
    ("lawyer*", ["lawyer"]),
    ("a OR b", ["a", "OR", "b"]),
    ("NEAR(x y)", ["NEAR", "x", "y"]),
    ("!!!", []),
    ("", []),
    (None, []),
    (" ".join(f"w{n}" for n in range(20)), [f"w{n}" for n in range(12)]),
    ("مرحبا بكم", ["مرحبا", "بكم"]),
])
def test_search_terms_keep_only_words(text, words):
    assert search.terms(text) == words


def test_highlight_escapes_before_marking():
    html = str(search.highlight(f"<b>x</b> {search.START}word{search.STOP} & more"))
    assert html == "&lt;b&gt;x&lt;/b&gt; <mark>word</mark> &amp; more"


@pytest.mark.parametrize("page_arg, number", [(None, 1), ("2", 2), ("3", 3), ("9", 3), ("0", 1), ("-1", 1),
                                              ("x", 1), ("2.5", 1)])
def test_paginate_clamps_the_page_number(forum, page_arg, number):
    bulk_replies(forum.thread, [forum.bob], 44)
    page = paginate(Post.select().order_by(Post.id), page_arg, 20)
    assert (page.number, page.pages, page.total) == (number, 3, 45)
    assert len(page.items) == (5 if number == 3 else 20)
    assert page.has_previous == (number > 1) and page.has_next == (number < 3)
