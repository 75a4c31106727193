"""Signed-in devices: a copied cookie opens nothing once the session ended, on any app server."""

import datetime

import pytest

from portal import create_app, maintenance
from portal.auth import tokens
from portal.auth.models import DeviceSession
from portal.db import transaction, utcnow
from portal.members.models import Member
from tests import helpers
from tests.conftest import PASSWORD, Client, make_member
from tests.helpers import NEW_PASSWORD, device_secret, page_of, signed_in

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
CHROME_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/131.0.0.0 Safari/537.36")
COOKIES = ("session", "remember", "device")


def sign_in(app, handle, remember=False, user_agent=FIREFOX_ANDROID, address="10.1.2.3"):
    """Another phone or computer, signed in as handle: Firefox on Android unless said otherwise."""
    return helpers.sign_in(app, handle, remember, headers={"User-Agent": user_agent},
                           environ_base={"REMOTE_ADDR": address})


def copy_of(browser, app=None):
    """What a thief gets by copying every cookie of a browser into another one."""
    thief = (app or browser.application).test_client()
    for name in COOKIES:
        cookie = browser.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


# what is stored ------------------------------------------------------------------------------

def test_signing_in_keeps_a_record_of_the_device_without_its_secret_an_address_or_the_user_agent(app):
    member = make_member("Sami")
    browser = sign_in(app, "Sami", remember=True)
    device = DeviceSession.get()
    assert device.member_id == member.id and device.remember
    assert (device.browser, device.system) == ("Firefox Mobile", "Android")
    # the cookie carries a random id; the table only its hash
    secret = device_secret(browser)
    assert len(secret) >= 40 and device.token_hash == tokens.digest(secret)
    row = [str(value) for value in DeviceSession.select().tuples().get()]
    assert secret not in row and not any("10.1.2.3" in value or "Gecko" in value for value in row)


def test_an_unknown_browser_is_recorded_without_a_name(app):
    make_member("Sami")
    sign_in(app, "Sami", user_agent="<script>alert(1)</script>")
    assert (DeviceSession.get().browser, DeviceSession.get().system) == ("", "")


# every way a session ends: a copied cookie replayed afterwards opens nothing -------------------------

def end_by_signing_out(app, browser, member):
    return browser.submit("/logout")


def end_by_quick_exit(app, browser, member):
    return browser.get("/exit")


def end_by_changing_the_password(app, browser, member):
    # on this very device: the thief's copy stops working, the member stays signed in here
    return browser.submit("/account/security", {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                                "password_repeat": NEW_PASSWORD})


def end_by_signing_out_everywhere(app, browser, member):
    return browser.submit("/account/sessions/end")


def end_from_the_device_list(app, browser, member):
    other = sign_in(app, "Sami", user_agent=CHROME_WINDOWS)
    device = DeviceSession.get(DeviceSession.token_hash == tokens.digest(device_secret(browser)))
    return other.submit(f"/account/devices/{device.id}/end")


def end_by_a_ban(app, browser, member):
    make_member("Mod", role="moderator")
    moderator = sign_in(app, "Mod")
    return moderator.submit(f"/moderation/members/{member.id}/ban", {"reason": "outed someone"})


def end_by_deleting_the_account(app, browser, member):
    return browser.submit("/account/delete", {"posts": "delete", "password": PASSWORD, "confirm": "y"})


ENDINGS = [end_by_signing_out, end_by_quick_exit, end_by_changing_the_password, end_by_signing_out_everywhere,
           end_from_the_device_list, end_by_a_ban, end_by_deleting_the_account]


@pytest.mark.parametrize("remember", [False, True], ids=["session", "kept"])
@pytest.mark.parametrize("ending", ENDINGS, ids=[ending.__name__ for ending in ENDINGS])
def test_a_copied_cookie_opens_nothing_once_the_session_ended(app, ending, remember):
    member = make_member("Sami")
    browser = sign_in(app, "Sami", remember=remember)
    thief = copy_of(browser)
    assert signed_in(thief, "/forum")
    old_secret = device_secret(browser)

    response = ending(app, browser, member)
    assert response.status_code == 303, page_of(response)
    assert not signed_in(thief, "/forum")
    # the record behind the copied cookie is gone from the database, not only from the browser
    assert DeviceSession.get_or_none(DeviceSession.token_hash == tokens.digest(old_secret)) is None


def test_after_a_password_change_only_the_device_that_changed_it_is_signed_in(app):
    make_member("Sami")
    browser, phone = sign_in(app, "Sami"), sign_in(app, "Sami")
    thief = copy_of(browser)
    end_by_changing_the_password(app, browser, None)
    assert signed_in(browser, "/forum")
    assert not signed_in(phone, "/forum") and not signed_in(thief, "/forum")
    assert DeviceSession.select().count() == 1


def test_a_ban_and_a_deletion_remove_every_device_record(app):
    member = make_member("Sami")
    for _ in range(3):
        sign_in(app, "Sami")
    assert DeviceSession.select().count() == 3
    end_by_a_ban(app, None, member)
    assert DeviceSession.select().where(DeviceSession.member == member.id).count() == 0

    other = make_member("Lina")
    browser = sign_in(app, "Lina")
    sign_in(app, "Lina", user_agent=CHROME_WINDOWS)
    end_by_deleting_the_account(app, browser, other)
    assert Member.get_or_none(Member.id == other.id) is None
    assert DeviceSession.select().where(DeviceSession.member == other.id).count() == 0


# several app servers -----------------------------------------------------------------------------

def another_instance(app):
    """A second app server on the same database, as behind a load balancer."""
    instance = create_app({key: app.config[key] for key in (
        "TESTING", "DATABASE_URL", "SECRET_KEY", "PASSWORD_HASH_METHOD", "NEUTRAL_URL", "BASE_URL",
        "EXTRA_HOSTS", "REQUIRE_STAFF_2FA")})
    instance.test_client_class = Client
    return instance


@pytest.mark.parametrize("ending", [end_by_signing_out, end_by_quick_exit, end_by_signing_out_everywhere,
                                    end_by_changing_the_password], ids=lambda ending: ending.__name__)
def test_signing_out_on_one_app_server_ends_the_session_on_the_other(app, ending):
    member = make_member("Sami")
    second = another_instance(app)
    browser = sign_in(app, "Sami", remember=True)
    # the same cookies, sent to the other server
    elsewhere = copy_of(browser, app=second)
    assert signed_in(elsewhere, "/forum")
    assert ending(app, browser, member).status_code == 303
    assert not signed_in(elsewhere, "/forum")


def test_signing_out_on_the_other_server_ends_it_here(app):
    make_member("Sami")
    second = another_instance(app)
    browser = sign_in(second, "Sami")
    here = copy_of(browser, app=app)
    assert signed_in(here, "/forum")
    browser.submit("/logout")
    assert not signed_in(here, "/forum")


# the list of devices ----------------------------------------------------------------------------

def test_the_security_page_lists_the_members_own_devices(app):
    make_member("Sami")
    make_member("Lina")
    phone = sign_in(app, "Sami", remember=True)
    sign_in(app, "Sami", user_agent=CHROME_WINDOWS)
    sign_in(app, "Lina", user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                                    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
    page = page_of(phone.get("/account/security"))
    assert "<bdi>Firefox Mobile</bdi> on <bdi>Android</bdi>" in page
    assert "<bdi>Chrome</bdi> on <bdi>Windows</bdi>" in page
    assert "Mobile Safari" not in page
    assert page.count(">this device<") == 1 and page.count("Sign out this device") == 2
    assert "kept signed in" in page


def test_signing_out_another_device_from_the_list(app):
    make_member("Sami")
    phone, laptop = sign_in(app, "Sami"), sign_in(app, "Sami", user_agent=CHROME_WINDOWS)
    laptop_device = DeviceSession.get(DeviceSession.token_hash == tokens.digest(device_secret(laptop)))
    response = phone.submit(f"/account/devices/{laptop_device.id}/end")
    assert response.status_code == 303 and response.headers["Location"] == "/account/security#devices"
    assert "That device is signed out." in page_of(phone.get("/account/security"))
    assert signed_in(phone, "/forum") and not signed_in(laptop, "/forum")


def test_signing_out_this_device_from_the_list(app):
    make_member("Sami")
    phone = sign_in(app, "Sami")
    device = DeviceSession.get()
    response = phone.submit(f"/account/devices/{device.id}/end")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert not signed_in(phone, "/forum")
    assert DeviceSession.select().count() == 0


def test_someone_elses_device_cannot_be_signed_out(app):
    make_member("Sami")
    make_member("Lina")
    sami, lina = sign_in(app, "Sami"), sign_in(app, "Lina")
    linas_device = DeviceSession.get(DeviceSession.token_hash == tokens.digest(device_secret(lina)))
    assert sami.submit(f"/account/devices/{linas_device.id}/end").status_code == 404
    assert sami.submit("/account/devices/999999/end").status_code == 404
    assert signed_in(lina, "/forum") and DeviceSession.select().count() == 2


def test_signing_out_a_device_needs_post_and_a_csrf_token(app):
    make_member("Sami")
    phone = sign_in(app, "Sami")
    device = DeviceSession.get()
    assert phone.get(f"/account/devices/{device.id}/end").status_code == 405
    assert phone.post(f"/account/devices/{device.id}/end").status_code == 400
    assert signed_in(phone, "/forum") and DeviceSession.select().count() == 1


def test_signing_out_a_device_is_for_signed_in_people_only(app, client):
    make_member("Sami")
    sign_in(app, "Sami")
    response = client.submit(f"/account/devices/{DeviceSession.get().id}/end")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert DeviceSession.select().count() == 1


def test_the_export_lists_devices_without_their_secret(app):
    make_member("Sami")
    phone = sign_in(app, "Sami")
    exported = phone.get("/account/export.json").get_json()
    [device] = exported["signed_in_devices"]
    assert device["browser"] == "Firefox Mobile" and "token_hash" not in device


def test_the_purge_removes_the_records_of_devices_nobody_came_back_to(app):
    make_member("Sami")
    idle, kept_idle, recent, kept = (sign_in(app, "Sami", remember=remember) for remember in (False, True, False, True))
    ages = {idle: datetime.timedelta(hours=9), kept_idle: datetime.timedelta(days=31),
            recent: datetime.timedelta(hours=7), kept: datetime.timedelta(days=29)}
    hashes = {browser: tokens.digest(device_secret(browser)) for browser in ages}
    with transaction():
        for browser, age in ages.items():
            DeviceSession.update(last_used_at=utcnow() - age).where(
                DeviceSession.token_hash == hashes[browser]).execute()
    assert maintenance.purge()["signed-out idle devices"] == 2
    assert {row.token_hash for row in DeviceSession.select()} == {hashes[recent], hashes[kept]}
