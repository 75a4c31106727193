"""Staff decisions about people, called directly: applications, invites, roles, buddies, search."""

import contextlib
import datetime

import pytest

from portal.audit import AuditEntry
from portal.auth import membership, tokens
from portal.auth.models import Application, Invite
from portal.db import transaction, utcnow
from portal.members.models import Member, Region
from portal.moderation import vetting
from tests.conftest import make_member
from tests.helpers import fresh


def actions():
    return [entry.action for entry in AuditEntry.select().order_by(AuditEntry.id)]


# the last admin --------------------------------------------------------------------------------

def test_the_last_admin_cannot_be_demoted(app):
    # Through the web an admin cannot change their own role, so the only way to reach the last
    # admin is this function; it must hold the line by itself.
    only = make_member("only-admin", "admin")
    with pytest.raises(vetting.LastAdmin):
        vetting.set_role(only, "moderator", only)
    assert fresh(only).role == "admin"
    assert "member.role" not in actions()


def test_of_two_admins_one_can_go_but_not_the_second(app):
    first = make_member("admin-a", "admin")
    second = make_member("admin-b", "admin")

    vetting.set_role(second, "member", first)
    assert fresh(second).role == "member"

    with pytest.raises(vetting.LastAdmin):
        vetting.set_role(fresh(first), "member", fresh(second))
    assert fresh(first).role == "admin"
    assert actions() == ["member.role"]


def test_an_admin_may_stay_admin(app):
    # "changing" the last admin to admin removes nobody
    only = make_member("only-admin", "admin")
    vetting.set_role(only, "admin", only)
    assert fresh(only).role == "admin"


# roles -----------------------------------------------------------------------------------------

def test_a_role_change_is_audited_with_old_and_new_role(app):
    admin = make_member("the-admin", "admin")
    member = make_member("Noor-22", "member")
    vetting.set_role(member, "moderator", admin)
    assert fresh(member).role == "moderator"
    entry = AuditEntry.get(AuditEntry.action == "member.role")
    assert (entry.actor_id, entry.target_member_id, entry.target_id, entry.note) == (
        admin.id, member.id, member.id, "member -> moderator")


@pytest.mark.parametrize("role", ["applicant", "superuser", ""])
def test_roles_outside_the_assignable_list_are_refused(app, role):
    admin = make_member("the-admin", "admin")
    member = make_member("Noor-22", "member")
    with pytest.raises(ValueError):
        vetting.set_role(member, role, admin)
    assert fresh(member).role == "member"
    assert actions() == []


def test_an_applicant_gets_no_role_without_a_decision(app):
    admin = make_member("the-admin", "admin")
    applicant = make_member("Noor-22", "applicant")
    with pytest.raises(ValueError):
        vetting.set_role(applicant, "member", admin)
    assert fresh(applicant).role == "applicant"


def test_applicant_is_not_an_assignable_role():
    assert "applicant" not in vetting.ASSIGNABLE_ROLES
    assert set(vetting.ASSIGNABLE_ROLES) == {"member", "organiser", "moderator", "admin"}


# buddies ---------------------------------------------------------------------------------------

def test_buddy_marks_are_set_cleared_and_audited(app):
    admin = make_member("the-admin", "admin")
    member = make_member("Noor-22", "member")
    vetting.set_buddy(member, True, admin)
    assert fresh(member).is_buddy is True
    vetting.set_buddy(member, False, admin)
    assert fresh(member).is_buddy is False
    assert actions() == ["member.buddy_on", "member.buddy_off"]


# applications ----------------------------------------------------------------------------------

@pytest.mark.parametrize("approve, status, role", [(True, "approved", "member"), (False, "rejected", "applicant")])
def test_deciding_an_application(app, approve, status, role):
    moderator = make_member("the-mod", "moderator")
    applicant = make_member("Noor-22", "applicant")
    application = Application.get(Application.member == applicant.id)

    vetting.decide_application(application, moderator, approve=approve, note="why")

    stored = Application.get_by_id(application.id)
    assert (stored.status, stored.decided_by_id, stored.note) == (status, moderator.id, "why")
    assert stored.decided_at is not None
    assert fresh(applicant).role == role
    entry = AuditEntry.get()
    assert (entry.actor_id, entry.action, entry.target_member_id, entry.note) == (
        moderator.id, f"application.{status}", applicant.id, "why")


def test_a_decision_taken_meanwhile_by_another_moderator_is_not_overwritten(app):
    # Two moderators open the same application; the route checks "still pending" before the
    # write, so both can get here. The second decision must not turn an approved member's
    # application into "rejected" (nor write a second, contradicting audit entry).
    first_mod = make_member("mod-one", "moderator")
    second_mod = make_member("mod-two", "moderator")
    applicant = make_member("Noor-22", "applicant")
    seen_by_first = Application.get(Application.member == applicant.id)
    seen_by_second = Application.get(Application.member == applicant.id)

    vetting.decide_application(seen_by_first, first_mod, approve=True, note="first")
    with contextlib.suppress(Exception):  # refusing loudly is as good as ignoring quietly
        vetting.decide_application(seen_by_second, second_mod, approve=False, note="second")

    stored = Application.get(Application.member == applicant.id)
    assert (stored.status, stored.decided_by_id, stored.note) == ("approved", first_mod.id, "first")
    assert fresh(applicant).role == "member"
    assert actions() == ["application.approved"]


def test_approving_never_lowers_a_role_given_meanwhile(app):
    # the approval only lifts an applicant; someone already promoted keeps their role
    moderator = make_member("the-mod", "moderator")
    promoted = make_member("Noor-22", "organiser")  # its application is still pending
    application = Application.get(Application.member == promoted.id)
    vetting.decide_application(application, moderator, approve=True)
    assert fresh(promoted).role == "organiser"


def test_pending_count_counts_only_waiting_applications(app):
    moderator = make_member("the-mod", "moderator")
    Application.update(status="approved").where(Application.member == moderator.id).execute()
    first = make_member("waiting-1", "applicant")
    make_member("waiting-2", "applicant")
    assert vetting.pending_count() == 2
    vetting.decide_application(Application.get(Application.member == first.id), moderator, approve=False)
    assert vetting.pending_count() == 1


# invites ---------------------------------------------------------------------------------------

def test_an_invite_keeps_only_the_hash_of_its_code(app):
    creator = make_member("the-mod", "moderator")
    before = utcnow()
    invite, code = vetting.create_invite(creator, days=3, pre_approved=True, note="for N.")

    stored = Invite.get_by_id(invite.id)
    assert stored.code_hash == tokens.digest(code) != code
    assert len(code) >= 40  # 256 random bits, url-safe
    assert (stored.created_by_id, stored.pre_approved, stored.note, stored.state) == (
        creator.id, True, "for N.", "open")
    assert before + datetime.timedelta(days=3) <= stored.expires_at <= utcnow() + datetime.timedelta(days=3)
    entry = AuditEntry.get(AuditEntry.action == "invite.created")
    assert (entry.target_type, entry.target_id, entry.note) == ("invite", invite.id, "for N.")
    assert code not in entry.note


def test_every_invite_code_is_different(app):
    codes = {vetting.create_invite(None, days=1)[1] for _ in range(5)}
    assert len(codes) == 5


def test_invite_states_and_their_refusals(app):
    invite, code = vetting.create_invite(None, days=1)
    assert membership.usable_invite(code).id == invite.id
    assert membership.usable_invite(f"  {code} ").id == invite.id  # pasted with spaces

    with transaction():
        Invite.update(expires_at=utcnow() - datetime.timedelta(seconds=1)).where(Invite.id == invite.id).execute()
    assert Invite.get_by_id(invite.id).state == "expired"
    with pytest.raises(membership.Refused) as refused:
        membership.usable_invite(code)
    assert refused.value.field == "invite" and "expired" in str(refused.value.message)

    with transaction():
        Invite.update(used_at=utcnow()).where(Invite.id == invite.id).execute()
    assert Invite.get_by_id(invite.id).state == "used"  # used wins over expired
    with pytest.raises(membership.Refused) as refused:
        membership.usable_invite(code)
    assert "already been used" in str(refused.value.message)

    with pytest.raises(membership.Refused) as refused:
        membership.usable_invite("not-a-code")
    assert "do not know" in str(refused.value.message)


def test_an_invite_works_once(app):
    invite, code = vetting.create_invite(None, days=1)
    membership.apply("first-one", "a long enough test password", languages=["en"], invite_code=code)
    with pytest.raises(membership.Refused):
        membership.apply("second-one", "a long enough test password", languages=["en"], invite_code=code)
    assert Member.get_or_none(Member.login_key == "second-one") is None
    assert Invite.get_by_id(invite.id).used_by.login_name == "first-one"


def test_recent_invites_are_newest_first(app):
    old, _ = vetting.create_invite(None, days=1, note="old")
    new, _ = vetting.create_invite(None, days=1, note="new")
    with transaction():
        Invite.update(created_at=utcnow() - datetime.timedelta(days=2)).where(Invite.id == old.id).execute()
    assert [invite.note for invite in vetting.recent_invites()] == ["new", "old"]


# finding members -------------------------------------------------------------------------------

@pytest.fixture
def people(app):
    north = Region.create(name="Groningen", position=1)
    make_member("Ali-Baba", "member", languages=["ar", "en"], region=north)
    make_member("KALI", "organiser", languages=["fa"])
    make_member("Лиса-88", "applicant", languages=["ru"], region=north)
    make_member("no_1", "member", languages=["tr"])
    make_member("noX1", "member", languages=["en"])
    return north


def handles_of(query):
    return [member.handle for member in query]


@pytest.mark.parametrize("criteria, expected", [
    ({}, ["Ali-Baba", "KALI", "no_1", "noX1", "Лиса-88"]),
    ({"text": "ali"}, ["Ali-Baba", "KALI"]),
    ({"text": "ALI"}, ["Ali-Baba", "KALI"]),
    ({"text": "ЛИСА"}, ["Лиса-88"]),
    ({"text": "no_"}, ["no_1"]),  # "_" is literal, not a LIKE wildcard
    ({"text": "%"}, []),  # so is "%"
    ({"language": "en"}, ["Ali-Baba", "noX1"]),
    ({"language": "a"}, []),  # a code matches whole, never inside "ar" or "fa"
    ({"role": "applicant"}, ["Лиса-88"]),
    ({"role": "member", "language": "en"}, ["Ali-Baba", "noX1"]),
])
def test_find_members(people, criteria, expected):
    assert handles_of(vetting.find_members(**criteria)) == expected


def test_find_members_by_region(people):
    assert handles_of(vetting.find_members(region_id=people.id)) == ["Ali-Baba", "Лиса-88"]


def test_find_members_is_limited(people):
    assert len(list(vetting.find_members(limit=2))) == 2
