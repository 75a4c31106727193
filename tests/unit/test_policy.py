"""Every permission rule, for every role: the table below is the policy, written out by hand.

A rule added to policy.RULES without a row here fails test_every_rule_is_in_the_table, so nobody
grants a permission without saying, in this table, who gets it. A rule about an object other than
a member (a post, a thread) also gets an entry in OBJECTS: the ordinary case it is checked with.
"""

import datetime

import pytest
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import Forbidden

from portal import policy
from portal.calendar.models import Meetup
from portal.checkins.models import SafetyCheck
from portal.db import utcnow
from portal.forum.models import Category, Post, Thread
from portal.members.models import ROLES, Member

ANONYMOUS = "anonymous"
# staff by role without two-factor sign-in, while it is required: exactly a member's powers
MOD_NO_2FA, ADMIN_NO_2FA = "moderator without two-factor", "admin without two-factor"
WITHOUT_TWO_FACTOR = {MOD_NO_2FA: "moderator", ADMIN_NO_2FA: "admin"}
EVERYONE = (ANONYMOUS, *ROLES, MOD_NO_2FA, ADMIN_NO_2FA)

# rule -> who may, in the ordinary case: the object (if any) is OBJECTS[rule], else another member
EXPECTED = {
    "see_application_status": {"applicant", "member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "use_account": {"applicant", "member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "enter_member_area": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "moderate": {"moderator", "admin"},
    "decide_application": {"moderator", "admin"},
    "create_invite": {"moderator", "admin"},
    "find_members": {"moderator", "admin"},
    "read_audit_log": {"moderator", "admin"},
    "administer": {"admin"},
    "change_role": {"admin"},
    "set_buddy": {"admin"},
    "read_forum": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "start_thread": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "reply": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "edit_post": {"moderator", "admin"},
    "delete_own_post": set(),
    "see_post_history": {"moderator", "admin"},
    "flag_post": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "moderate_posts": {"moderator", "admin"},
    "sanction_member": {"moderator", "admin"},
    "manage_categories": {"admin"},
    "see_meetup": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "create_meetup": {"organiser", "moderator", "admin"},
    "manage_meetup": {"moderator", "admin"},
    "rsvp": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "see_location": {"moderator", "admin"},
    "moderate_introductions": {"moderator", "admin"},
    "manage_help": {"moderator", "admin"},
    # nobody answers another member's safety check-in, not even staff
    "answer_checkin": set(),
    "test_mail": {"admin"},
    "ask_support": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "work_support_desk": {"moderator", "admin"},
    "vouch": {"member", "organiser", MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"},
    "keep_staff_notes": {"moderator", "admin"},
    "manage_intake": {"admin"},
    "issue_invite_batch": {"admin"},
}


def user(role, member_id=1):
    """A signed-in member of a role (not saved: the policy needs no database), or a visitor.

    Staff have two-factor sign-in set up, except the two roles named "... without two-factor".
    Outside an app the policy takes REQUIRE_STAFF_2FA as on.
    """
    if role == ANONYMOUS:
        return AnonymousUserMixin()
    secret = "JBSWY3DPEHPK3PXP" if role in ("moderator", "admin") else None
    role = WITHOUT_TWO_FACTOR.get(role, role)
    return Member(id=member_id, handle=f"test-{role}", handle_key=f"test-{role}", role=role, totp_secret=secret)


def another(role="member"):
    return user(role, member_id=99)


def open_category():
    return Category(slug="welcome", archived=False)


def open_thread():
    return Thread(category=open_category(), status="visible", locked=False, pinned=False)


def someone_elses_post():
    return Post(thread=open_thread(), author=another(), status="visible")


def someone_elses_meetup():
    """A members-only meet-up next week by another organiser, which the viewer has not signed up for."""
    start = utcnow() + datetime.timedelta(days=7)
    return Meetup(organiser=another("organiser"), public=False, cancelled_at=None,
                  starts_at=start, ends_at=start + datetime.timedelta(hours=2))


# rule -> a function making the object the rule is checked with; rules not listed get another()
OBJECTS = {
    "start_thread": open_category,
    "reply": open_thread,
    "edit_post": someone_elses_post,
    "delete_own_post": someone_elses_post,
    "see_post_history": someone_elses_post,
    "flag_post": someone_elses_post,
    "see_meetup": someone_elses_meetup,
    "manage_meetup": someone_elses_meetup,
    "rsvp": someone_elses_meetup,
    "see_location": someone_elses_meetup,
    "answer_checkin": lambda: SafetyCheck(member=another(), about="meetup", target_id=1),
}


def ordinary_object(action):
    return OBJECTS.get(action, another)()


def test_every_rule_is_in_the_table():
    missing, stale = set(policy.RULES) - set(EXPECTED), set(EXPECTED) - set(policy.RULES)
    assert not missing, f"add these rules to EXPECTED (and OBJECTS if they take an object): {sorted(missing)}"
    assert not stale, f"these rules are gone from policy.RULES: {sorted(stale)}"


def test_the_table_names_only_real_roles():
    assert set().union(*EXPECTED.values()) <= set(EVERYONE) - {ANONYMOUS}


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_role_may_do_exactly_what_the_table_says(action, role):
    assert policy.can(user(role), action, ordinary_object(action)) is (role in EXPECTED[action])


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_require_agrees_with_can(action, role):
    if role in EXPECTED[action]:
        assert policy.require(action, ordinary_object(action), user=user(role)) is None
    else:
        with pytest.raises(Forbidden):
            policy.require(action, ordinary_object(action), user=user(role))


@pytest.mark.parametrize("target_role", ["member", "organiser", "moderator", "admin"])
def test_an_admin_may_change_the_role_of_anyone_vetted_but_themselves(target_role):
    admin = user("admin")
    assert policy.can(admin, "change_role", another(target_role))
    assert not policy.can(admin, "change_role", user(target_role, member_id=admin.id))


@pytest.mark.parametrize("action", ["change_role", "set_buddy"])
def test_applicants_get_a_decision_not_a_role_or_buddy_mark(action):
    # an applicant becomes a member only through an application decision, which is audited as such
    assert not policy.can(user("admin"), action, another("applicant"))


@pytest.mark.parametrize("action", ["change_role", "set_buddy"])
def test_rules_about_a_member_need_the_member(action):
    assert not policy.can(user("admin"), action, None)


@pytest.mark.parametrize("target_role", ["member", "organiser", "moderator", "admin"])
def test_an_admin_may_mark_any_vetted_member_as_buddy(target_role):
    assert policy.can(user("admin"), "set_buddy", another(target_role))


def test_staff_keep_no_notes_on_themselves_and_need_a_member():
    moderator = user("moderator")
    assert not policy.can(moderator, "keep_staff_notes", user("moderator", member_id=moderator.id))
    assert not policy.can(moderator, "keep_staff_notes", None)
    assert policy.can(moderator, "keep_staff_notes", another("moderator"))


def test_a_read_only_member_can_still_ask_for_help():
    suspended = user("member")
    suspended.suspended_until = utcnow() + datetime.timedelta(days=3)
    assert policy.can(suspended, "ask_support")


def test_an_unknown_action_is_an_error_not_a_permission():
    with pytest.raises(KeyError):
        policy.can(user("admin"), "launch_rockets")


@pytest.mark.parametrize("role", [MOD_NO_2FA, ADMIN_NO_2FA])
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_staff_without_two_factor_have_exactly_a_members_powers(action, role):
    assert policy.can(user(role), action, ordinary_object(action)) is policy.can(user("member"), action,
                                                                                  ordinary_object(action))


@pytest.mark.parametrize("role", [MOD_NO_2FA, ADMIN_NO_2FA])
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_with_the_setting_off_staff_without_two_factor_keep_their_powers(app, action, role):
    # tests/conftest.py's app has REQUIRE_STAFF_2FA off
    assert app.config["REQUIRE_STAFF_2FA"] is False
    with_two_factor = WITHOUT_TWO_FACTOR[role]
    assert policy.can(user(role), action, ordinary_object(action)) is (with_two_factor in EXPECTED[action])


@pytest.mark.parametrize(("role", "lacks"), [(ANONYMOUS, False), ("applicant", False), ("member", False),
                                             ("organiser", False), ("moderator", False), ("admin", False),
                                             (MOD_NO_2FA, True), (ADMIN_NO_2FA, True)])
def test_who_is_sent_to_set_up_two_factor(role, lacks):
    assert policy.lacks_staff_two_factor(user(role)) is lacks


def test_the_setting_decides_whether_staff_lack_two_factor(app):
    assert not policy.lacks_staff_two_factor(user(MOD_NO_2FA))
    app.config["REQUIRE_STAFF_2FA"] = True
    assert policy.lacks_staff_two_factor(user(MOD_NO_2FA))
    assert not policy.can(user(MOD_NO_2FA), "moderate")


@pytest.mark.parametrize("target", [MOD_NO_2FA, ADMIN_NO_2FA, "moderator", "admin"])
def test_staff_are_not_sanctioned_by_their_peers_with_or_without_two_factor(target):
    assert not policy.can(user("moderator"), "sanction_member", user(target, member_id=99))
