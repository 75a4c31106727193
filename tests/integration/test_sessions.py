"""Sessions: ending the other ones, "keep me signed in", and the idle time-out (kept on the server)."""

import datetime
import email.utils
import re

import pyotp
from flask_login.utils import encode_cookie

from portal.auth import membership, tokens
from portal.auth.models import DeviceSession
from portal.db import transaction, utcnow
from portal.members.models import Member
from tests.conftest import PASSWORD, make_member
from tests.helpers import NEW_PASSWORD, device_secret, page_of, sign_in

EIGHT_HOURS = 8 * 3600
IDLE_MESSAGE = "You were signed out after a while without activity."


def sent_off_to_login(browser, path="/account"):
    """The browser is not signed in: a members' page sends it to the sign-in page."""
    response = browser.get(path)
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def set_cookie_header(response, name):
    found = [header for header in response.headers.getlist("Set-Cookie") if header.startswith(name + "=")]
    return found[0] if found else None


def cookie_attribute(header, attribute):
    match = re.search(rf";\s*{attribute}=([^;]+)", header, re.I)
    return match.group(1) if match else None


def device_of(browser):
    """The server's record of a signed-in browser, or None."""
    with browser.session_transaction() as session:
        secret = session.get("_user_id")
    return DeviceSession.get_or_none(DeviceSession.token_hash == tokens.digest(secret)) if secret else None


def last_seen(browser, seconds_ago):
    """Pretend the browser's last request was some seconds ago (on the server, where it counts)."""
    device = device_of(browser)
    with transaction():
        DeviceSession.update(last_used_at=utcnow() - datetime.timedelta(seconds=seconds_ago)).where(
            DeviceSession.id == device.id).execute()


def version_of(member):
    return Member.get_by_id(member.id).session_version


# ending other sessions ------------------------------------------------------------------------

def test_a_password_change_ends_every_other_session_but_keeps_this_one(app, client, login_as):
    member = login_as("member", "Sami")
    phone, laptop = sign_in(app, "Sami"), sign_in(app, "Sami")
    assert phone.get("/account").status_code == laptop.get("/account").status_code == 200
    version = version_of(member)

    response = client.submit("/account/security", {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                                   "password_repeat": NEW_PASSWORD})
    assert response.status_code == 303
    assert "You are signed out everywhere else." in page_of(client.get("/account/security"))
    assert client.get("/account").status_code == 200
    assert sent_off_to_login(phone) and sent_off_to_login(laptop)
    assert version_of(member) == version + 1
    # the other devices can come back only with the new password
    assert phone.submit("/login", {"handle": "Sami", "password": PASSWORD}).status_code == 422
    assert phone.submit("/login", {"handle": "Sami", "password": NEW_PASSWORD}).status_code == 303


def test_a_refused_password_change_ends_no_session(app, client, login_as):
    member = login_as("member", "Sami")
    phone = sign_in(app, "Sami")
    version = version_of(member)
    response = client.submit("/account/security", {"current_password": "not my password",
                                                   "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert response.status_code == 422
    assert phone.get("/account").status_code == 200
    assert version_of(member) == version


def test_sign_out_everywhere_ends_the_other_sessions_but_keeps_this_one(app, client, login_as):
    member = login_as("member", "Sami")
    phone = sign_in(app, "Sami")
    version = version_of(member)

    response = client.submit("/account/sessions/end")
    assert response.status_code == 303 and response.headers["Location"] == "/account/security"
    assert "You are signed out everywhere else." in page_of(client.get("/account/security"))
    assert client.get("/account").status_code == 200
    assert sent_off_to_login(phone)
    assert version_of(member) == version + 1
    # the password still works: only the sessions ended
    assert membership.authenticate("Sami", PASSWORD) is not None


def test_sign_out_everywhere_also_ends_kept_sessions(app, client, login_as):
    login_as("member", "Sami")
    phone = sign_in(app, "Sami", remember=True)
    assert device_of(phone).remember
    client.submit("/account/sessions/end")
    assert sent_off_to_login(phone)
    assert DeviceSession.select().count() == 1


def test_sign_out_everywhere_needs_post_and_a_csrf_token(app, client, login_as):
    member = login_as("member", "Sami")
    phone = sign_in(app, "Sami")
    version = version_of(member)
    assert client.get("/account/sessions/end").status_code == 405
    assert client.post("/account/sessions/end").status_code == 400
    assert phone.get("/account").status_code == 200
    assert version_of(member) == version


def test_sign_out_everywhere_is_for_signed_in_people_only(app, client):
    member = make_member("Sami")
    version = version_of(member)
    response = client.submit("/account/sessions/end")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert version_of(member) == version


# keep me signed in ----------------------------------------------------------------------------

def test_keep_me_signed_in_is_off_by_default(app, client):
    checkbox = re.search(r'<input[^>]*name="remember"[^>]*>', page_of(client.get("/login"))).group(0)
    assert "checked" not in checkbox
    make_member("Sami")
    browser = sign_in(app, "Sami")
    assert set_cookie_header(browser.login_response, "remember") is None
    # the session cookie ends with the browser: no date of its own
    session_cookie = set_cookie_header(browser.login_response, "session")
    assert session_cookie and cookie_attribute(session_cookie, "Expires") is None
    assert cookie_attribute(session_cookie, "Max-Age") is None
    assert device_of(browser).remember is False


def assert_lasts_30_days(cookie):
    thirty_days = datetime.timedelta(days=30)
    now = datetime.datetime.now(datetime.UTC)
    expires = cookie_attribute(cookie, "Expires")
    max_age = cookie_attribute(cookie, "Max-Age")
    assert expires or max_age
    if expires:
        lasts = email.utils.parsedate_to_datetime(expires) - now
        assert thirty_days - datetime.timedelta(minutes=5) < lasts <= thirty_days + datetime.timedelta(minutes=1)
    if max_age:
        assert abs(int(max_age) - thirty_days.total_seconds()) < 300


def test_keep_me_signed_in_makes_the_session_cookie_last_30_days(app):
    make_member("Sami")
    browser = sign_in(app, "Sami", remember=True)
    cookie = set_cookie_header(browser.login_response, "session")
    assert cookie, browser.login_response.headers.getlist("Set-Cookie")
    assert_lasts_30_days(cookie)
    # scripts cannot read it, and other sites do not send it along
    assert re.search(r";\s*HttpOnly", cookie, re.I)
    assert cookie_attribute(cookie, "SameSite").lower() == "lax"
    # Flask-Login's own remember cookie is never used: it could not be ended on the server
    assert set_cookie_header(browser.login_response, "remember") is None
    assert device_of(browser).remember is True


def test_keep_me_signed_in_survives_closing_the_browser(app):
    make_member("Sami")
    browser = sign_in(app, "Sami", remember=True)
    # what a browser keeps after closing: only cookies with a date, here the session cookie
    reopened = app.test_client()
    reopened.set_cookie("session", browser.get_cookie("session").value)
    assert reopened.get("/account").status_code == 200


def test_keep_me_signed_in_is_carried_through_the_code_step(app, client):
    member = make_member("Sami")
    secret = pyotp.random_base32()
    with transaction():
        Member.update(totp_secret=secret).where(Member.id == member.id).execute()
    response = client.submit("/login", {"handle": "Sami", "password": PASSWORD, "remember": "y"})
    assert response.headers["Location"] == "/login/code"
    # no lasting cookie and no device before the code is right
    assert cookie_attribute(set_cookie_header(response, "session") or "", "Expires") is None
    assert DeviceSession.select().count() == 0
    client.forget_csrf()
    response = client.submit("/login/code", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 303
    assert_lasts_30_days(set_cookie_header(response, "session"))
    assert device_of(client).remember is True


# the idle time-out ----------------------------------------------------------------------------

def test_an_idle_session_ends_with_a_redirect_to_sign_in_and_a_message(client, login_as):
    login_as("member")
    last_seen(client, EIGHT_HOURS + 60)
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert IDLE_MESSAGE in page_of(client.get("/login"))
    # the session is over, not just this one page
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/account").status_code == 302


def test_an_idle_session_ends_on_any_page_not_only_members_pages(client, login_as):
    login_as("member", "Sami")
    last_seen(client, EIGHT_HOURS + 60)
    response = client.get("/rules")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Sami" not in page_of(client.get("/rules"))


def test_a_session_used_within_eight_hours_stays(client, login_as):
    login_as("member")
    last_seen(client, EIGHT_HOURS - 60)
    assert client.get("/account").status_code == 200
    # the clock starts again from this request
    assert utcnow() - device_of(client).last_used_at < datetime.timedelta(minutes=1)


def test_last_use_is_written_at_most_every_few_minutes(client, login_as):
    login_as("member")
    last_seen(client, 60)
    before = device_of(client).last_used_at
    assert client.get("/account").status_code == 200
    # a minute ago is recent enough: no write for this page
    assert device_of(client).last_used_at == before
    last_seen(client, 6 * 60)
    assert client.get("/account").status_code == 200
    assert utcnow() - device_of(client).last_used_at < datetime.timedelta(minutes=1)


def test_the_idle_time_is_a_setting(app, client, login_as):
    app.config["IDLE_HOURS"] = 1
    login_as("member")
    last_seen(client, 3600 + 60)
    assert client.get("/account").status_code == 302


def test_an_idle_session_is_gone_from_the_server_too(app, client, login_as):
    login_as("member")
    stolen = app.test_client()
    stolen.set_cookie("session", client.get_cookie("session").value)
    last_seen(client, EIGHT_HOURS + 60)
    assert client.get("/account").status_code == 302
    assert DeviceSession.select().count() == 0
    # a copy of the cookie taken before does not bring it back
    assert sent_off_to_login(stolen)


def test_a_cookie_named_remember_never_skips_the_idle_check(app, client, login_as):
    login_as("member")
    secret = device_secret(client)
    # whatever it holds: nonsense, or what Flask-Login itself would write for this very session
    for value in ("1", encode_cookie(secret)):
        client.set_cookie("remember", value)
    last_seen(client, EIGHT_HOURS + 60)
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert sent_off_to_login(client)
    assert DeviceSession.select().count() == 0


def test_a_remember_cookie_alone_does_not_skip_the_idle_check_either(app, client, login_as):
    login_as("member")
    secret = device_secret(client)
    last_seen(client, EIGHT_HOURS + 60)
    browser = app.test_client()
    browser.set_cookie("remember", encode_cookie(secret))
    assert sent_off_to_login(browser)
    assert DeviceSession.select().count() == 0


def test_a_kept_session_does_not_time_out_in_a_few_days(app):
    make_member("Sami")
    browser = sign_in(app, "Sami", remember=True)
    last_seen(browser, 3 * 24 * 3600)
    response = browser.get("/account")
    assert response.status_code == 200
    assert IDLE_MESSAGE not in page_of(response)


def test_a_kept_session_ends_30_days_after_its_last_use(app):
    make_member("Sami")
    browser = sign_in(app, "Sami", remember=True)
    # used every week, it goes on (30 days counted from the last use, not from signing in)
    last_seen(browser, 29 * 24 * 3600)
    assert browser.get("/account").status_code == 200
    last_seen(browser, 30 * 24 * 3600 + 60)
    response = browser.get("/account")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert IDLE_MESSAGE in page_of(browser.get("/login"))
    assert DeviceSession.select().count() == 0


def test_the_days_a_kept_session_lasts_are_a_setting(app):
    app.config["REMEMBER_DAYS"] = 2
    make_member("Sami")
    browser = sign_in(app, "Sami", remember=True)
    last_seen(browser, 2 * 24 * 3600 + 60)
    assert sent_off_to_login(browser)


# signing out of a kept session ----------------------------------------------------------------

def test_signing_out_also_ends_keep_me_signed_in(app):
    make_member("Sami")
    browser = sign_in(app, "Sami", remember=True)
    kept = browser.get_cookie("session").value
    response = browser.submit("/logout")
    assert response.status_code == 303
    assert sent_off_to_login(browser)
    assert DeviceSession.select().count() == 0
    # the 30-day cookie, copied before, opens nothing now
    copy = app.test_client()
    copy.set_cookie("session", kept)
    assert sent_off_to_login(copy)


def test_quick_exit_also_ends_keep_me_signed_in(app):
    make_member("Sami")
    browser = sign_in(app, "Sami", remember=True)
    kept = browser.get_cookie("session").value
    response = browser.get("/exit")
    assert response.status_code == 303
    assert sent_off_to_login(browser)
    copy = app.test_client()
    copy.set_cookie("session", kept)
    assert sent_off_to_login(copy)


