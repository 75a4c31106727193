"""What moderators can do about a member: warn, suspend (read-only until a date), unsuspend, ban."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_skeleton, format_time

from portal.audit import AuditEntry
from portal.auth.sanctions import MemberWarning
from portal.forum.models import Flag, Post, Thread
from portal.members.models import Member
from tests.conftest import PASSWORD, make_member
from tests.helpers import HTMX, audit, fresh, location, notifications_of, page_of, sign_in

LOGIN_ERROR = "This sign-in name and password do not match an account."


def in_days(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def sanction(forum, action, target, data=None, by=None, **kwargs):
    return forum.browser(by or forum.moderator).submit(f"/moderation/members/{target.id}/{action}", data or {},
                                                       **kwargs)


# warnings --------------------------------------------------------------------------------------

def test_a_warning_is_stored_notified_shown_and_audited(forum):
    response = sanction(forum, "warn", forum.bob, {"message": "Please keep politics out of the forum."})
    assert response.status_code == 303
    assert location(response)[0] == f"/moderation/members/{forum.bob.id}"
    warning, = MemberWarning.select().where(MemberWarning.member == forum.bob.id)
    assert (warning.issued_by_id, warning.message) == (forum.moderator.id, "Please keep politics out of the forum.")
    notification, = notifications_of(forum.bob)
    assert (notification.kind, notification.target_type, notification.target_id) == ("warning", "warning", warning.id)
    html = page_of(forum.browser(forum.bob).get("/notifications"))
    assert "A moderator sent you a message." in html and "Please keep politics out of the forum." in html
    entry, = audit("member.warned")
    assert (entry.actor_id, entry.target_member_id, entry.note) == \
        (forum.moderator.id, forum.bob.id, "Please keep politics out of the forum.")
    assert "Please keep politics out of the forum." in page_of(
        forum.browser(forum.moderator).get(f"/moderation/members/{forum.bob.id}"))


def test_a_warning_without_a_message_is_refused(forum):
    response = sanction(forum, "warn", forum.bob, {"message": ""})
    assert response.status_code == 422
    assert "Write the message the member will see." in page_of(response)
    assert not MemberWarning.select().exists()
    assert notifications_of(forum.bob) == []
    assert not AuditEntry.select().exists()


def test_another_members_warning_is_not_shown(forum):
    sanction(forum, "warn", forum.bob, {"message": "For Bob only"})
    assert "For Bob only" not in page_of(forum.browser(forum.carol).get("/notifications"))


# suspensions -----------------------------------------------------------------------------------

@pytest.fixture
def suspended_bob(forum):
    response = sanction(forum, "suspend", forum.bob, {"until": in_days(10), "reason": "repeated spam"})
    assert response.status_code == 303
    return fresh(forum.bob)


def test_a_suspension_is_stored_and_audited(forum, suspended_bob):
    until = datetime.date.today() + datetime.timedelta(days=10)
    assert suspended_bob.suspended_until.date() == until
    assert suspended_bob.is_suspended
    entry, = audit("member.suspended")
    assert (entry.actor_id, entry.target_member_id) == (forum.moderator.id, forum.bob.id)
    assert until.isoformat() in entry.note and "repeated spam" in entry.note


def test_a_suspended_member_can_read_and_sees_until_when(forum, suspended_bob):
    bob = forum.browser(forum.bob)
    response = bob.get(f"/forum/t/{forum.thread.id}")
    assert response.status_code == 200
    html = page_of(response)
    assert "Opening post text" in html
    local = suspended_bob.suspended_until.replace(tzinfo=datetime.UTC).astimezone(ZoneInfo("Europe/Amsterdam"))
    # a date no reader can take for another day (not 12/11/26), and the time
    shown = f"{format_skeleton('yMMMd', local, locale='en')}, {format_time(local, 'short', locale='en')}"
    assert f"Your account is read-only until {shown}." in html
    assert 'id="reply-form"' not in html
    assert f"/forum/p/{forum.opening.id}/flag" not in html


def test_a_suspended_member_can_still_sign_in(forum, suspended_bob, app):
    assert sign_in(app, forum.bob).get("/forum").status_code == 200


def test_a_suspended_member_cannot_post_reply_or_flag(forum, suspended_bob):
    bob = forum.browser(forum.bob)
    assert bob.get("/forum/new").status_code == 403
    assert bob.submit("/forum/new", {"category": "housing", "title": "Sneaky thread", "body": "x"}).status_code == 403
    assert bob.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Sneaky reply"}).status_code == 403
    assert bob.submit(f"/forum/p/{forum.opening.id}/flag", {"reason": "spam"}).status_code == 403
    assert not Thread.select().where(Thread.title == "Sneaky thread").exists()
    assert not Post.select().where(Post.body == "Sneaky reply").exists()
    assert not Flag.select().exists()


@pytest.mark.parametrize("until, message", [("", "Choose a date."), ("not a date", "Not a valid date value."),
                                            (in_days(0), "Choose a date after today."),
                                            (in_days(-3), "Choose a date after today.")])
def test_a_suspension_needs_a_date_after_today(forum, until, message):
    response = sanction(forum, "suspend", forum.bob, {"until": until, "reason": "typed reason"})
    assert response.status_code == 422
    html = page_of(response)
    assert message in html
    assert 'value="typed reason"' in html  # what the moderator typed is kept
    assert fresh(forum.bob).suspended_until is None
    assert not AuditEntry.select().exists()


def test_ending_a_suspension_lets_the_member_write_again(forum, suspended_bob):
    response = sanction(forum, "unsuspend", forum.bob)
    assert response.status_code == 303
    assert fresh(forum.bob).suspended_until is None
    entry, = audit("member.unsuspended")
    assert (entry.actor_id, entry.target_member_id) == (forum.moderator.id, forum.bob.id)
    bob = forum.browser(forum.bob)
    assert "read-only" not in page_of(bob.get(f"/forum/t/{forum.thread.id}"))
    assert bob.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Back again"}).status_code == 303


# bans ------------------------------------------------------------------------------------------

def test_a_ban_ends_the_members_sessions_and_signing_in(forum, app):
    bob = forum.browser(forum.bob)
    assert bob.get("/forum").status_code == 200
    version = forum.bob.session_version
    response = sanction(forum, "ban", forum.bob, {"reason": "outed someone"})
    assert response.status_code == 303
    banned = fresh(forum.bob)
    assert banned.banned_at is not None and banned.session_version > version
    # the open session is over
    after = bob.get("/forum")
    assert after.status_code == 302 and location(after)[0] == "/login"
    # and signing in fails exactly like a wrong password
    fresh_browser = app.test_client()
    refused = fresh_browser.submit("/login", {"handle": "bob", "password": PASSWORD})
    wrong = app.test_client().submit("/login", {"handle": "carol", "password": "not the password at all"})
    assert refused.status_code == wrong.status_code == 422
    assert LOGIN_ERROR in page_of(refused) and LOGIN_ERROR in page_of(wrong)
    entry, = audit("member.banned")
    assert (entry.actor_id, entry.target_member_id, entry.note) == (forum.moderator.id, forum.bob.id, "outed someone")


# who may sanction whom -------------------------------------------------------------------------

ACTIONS = [("warn", {"message": "Behave"}), ("suspend", {"until": in_days(5)}), ("unsuspend", {}),
           ("ban", {"reason": "x"})]


@pytest.mark.parametrize("action, data", ACTIONS)
@pytest.mark.parametrize("target_role", ["moderator", "admin", "self"])
def test_moderators_cannot_sanction_staff_or_themselves(forum, action, data, target_role):
    target = forum.moderator if target_role == "self" else make_member(f"other-{target_role}", target_role)
    response = sanction(forum, action, target, data)
    assert response.status_code == 403
    after = fresh(target)
    assert (after.suspended_until, after.banned_at, after.session_version) == (None, None, target.session_version)
    assert not MemberWarning.select().exists()
    assert not AuditEntry.select().exists()


@pytest.mark.parametrize("action, data", ACTIONS)
def test_members_cannot_sanction_anyone(forum, action, data):
    response = sanction(forum, action, forum.carol, data, by=forum.bob)
    assert response.status_code == 403
    assert fresh(forum.carol).suspended_until is None and fresh(forum.carol).banned_at is None
    assert not AuditEntry.select().exists()


def test_an_admin_can_sanction_a_member(forum):
    admin = make_member("boss", "admin")
    assert sanction(forum, "warn", forum.bob, {"message": "From the admin"}, by=admin).status_code == 303
    assert MemberWarning.get().issued_by_id == admin.id


def test_sanctioning_an_unknown_member_is_404(forum):
    assert forum.browser(forum.moderator).submit("/moderation/members/9999/warn", {"message": "x"}).status_code == 404


def test_a_sanction_with_htmx_returns_a_fragment(forum):
    response = sanction(forum, "warn", forum.bob, {"message": "Quietly"}, headers=HTMX)
    assert response.status_code == 200
    html = page_of(response)
    assert "<html" not in html and "bob is warned." in html
    assert MemberWarning.select().count() == 1


def test_the_member_page_offers_the_sanctions_only_for_members(forum):
    moderator = forum.browser(forum.moderator)
    html = page_of(moderator.get(f"/moderation/members/{forum.bob.id}"))
    for action in ("warn", "suspend", "ban"):
        assert f'action="/moderation/members/{forum.bob.id}/{action}"' in html
    other = make_member("other-mod", "moderator")
    assert "/warn" not in page_of(moderator.get(f"/moderation/members/{other.id}"))


def test_the_banned_member_page_says_so(forum):
    sanction(forum, "ban", forum.bob)
    html = page_of(forum.browser(forum.moderator).get(f"/moderation/members/{forum.bob.id}"))
    assert "Banned since" in html
    assert Member.get_by_id(forum.bob.id).banned_at is not None
