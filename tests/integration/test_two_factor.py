"""Two-factor sign-in: setting it up, signing in with a code, turning it off, staff who must have it,
recovery codes, and the one-time reset link a moderator hands over in person."""

import datetime
import re
import time

import pyotp
import pytest

from portal import config
from portal.audit import AuditEntry
from portal.auth import membership, two_factor
from portal.auth.models import ResetToken
from portal.db import transaction, utcnow
from portal.members.models import RecoveryCode
from tests.conftest import PASSWORD, make_member
from tests.helpers import NEW_PASSWORD, fresh, page_of, signed_in
from tests.two_factor_helpers import (
    SECRET_ON_PAGE,
    code_next,
    code_now,
    code_step,
    recover,
    set_up_through_the_web,
    start_setup,
    with_two_factor,
    wrong_code,
)

CODES_ON_PAGE = re.compile(r"<li><code>([A-Z0-9-]{19})</code></li>")


def current_step_and_code(secret):
    totp = pyotp.TOTP(secret)
    step = totp.timecode(datetime.datetime.now())
    return step, totp.generate_otp(step)


def password_step(client, handle, password=PASSWORD, **extra):
    response = client.submit("/login", {"handle": handle, "password": password, **extra})
    # a right password starts a fresh session, and with it a new CSRF token
    client.forget_csrf()
    return response


# setting it up --------------------------------------------------------------------------------

def test_setup_shows_the_qr_code_inline_and_the_key_but_changes_nothing_yet(app, client, login_as):
    member = login_as("member", "Sami")
    before = page_of(client.get("/account/security"))
    assert "Set up two-factor sign-in" in before and "<svg" not in before

    page, secret = start_setup(client)
    assert len(secret) == 32
    # the QR code is drawn here as SVG inside the page: no image from elsewhere, so the secret never leaves
    qr = re.search(r'<div class="qr">\s*(<svg.*?</svg>)', page, re.S)
    assert qr, "no inline SVG QR code"
    assert "<img" not in qr.group(1) and "href" not in qr.group(1)
    # and it encodes exactly the otpauth URI of this key, for this pseudonym and site
    uri = two_factor.provisioning_uri(secret, member)
    assert uri.startswith("otpauth://totp/Harbour:Sami?secret=" + secret)
    assert str(two_factor.qr_svg(uri, "QR code for your authenticator app")) in page
    # only a confirmed key counts
    assert fresh(member).totp_secret is None
    assert not fresh(member).has_two_factor


def test_confirming_with_a_wrong_code_keeps_two_factor_off_and_says_why(client, login_as):
    member = login_as("member")
    _page, secret = start_setup(client)
    response = client.submit("/account/two-factor/confirm", {"code": wrong_code(secret)})
    page = page_of(response)
    assert response.status_code == 422
    assert "This code is not right. Check the time on your phone and try the next code." in page
    assert fresh(member).totp_secret is None
    # the same key stays on the page, so the member can simply try the next code
    assert SECRET_ON_PAGE.search(page).group(1) == secret
    for nonsense in ("", "12345", "abcdef", "1234567"):
        assert client.submit("/account/two-factor/confirm", {"code": nonsense}).status_code == 422
    assert fresh(member).totp_secret is None


def test_confirming_with_a_right_code_turns_two_factor_on(client, login_as):
    member = login_as("member")
    _page, secret = start_setup(client)
    step, code = current_step_and_code(secret)
    response = client.submit("/account/two-factor/confirm", {"code": code})
    assert response.status_code == 303
    member = fresh(member)
    assert member.totp_secret == secret
    # the step of the code used to confirm is remembered: it cannot be used again to sign in
    assert member.totp_last_step == step
    page = page_of(client.get("/account/security"))
    assert "Two-factor sign-in is on." in page
    assert "On: signing in needs your password and a code" in page
    assert "<svg" not in page and secret not in page
    # the pending key is gone from the session
    with client.session_transaction() as session:
        assert "totp_pending" not in session


def test_confirming_a_code_of_someone_elses_key_does_not_turn_it_on(client, login_as):
    member = login_as("member")
    start_setup(client)
    response = client.submit("/account/two-factor/confirm", {"code": code_now(pyotp.random_base32())})
    assert response.status_code == 422
    assert fresh(member).totp_secret is None


def test_setup_steps_that_do_not_fit_are_not_found(client, login_as):
    member = login_as("member")
    # confirming before starting
    assert client.submit("/account/two-factor/confirm", {"code": "123456"}).status_code == 404
    secret = set_up_through_the_web(client)
    # starting again, or confirming again, while it is on
    assert client.submit("/account/two-factor/start").status_code == 404
    assert client.submit("/account/two-factor/confirm", {"code": code_next(secret)}).status_code == 404
    assert fresh(member).totp_secret == secret


def test_setup_needs_a_signed_in_member_and_a_csrf_token(app, client, login_as):
    assert app.test_client().submit("/account/two-factor/start").status_code == 302
    member = login_as("member")
    assert client.post("/account/two-factor/start").status_code == 400
    with client.session_transaction() as session:
        assert "totp_pending" not in session
    assert fresh(member).totp_secret is None


# signing in with a code -----------------------------------------------------------------------

def test_sign_in_with_two_factor_asks_for_the_code_before_the_session_starts(app, client):
    member = make_member("Sami")
    with_two_factor(member)
    response = password_step(client, "Sami")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login/code"
    assert not signed_in(client)
    page = page_of(client.get("/login/code"))
    assert re.search(r'<input[^>]*name="code"', page)


def test_a_wrong_code_is_refused_with_422_and_signs_nobody_in(client):
    member = make_member("Sami")
    secret = with_two_factor(member)
    password_step(client, "Sami")
    response = code_step(client, wrong_code(secret))
    assert response.status_code == 422
    assert "This code is not right, or it was used already." in page_of(response)
    assert not signed_in(client)
    assert fresh(member).totp_last_step == 0


def test_the_right_code_signs_in_and_follows_the_next_link(client):
    member = make_member("Sami")
    secret = with_two_factor(member)
    password_step(client, "Sami")
    step, code = current_step_and_code(secret)
    response = code_step(client, code)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert signed_in(client)
    assert fresh(member).totp_last_step == step

    other = client.application.test_client()
    assert other.submit("/login?next=/forum", {"handle": "Sami", "password": PASSWORD}).status_code == 303
    other.forget_csrf()
    response = code_step(other, code_next(secret))
    assert response.headers["Location"] == "/forum"


def test_a_used_code_cannot_be_used_again(app, client):
    member = make_member("Sami")
    secret = with_two_factor(member)
    code = code_now(secret)
    password_step(client, "Sami")
    assert code_step(client, code).status_code == 303

    # someone who watched the code being typed, and knows the password, is still refused
    thief = app.test_client()
    password_step(thief, "Sami")
    response = code_step(thief, code)
    assert response.status_code == 422
    assert not signed_in(thief)
    # an older code (a step before the used one) is refused too
    older = pyotp.TOTP(secret).at(time.time() - 30)
    if older != code:
        assert code_step(thief, older).status_code == 422
    assert not signed_in(thief)


def test_the_code_step_cannot_be_reached_without_the_password(app, client):
    member = make_member("Sami")
    secret = with_two_factor(member)
    response = code_step(client, code_now(secret))
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert not signed_in(client)
    # a wrong password never leads to the code step
    response = password_step(client, "Sami", "not the password")
    assert response.status_code == 422
    assert client.get("/login/code").status_code == 303
    assert fresh(member).totp_last_step == 0


def test_a_password_change_elsewhere_ends_a_half_finished_sign_in(app, client):
    member = make_member("Sami")
    secret = with_two_factor(member)
    password_step(client, "Sami")
    membership.end_other_sessions(fresh(member))
    response = code_step(client, code_now(secret))
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert not signed_in(client)


def test_members_without_two_factor_are_not_asked_for_a_code(client):
    make_member("Sami")
    response = password_step(client, "Sami")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert signed_in(client)


# turning it off -------------------------------------------------------------------------------

def test_turning_two_factor_off_needs_password_and_code(client):
    member = make_member("Sami")
    secret = with_two_factor(member)
    password_step(client, "Sami")
    code_step(client, code_now(secret))
    later = code_next(secret)

    # the password alone is not enough
    response = client.submit("/account/two-factor/disable", {"password": PASSWORD})
    assert response.status_code == 422
    assert fresh(member).totp_secret == secret
    # a right code with a wrong password is not enough (and the code is not used up)
    response = client.submit("/account/two-factor/disable", {"password": "not my password", "code": later})
    assert response.status_code == 422
    assert "This is not your current password." in page_of(response)
    assert fresh(member).totp_secret == secret
    # a wrong code with the right password is not enough
    response = client.submit("/account/two-factor/disable", {"password": PASSWORD, "code": wrong_code(secret)})
    assert response.status_code == 422
    assert "This code is not right, or it was used already." in page_of(response)
    assert fresh(member).totp_secret == secret

    response = client.submit("/account/two-factor/disable", {"password": PASSWORD, "code": later})
    assert response.status_code == 303
    member = fresh(member)
    assert member.totp_secret is None and member.totp_last_step == 0
    assert "Two-factor sign-in is off." in page_of(client.get("/account/security"))
    # and signing in no longer asks for a code
    other = client.application.test_client()
    assert password_step(other, "Sami").headers["Location"] == "/"


def test_turning_off_what_is_not_on_is_not_found(client, login_as):
    login_as("member")
    assert client.submit("/account/two-factor/disable", {"password": PASSWORD}).status_code == 404


# staff must have it ---------------------------------------------------------------------------

def test_staff_two_factor_is_required_by_default():
    assert config.SETTINGS["REQUIRE_STAFF_2FA"][0] is True
    assert config.load({"SECRET_KEY": "x"})["REQUIRE_STAFF_2FA"] is True


@pytest.mark.parametrize("role, pages", [("moderator", ["/moderation", "/moderation/members"]),
                                         ("admin", ["/admin", "/moderation"])])
def test_staff_without_two_factor_are_sent_to_the_security_page(app, client, login_as, role, pages):
    app.config["REQUIRE_STAFF_2FA"] = True
    member = login_as(role)
    for path in pages:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/security#two-factor"
    page = page_of(client.get("/account/security"))
    assert "Staff accounts need two-factor sign-in. Set it up here first." in page
    assert "Until you set it up below, your account has a member's powers only." in page

    set_up_through_the_web(client)
    assert fresh(member).has_two_factor
    for path in pages:
        assert client.get(path).status_code == 200, path


def test_without_the_setting_staff_are_not_stopped(client, login_as):
    # the fixture switches REQUIRE_STAFF_2FA off: the gate must follow the setting
    login_as("moderator")
    assert client.get("/moderation").status_code == 200


@pytest.mark.parametrize("role", ["member", "organiser"])
def test_members_are_not_forced_to_use_two_factor(app, client, login_as, role):
    app.config["REQUIRE_STAFF_2FA"] = True
    login_as(role)
    for path in ("/", "/forum", "/calendar", "/account", "/introductions", "/notifications"):
        assert client.get(path).status_code == 200, path
    page = page_of(client.get("/account/security"))
    assert "Staff accounts need two-factor sign-in" not in page
    # the staff pages stay closed to them: 403, not a detour to the security page
    assert client.get("/moderation").status_code == 403


def test_demo_prints_working_two_factor_secrets_for_the_staff_accounts(app):
    app.config["REQUIRE_STAFF_2FA"] = True
    result = app.test_cli_runner().invoke(args=["demo", "--password", "demo password 123"])
    assert result.exit_code == 0, result.output
    printed = dict(re.findall(r"^\s+(demo-admin|demo-moderator)\s+([A-Z2-7]{16,})\s*$",
                              result.output.split("Two-factor secrets")[1], re.M))
    assert set(printed) == {"demo-admin", "demo-moderator"}
    for handle, secret in printed.items():
        member = membership.find_member(handle)
        assert member.totp_secret == secret
        browser = app.test_client()
        assert password_step(browser, handle, "demo password 123").headers["Location"] == "/login/code"
        assert code_step(browser, code_now(secret)).status_code == 303
        assert browser.get("/moderation").status_code == 200, handle
    # members of the demo are not given two-factor sign-in
    assert not membership.find_member("demo-member").has_two_factor


# recovery codes -------------------------------------------------------------------------------

def test_new_recovery_codes_replace_the_old_ones(app, client, login_as):
    member = login_as("member", "Sami")
    old_codes = membership.issue_recovery_codes(member)
    old_hashes = {row.code_hash for row in RecoveryCode.select().where(RecoveryCode.member == member)}

    response = client.submit("/account/recovery-codes", {"password": PASSWORD})
    assert response.status_code == 200
    new_codes = CODES_ON_PAGE.findall(page_of(response))
    assert len(new_codes) == len(set(new_codes)) == 10
    assert not set(new_codes) & set(old_codes)
    rows = list(RecoveryCode.select().where(RecoveryCode.member == member))
    assert len(rows) == 10 and not {row.code_hash for row in rows} & old_hashes
    assert all(row.used_at is None for row in rows)

    visitor = app.test_client()
    response = recover(visitor, "Sami", old_codes[0])
    assert response.status_code == 422
    assert membership.authenticate("Sami", PASSWORD) is not None
    response = recover(visitor, "Sami", new_codes[0])
    assert response.status_code == 303
    assert membership.authenticate("Sami", NEW_PASSWORD) is not None
    assert membership.unused_recovery_codes(fresh(member)) == 9


def test_new_recovery_codes_need_the_password(client, login_as):
    member = login_as("member")
    before = [row.code_hash for row in RecoveryCode.select().where(RecoveryCode.member == member)]
    for data in ({"password": "not my password"}, {"password": ""}):
        response = client.submit("/account/recovery-codes", data)
        assert response.status_code == 422
        assert not CODES_ON_PAGE.search(page_of(response))
    assert [row.code_hash for row in RecoveryCode.select().where(RecoveryCode.member == member)] == before


def test_new_recovery_codes_need_a_code_when_two_factor_is_on(client):
    member = make_member("Sami")
    secret = with_two_factor(member)
    password_step(client, "Sami")
    code_step(client, code_now(secret))
    before = [row.code_hash for row in RecoveryCode.select().where(RecoveryCode.member == member)]

    for data in ({"password": PASSWORD}, {"password": PASSWORD, "code": wrong_code(secret)}):
        response = client.submit("/account/recovery-codes", data)
        assert response.status_code == 422
        assert not CODES_ON_PAGE.search(page_of(response))
    assert [row.code_hash for row in RecoveryCode.select().where(RecoveryCode.member == member)] == before

    response = client.submit("/account/recovery-codes", {"password": PASSWORD, "code": code_next(secret)})
    assert response.status_code == 200
    assert len(CODES_ON_PAGE.findall(page_of(response))) == 10
    assert not {row.code_hash for row in RecoveryCode.select().where(RecoveryCode.member == member)} & set(before)


# the one-time reset link ----------------------------------------------------------------------

def make_reset_link(browser, member):
    response = browser.submit(f"/moderation/members/{member.id}/reset-link")
    assert response.status_code == 200, page_of(response)
    url = re.search(r'value="(http://localhost/reset/[\w-]+)"', page_of(response)).group(1)
    return url.removeprefix("http://localhost")


def test_a_moderator_makes_a_reset_link_that_is_audit_logged(app, client, login_as):
    moderator = login_as("moderator", "Mo")
    member = make_member("Sami")
    path = make_reset_link(client, member)
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 40

    row = ResetToken.get(ResetToken.member == member)
    # only a hash is kept, and the link lasts 24 hours
    assert row.token_hash != token and token not in row.token_hash
    assert row.created_by_id == moderator.id and row.used_at is None
    assert abs((row.expires_at - utcnow()) - datetime.timedelta(hours=24)) < datetime.timedelta(minutes=5)
    entry = AuditEntry.get(AuditEntry.action == "member.reset_link")
    assert entry.actor_id == moderator.id and entry.target_member_id == member.id
    assert token not in entry.note


def test_the_reset_link_sets_a_password_turns_two_factor_off_and_gives_new_codes(app, client, login_as):
    login_as("moderator", "Mo")
    member = make_member("Sami")
    with_two_factor(member)
    old_codes = membership.issue_recovery_codes(member)
    elsewhere = app.test_client()
    assert password_step(elsewhere, "Sami").headers["Location"] == "/login/code"
    path = make_reset_link(client, member)

    visitor = app.test_client()
    page = page_of(visitor.get(path))
    assert "Hello Sami." in page
    response = visitor.submit(path, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert response.status_code == 200
    new_codes = CODES_ON_PAGE.findall(page_of(response))
    assert len(set(new_codes)) == 10 and not set(new_codes) & set(old_codes)
    assert signed_in(visitor)

    member = fresh(member)
    assert member.totp_secret is None and member.totp_last_step == 0
    assert membership.authenticate("Sami", PASSWORD) is None
    assert membership.authenticate("Sami", NEW_PASSWORD) == member
    assert ResetToken.get(ResetToken.member == member).used_at is not None
    # the old codes are gone, the new ones work
    assert recover(app.test_client(), "Sami", old_codes[0], PASSWORD).status_code == 422
    assert recover(app.test_client(), "Sami", new_codes[0], PASSWORD).status_code == 303
    # signing in no longer asks for a code
    assert password_step(app.test_client(), "Sami").headers["Location"] == "/"


def test_the_reset_link_works_once(app, client, login_as):
    login_as("moderator")
    member = make_member("Sami")
    path = make_reset_link(client, member)
    visitor = app.test_client()
    assert visitor.submit(path, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}).status_code == 200

    again = app.test_client()
    assert again.get(path).status_code == 404
    response = again.submit(path, {"password": "someone elses password", "password_repeat": "someone elses password"})
    assert response.status_code == 404
    assert membership.authenticate("Sami", NEW_PASSWORD) is not None


def test_the_reset_link_expires_after_24_hours(app, client, login_as):
    login_as("moderator")
    member = make_member("Sami")
    path = make_reset_link(client, member)
    with transaction():
        ResetToken.update(expires_at=utcnow() - datetime.timedelta(seconds=1)).where(
            ResetToken.member == member).execute()
    visitor = app.test_client()
    assert visitor.get(path).status_code == 404
    response = visitor.submit(path, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert response.status_code == 404
    assert membership.authenticate("Sami", PASSWORD) is not None
    assert ResetToken.get(ResetToken.member == member).used_at is None


def test_a_new_reset_link_cancels_the_earlier_one(app, client, login_as):
    login_as("moderator")
    member = make_member("Sami")
    first = make_reset_link(client, member)
    second = make_reset_link(client, member)
    visitor = app.test_client()
    assert visitor.get(first).status_code == 404
    assert visitor.get(second).status_code == 200


def test_a_weak_password_on_the_reset_page_spends_nothing(app, client, login_as):
    login_as("moderator")
    member = make_member("Sami")
    path = make_reset_link(client, member)
    response = app.test_client().submit(path, {"password": "password1", "password_repeat": "password1"})
    assert response.status_code == 422
    assert ResetToken.get(ResetToken.member == member).used_at is None
    assert app.test_client().get(path).status_code == 200


def test_a_member_cannot_make_a_reset_link(client, login_as):
    login_as("member")
    other = make_member("Sami")
    assert client.submit(f"/moderation/members/{other.id}/reset-link").status_code == 403
    assert ResetToken.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.action == "member.reset_link").count() == 0


def test_a_reset_link_needs_a_csrf_token(client, login_as):
    login_as("moderator")
    other = make_member("Sami")
    assert client.post(f"/moderation/members/{other.id}/reset-link").status_code == 400
    assert ResetToken.select().count() == 0


def test_a_made_up_reset_link_is_not_found(client):
    make_member("Sami")
    assert client.get("/reset/not-a-real-token").status_code == 404
