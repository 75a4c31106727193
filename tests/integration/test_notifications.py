"""Notifications: replies in followed threads, mentions, the unread badge, reading them."""

import re

import pytest

from portal.forum import moderating
from portal.forum.models import Subscription
from portal.notifications import notify
from portal.notifications.models import Notification
from tests.conftest import make_member
from tests.forum_fixtures import newcomer_posts_wait
from tests.helpers import fresh, location, notifications_of, page_of


def badge(html):
    """The unread count in the navigation, or None without a badge."""
    match = re.search(r'<span class="count"[^>]*>(\d+)</span>', html)
    return int(match.group(1)) if match else None


def kinds(member):
    return [n.kind for n in notifications_of(member)]


def reply_via_page(forum, member, body):
    response = forum.browser(member).submit(f"/forum/t/{forum.thread.id}/reply", {"body": body})
    assert response.status_code == 303
    return response


# who hears about replies -----------------------------------------------------------------------

def test_the_thread_author_hears_about_replies_but_not_their_own(forum):
    reply_via_page(forum, forum.bob, "A reply from Bob")
    reply_via_page(forum, forum.alice, "Alice answers")
    reply, = notifications_of(forum.alice)
    assert (reply.kind, reply.actor_id, reply.target_type) == ("reply", forum.bob.id, "post")
    # Bob follows now (he replied) and hears about Alice's answer, not about his own reply
    assert kinds(forum.bob) == ["reply"]
    assert notifications_of(forum.bob)[0].actor_id == forum.alice.id


def test_replying_subscribes_automatically(forum):
    reply_via_page(forum, forum.bob, "Joining in")
    assert Subscription.get(Subscription.member == forum.bob.id, Subscription.thread == forum.thread.id).active


def test_non_subscribers_hear_nothing(forum):
    reply_via_page(forum, forum.bob, "Hello")
    assert notifications_of(forum.carol) == []


def test_turning_a_subscription_off_stops_notifications_and_replying_does_not_turn_it_on(forum):
    alice = forum.browser(forum.alice)
    response = alice.submit(f"/forum/t/{forum.thread.id}/subscription", {"follow": "off"})
    assert response.status_code == 303
    assert not Subscription.get(Subscription.member == forum.alice.id, Subscription.thread == forum.thread.id).active
    assert "Follow this thread" in page_of(alice.get(f"/forum/t/{forum.thread.id}"))
    reply_via_page(forum, forum.bob, "Nobody hears this")
    assert notifications_of(forum.alice) == []
    # Alice replies herself: still not following
    reply_via_page(forum, forum.alice, "Me again")
    assert not Subscription.get(Subscription.member == forum.alice.id, Subscription.thread == forum.thread.id).active
    reply_via_page(forum, forum.carol, "Still nobody hears")
    assert notifications_of(forum.alice) == []


def test_following_a_thread_turns_notifications_on(forum):
    carol = forum.browser(forum.carol)
    assert "Follow this thread" in page_of(carol.get(f"/forum/t/{forum.thread.id}"))
    carol.submit(f"/forum/t/{forum.thread.id}/subscription", {"follow": "on"})
    assert "Stop following this thread" in page_of(carol.get(f"/forum/t/{forum.thread.id}"))
    reply_via_page(forum, forum.bob, "Carol hears this")
    assert kinds(forum.carol) == ["reply"]


def test_a_waiting_reply_notifies_nobody_until_approved(forum, app):
    newcomer_posts_wait(app)
    newcomer = make_member("newbie")
    post = forum.reply(newcomer, "Waiting, and hi @bob")
    assert notifications_of(forum.alice) == [] and notifications_of(forum.bob) == []
    forum.approve(post)
    assert kinds(forum.alice) == ["reply"] and kinds(forum.bob) == ["mention"]
    assert kinds(newcomer) == ["post_approved"]


def test_replies_in_a_hidden_thread_notify_nobody(forum):
    # a thread hidden for outing risk must not reach anyone through notifications, title included
    reply_via_page(forum, forum.bob, "Bob follows this thread now")
    moderating.flag_post(fresh(forum.opening), forum.carol, "outing")
    before = len(notifications_of(forum.bob))
    forum.browser(forum.alice).submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Still writing, @carol"})
    assert len(notifications_of(forum.bob)) == before
    assert notifications_of(forum.carol) == []
    assert "Where to find a lawyer" not in page_of(forum.browser(forum.carol).get("/notifications"))


# mentions --------------------------------------------------------------------------------------

def test_a_mention_notifies_the_member_once(forum):
    reply_via_page(forum, forum.bob, "@carol what do you think? @Carol, @carol!")
    mention, = notifications_of(forum.carol)
    assert (mention.kind, mention.actor_id) == ("mention", forum.bob.id)


def test_mentioning_oneself_or_nobody_notifies_no_one_extra(forum):
    reply_via_page(forum, forum.bob, "I, @bob, and @nobody-here say hi")
    assert notifications_of(forum.bob) == []
    assert Notification.select().where(Notification.kind == "mention").count() == 0


def test_a_mentioned_subscriber_gets_one_notification(forum):
    reply_via_page(forum, forum.bob, "@alice look at this")
    assert kinds(forum.alice) == ["mention"]


def test_applicants_are_not_mentioned(forum):
    make_member("hopeful", "applicant")
    reply_via_page(forum, forum.bob, "hi @hopeful")
    assert Notification.select().where(Notification.kind == "mention").count() == 0


# the badge and the list ------------------------------------------------------------------------

def test_the_badge_shows_the_unread_count(forum):
    alice = forum.browser(forum.alice)
    assert badge(page_of(alice.get("/forum"))) is None
    reply_via_page(forum, forum.bob, "One")
    reply_via_page(forum, forum.carol, "Two")
    assert badge(page_of(alice.get("/forum"))) == 2


def test_the_list_says_who_replied_where(forum):
    reply_via_page(forum, forum.bob, "Something")
    html = page_of(forum.browser(forum.alice).get("/notifications"))
    assert "bob replied in a thread you follow: Where to find a lawyer" in html
    # never the content itself
    assert "Something" not in html


def test_opening_a_notification_marks_it_read_and_goes_to_the_post(forum):
    reply_via_page(forum, forum.bob, "Look")
    notification, = notifications_of(forum.alice)
    alice = forum.browser(forum.alice)
    response = alice.get(f"/notifications/{notification.id}")
    assert response.status_code == 303
    assert location(response)[0] == f"/forum/p/{notification.target_id}"
    assert fresh(notification).read_at is not None
    assert badge(page_of(alice.get("/forum"))) is None


def test_another_members_notification_is_404_and_stays_unread(forum):
    reply_via_page(forum, forum.bob, "For Alice")
    notification, = notifications_of(forum.alice)
    assert forum.browser(forum.carol).get(f"/notifications/{notification.id}").status_code == 404
    assert fresh(notification).read_at is None


def test_mark_all_read(forum):
    reply_via_page(forum, forum.bob, "One")
    reply_via_page(forum, forum.carol, "Two")
    reply_via_page(forum, forum.alice, "For Bob and Carol")
    alice = forum.browser(forum.alice)
    response = alice.submit("/notifications/read")
    assert response.status_code == 303
    assert all(n.read_at for n in notifications_of(forum.alice))
    # only Alice's
    assert not any(n.read_at for n in notifications_of(forum.bob))
    assert notify.unread_count(forum.alice.id) == 0


def test_mark_all_read_needs_the_form_token(forum):
    reply_via_page(forum, forum.bob, "One")
    assert forum.browser(forum.alice).post("/notifications/read").status_code == 400
    assert notify.unread_count(forum.alice.id) == 1


@pytest.mark.parametrize("path", ["/notifications", "/notifications/1"])
def test_applicants_cannot_see_notifications(forum, login_as, client, path):
    login_as("applicant")
    assert client.get(path).status_code == 403


def test_a_waiting_post_is_not_in_other_members_notifications(forum, app):
    newcomer_posts_wait(app)
    forum.reply(make_member("newbie"), "Hi @carol")
    html = page_of(forum.browser(forum.carol).get("/notifications"))
    assert "Nothing new for you." in html
    assert badge(html) is None
