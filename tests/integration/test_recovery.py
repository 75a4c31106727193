"""A recovery code replaces one factor, never two: after it replaced the password, the authenticator
app is still asked for; someone who lost both signs in with a member's powers only, the staff are
told in the audit log, and the member is notified whenever a recovery code was used."""

import pytest

from portal.audit import AuditEntry
from portal.auth import membership
from portal.db import transaction
from portal.members.models import Member
from tests.conftest import PASSWORD, make_member
from tests.helpers import NEW_PASSWORD, fresh, kinds_of, page_of, signed_in
from tests.two_factor_helpers import code_next, code_now, code_step, recover, set_up_through_the_web, with_two_factor, wrong_code


@pytest.fixture
def staff_2fa(app):
    app.config["REQUIRE_STAFF_2FA"] = True


def moderator_with_two_factor(handle="Mo"):
    member = make_member(handle, "moderator")
    secret = with_two_factor(member)
    return member, secret, membership.issue_recovery_codes(member)


def audited(member, action):
    return AuditEntry.select().where(AuditEntry.action == action, AuditEntry.target_member == member.id).count()


def test_a_member_without_two_factor_is_signed_in_and_notified(app, client):
    member = make_member("Sami")
    codes = membership.issue_recovery_codes(member)
    response = recover(client, "Sami", codes[0])
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert signed_in(client)
    assert kinds_of(member) == ["account_recovered"]
    # a member's own recovery is nothing the staff need to read about
    assert audited(member, "account.recovered") == 0
    notifications = page_of(client.get("/notifications"))
    assert "Your password was set with a recovery code." in notifications


def test_a_stolen_recovery_code_does_not_open_the_staff_area(app, client, staff_2fa):
    """The attack: a moderator's pseudonym and one recovery code, no phone."""
    moderator, _secret, codes = moderator_with_two_factor()
    response = recover(client, "Mo", codes[0])
    assert response.status_code == 303
    assert response.headers["Location"] == "/login/code"
    assert not signed_in(client)
    assert client.get("/moderation").status_code == 302
    assert client.get("/moderation").headers["Location"].startswith("/login")
    # the password is changed (the code is spent), the authenticator app is still asked for
    assert membership.authenticate("Mo", NEW_PASSWORD) is not None
    assert fresh(moderator).has_two_factor
    assert kinds_of(moderator) == ["account_recovered"]
    assert audited(moderator, "account.recovered") == 1


def test_after_recovery_the_code_from_the_app_signs_in_with_staff_powers(app, client, staff_2fa):
    moderator, secret, codes = moderator_with_two_factor()
    recover(client, "Mo", codes[0])
    page = page_of(client.get("/login/code"))
    assert "One more step" in page and "Sign in without my app" in page
    assert "9 recovery codes left" in page

    response = code_step(client, wrong_code(secret))
    assert response.status_code == 422 and not signed_in(client)
    response = code_step(client, code_now(secret))
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get("/moderation").status_code == 200
    assert fresh(moderator).has_two_factor
    assert audited(moderator, "account.two_factor_lost") == 0


def test_who_lost_both_gets_a_members_powers_until_two_factor_is_set_up_again(app, client, staff_2fa):
    moderator, _secret, codes = moderator_with_two_factor()
    recover(client, "Mo", codes[0])
    response = client.submit("/login/code/lost")
    client.forget_csrf()
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/security#two-factor"
    security = page_of(client.get("/account/security"))
    assert "Two-factor sign-in is off now" in security
    assert "powers only" in security
    assert signed_in(client)

    moderator = fresh(moderator)
    assert moderator.totp_secret is None and moderator.totp_last_step == 0
    # member powers only: the staff area sends them to set up two-factor, staff powers on member pages are gone
    assert client.get("/moderation").headers["Location"] == "/account/security#two-factor"
    hidden = make_member("Quiet")
    with transaction():
        Member.update(profile_hidden=True).where(Member.id == hidden.id).execute()
    assert client.get(f"/members/{hidden.handle}").status_code == 404
    # the staff are told, and so is the member
    entry = AuditEntry.get(AuditEntry.action == "account.two_factor_lost")
    assert entry.actor_id == moderator.id and entry.target_member_id == moderator.id
    assert kinds_of(moderator) == ["account_recovered", "two_factor_lost"]

    set_up_through_the_web(client)
    assert client.get("/moderation").status_code == 200
    assert client.get(f"/members/{hidden.handle}").status_code == 200
    log = page_of(client.get("/moderation/log"))
    assert "Two-factor sign-in removed after a recovery code" in log
    assert "Password set with a recovery code" in log


def test_a_member_who_lost_both_is_signed_in_without_two_factor(app, client):
    member = make_member("Sami")
    with_two_factor(member)
    codes = membership.issue_recovery_codes(member)
    assert recover(client, "Sami", codes[0]).headers["Location"] == "/login/code"
    assert client.submit("/login/code/lost").status_code == 303
    client.forget_csrf()
    assert signed_in(client) and not fresh(member).has_two_factor
    assert audited(member, "account.two_factor_lost") == 1
    assert kinds_of(member) == ["account_recovered", "two_factor_lost"]


def test_without_a_recovery_code_the_app_cannot_be_skipped(app, client, staff_2fa):
    """The password alone (a stolen one) is only the first step: there is no way round the app."""
    moderator, secret, _codes = moderator_with_two_factor()
    response = client.submit("/login", {"handle": "Mo", "password": PASSWORD})
    client.forget_csrf()
    assert response.headers["Location"] == "/login/code"
    assert "Sign in without my app" not in page_of(client.get("/login/code"))
    response = client.submit("/login/code/lost")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert not signed_in(client)
    moderator = fresh(moderator)
    assert moderator.totp_secret == secret
    assert audited(moderator, "account.two_factor_lost") == 0 and kinds_of(moderator) == []


def test_skipping_the_app_needs_a_csrf_token(app, client):
    moderator, secret, codes = moderator_with_two_factor()
    recover(client, "Mo", codes[0])
    response = client.post("/login/code/lost")
    assert response.status_code == 400
    assert fresh(moderator).totp_secret == secret and not signed_in(client)


def test_a_password_change_elsewhere_ends_a_half_finished_recovery(app, client):
    moderator, secret, codes = moderator_with_two_factor()
    recover(client, "Mo", codes[0])
    membership.change_password(fresh(moderator), "yet another long password")
    assert client.submit("/login/code/lost").headers["Location"] == "/login"
    assert fresh(moderator).totp_secret == secret


def test_a_wrong_recovery_code_asks_for_nothing_more_and_tells_nobody(app, client):
    moderator, _secret, _codes = moderator_with_two_factor()
    response = recover(client, "Mo", "AAAA-BBBB-CCCC-DDDD")
    assert response.status_code == 422
    assert client.get("/login/code").headers["Location"] == "/login"
    assert kinds_of(moderator) == [] and audited(moderator, "account.recovered") == 0


def test_the_app_code_after_recovery_works_once(app, client):
    _moderator, secret, codes = moderator_with_two_factor()
    recover(client, "Mo", codes[0])
    code = code_now(secret)
    assert code_step(client, code).status_code == 303
    other = app.test_client()
    recover(other, "Mo", codes[1], "a third long password")
    assert code_step(other, code).status_code == 422
    assert code_step(other, code_next(secret)).status_code == 303
