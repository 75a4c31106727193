"""Signing in and out, recovery codes, password change and sessions."""

import re

from portal.auth import membership
from portal.members.models import Member, RecoveryCode
from tests.conftest import PASSWORD, make_member
from tests.helpers import NEW_PASSWORD


def test_login_with_right_password_starts_a_session(client):
    make_member("Sami")
    response = client.submit("/login", {"handle": "sami", "password": PASSWORD})
    assert response.status_code == 303
    assert "Welcome, Sami" in client.get("/").get_data(as_text=True)


def test_login_errors_do_not_reveal_whether_a_pseudonym_exists(client):
    make_member("Sami")
    wrong_password = client.submit("/login", {"handle": "Sami", "password": "not the password"})
    unknown = client.submit("/login", {"handle": "Nobody-here", "password": "not the password"})
    assert wrong_password.status_code == unknown.status_code == 422

    def error(response):
        return re.search(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True), re.S).group(1)
    assert error(wrong_password) == error(unknown)


def test_login_keeps_the_pseudonym_typed_but_not_the_password(client):
    response = client.submit("/login", {"handle": "Sami", "password": "wrong password here"})
    page = response.get_data(as_text=True)
    assert 'value="Sami"' in page and "wrong password here" not in page


def test_login_gives_a_new_session(client):
    make_member("Sami")
    client.get("/rules")
    with client.session_transaction() as session:
        session["left_over"] = "from before"
    client.submit("/login", {"handle": "Sami", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "left_over" not in session


def test_keep_me_signed_in_is_off_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*name="remember"[^>]*>', page).group(0)
    assert "checked" not in checkbox
    make_member("Sami")
    response = client.submit("/login", {"handle": "Sami", "password": PASSWORD})
    assert not any("remember=" in cookie for cookie in response.headers.getlist("Set-Cookie"))


def test_keep_me_signed_in_makes_the_session_cookie_last_when_chosen(client):
    make_member("Sami")
    response = client.submit("/login", {"handle": "Sami", "password": PASSWORD, "remember": "y"})
    session_cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires=" in session_cookie
    # not Flask-Login's remember cookie: only the device record on the server decides
    assert not any(cookie.startswith("remember=") for cookie in response.headers.getlist("Set-Cookie"))


def test_login_only_follows_local_next_links(client):
    make_member("Sami")
    response = client.submit("/login?next=//evil.example/", {"handle": "Sami", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_logout_needs_post_and_ends_the_session(client, login_as):
    login_as("member")
    assert client.get("/logout").status_code == 405
    response = client.submit("/logout")
    assert response.status_code == 303
    assert client.get("/account").status_code == 302


def test_logout_without_csrf_token_is_refused(client, login_as):
    login_as("member")
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200


def test_recovery_code_sets_a_new_password_once(client):
    member = make_member("Sami")
    code = membership.issue_recovery_codes(member)[3]
    response = client.submit("/recover", {"handle": "sami", "code": code.lower(), "password": NEW_PASSWORD,
                                          "password_repeat": NEW_PASSWORD})
    assert response.status_code == 303
    assert "9 recovery codes left" in client.get("/").get_data(as_text=True)
    member = Member.get_by_id(member.id)
    assert membership.authenticate("Sami", NEW_PASSWORD) == member
    assert RecoveryCode.select().where(RecoveryCode.member == member, RecoveryCode.used_at.is_null()).count() == 9
    # the same code again fails
    again = client.application.test_client().submit(
        "/recover", {"handle": "Sami", "code": code, "password": PASSWORD, "password_repeat": PASSWORD})
    assert again.status_code == 422
    assert "do not match, or the code was used before" in again.get_data(as_text=True)


def test_wrong_recovery_code_is_refused_and_keeps_the_pseudonym(client):
    make_member("Sami")
    response = client.submit("/recover", {"handle": "Sami", "code": "AAAA-BBBB-CCCC-DDDD",
                                          "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="code-error"' in page and 'value="Sami"' in page
    assert membership.authenticate("Sami", PASSWORD) is not None


def test_someone_elses_recovery_code_does_not_work(client):
    make_member("Sami")
    other_code = membership.issue_recovery_codes(make_member("Lina"))[0]
    response = client.submit("/recover", {"handle": "Sami", "code": other_code,
                                          "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert response.status_code == 422
    assert membership.authenticate("Sami", PASSWORD) is not None


def test_recover_with_weak_password_is_explained(client):
    member = make_member("Sami")
    code = membership.issue_recovery_codes(member)[0]
    response = client.submit("/recover", {"handle": "Sami", "code": code, "password": "password1",
                                          "password_repeat": "password1"})
    assert response.status_code == 422 and 'id="password-error"' in response.get_data(as_text=True)
    assert RecoveryCode.select().where(RecoveryCode.used_at.is_null(False)).count() == 0


def test_password_change_ends_other_sessions_but_not_this_one(app, client, login_as):
    member = login_as("member")
    other_device = app.test_client()
    other_device.submit("/login", {"handle": member.handle, "password": PASSWORD})
    assert other_device.get("/account").status_code == 200
    response = client.submit("/account/security", {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                                   "password_repeat": NEW_PASSWORD})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    assert membership.authenticate(member.handle, NEW_PASSWORD) is not None


def test_password_change_needs_the_current_password(client, login_as):
    member = login_as("member")
    response = client.submit("/account/security", {"current_password": "not my password",
                                                   "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert response.status_code == 422
    assert "not your current password" in response.get_data(as_text=True)
    assert membership.authenticate(member.handle, PASSWORD) is not None


def test_account_settings_are_saved(client, login_as):
    member = login_as("member")
    response = client.submit("/account", {"locale": "nl", "timezone": "Europe/Brussels", "email": "me@example.org"})
    assert response.status_code == 303
    member = Member.get_by_id(member.id)
    assert (member.locale, member.timezone, member.email) == ("nl", "Europe/Brussels", "me@example.org")
    assert 'lang="nl"' in client.get("/account").get_data(as_text=True)


def test_bad_email_is_refused_and_other_settings_kept(client, login_as):
    login_as("member")
    response = client.submit("/account", {"locale": "ar", "timezone": "Europe/Brussels", "email": "not-an-email"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="email-error"' in page and 'value="not-an-email"' in page
    assert re.search(r'<option selected value="Europe/Brussels"|<option value="Europe/Brussels" selected', page)


def test_pages_need_sign_in(client):
    for path in ["/account", "/account/security", "/application"]:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
