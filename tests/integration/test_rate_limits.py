"""Rate limits (Flask-Limiter) on signing in, codes, applying and recovering; refusals that reveal nothing."""

import base64
import os
import re
import time
import uuid

import pyotp
import pytest

from portal import create_app
from portal.auth import passwords
from portal.db import transaction, utcnow
from portal.extensions import limiter
from portal.members.models import Member, RecoveryCode
from tests.conftest import PASSWORD, Client, make_member
from tests.helpers import NEW_PASSWORD, main_of, page_of, signed_in

REDIS_URL = "redis://127.0.0.1:6379"
TOO_MANY = "There were too many attempts. Try again in a few minutes."


def said_on(html):
    """What a page says; the CSRF token is left out, as it is signed with the current second."""
    return re.sub(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]+"', r'\1…"', main_of(html))


def address(number):
    """Where a request comes from, as the limiter sees it."""
    return {"REMOTE_ADDR": f"10.0.{number // 250}.{number % 250 + 1}"}


def login(browser, handle, password="not the password", number=0, **headers):
    return browser.submit("/login", {"handle": handle, "password": password}, environ_base=address(number),
                          headers=headers)


def assert_too_many(response):
    assert response.status_code == 429
    page = page_of(response)
    assert "Please wait a moment" in page and TOO_MANY in page


# signing in -----------------------------------------------------------------------------------

def test_login_allows_20_attempts_a_minute_from_one_address(app, client):
    # different pseudonyms each time, so only the per-address limit counts
    for n in range(20):
        assert login(client, f"guess-{n}", number=1).status_code == 422, n
    assert_too_many(login(client, "guess-20", number=1))
    # another address is not held up
    assert login(client, "guess-21", number=2).status_code == 422


def test_login_allows_10_attempts_per_pseudonym_from_any_address(app, client):
    make_member("Sami")
    # spreading the guesses over many addresses does not help
    for n in range(10):
        assert login(client, "Sami", number=n).status_code == 422, n
    response = login(client, "Sami", PASSWORD, number=99)
    assert_too_many(response)
    assert not signed_in(client)
    # the pseudonym counts however it is typed
    assert_too_many(login(client, "SAMI", number=98))
    # another pseudonym from the same new address is not held up
    assert login(client, "Lina", number=99).status_code == 422


def test_the_pseudonym_limit_is_the_same_for_a_pseudonym_that_does_not_exist(app, client):
    for n in range(10):
        assert login(client, "Nobody-here", number=n).status_code == 422
    assert_too_many(login(client, "Nobody-here", number=50))


def test_the_code_step_allows_10_attempts(app, client):
    member = make_member("Sami")
    secret = pyotp.random_base32()
    with transaction():
        Member.update(totp_secret=secret).where(Member.id == member.id).execute()
    assert client.submit("/login", {"handle": "Sami", "password": PASSWORD}).status_code == 303
    client.forget_csrf()
    totp = pyotp.TOTP(secret)
    valid = {totp.at(time.time() + offset) for offset in (-60, -30, 0, 30, 60)}
    wrong = [f"{n:06d}" for n in range(100, 200) if f"{n:06d}" not in valid][:10]
    for code in wrong:
        assert client.submit("/login/code", {"code": code}).status_code == 422
    # even the right code is refused now: guessing stops here
    assert_too_many(client.submit("/login/code", {"code": totp.now()}))
    assert not signed_in(client)
    assert Member.get_by_id(member.id).totp_last_step == 0


def test_applying_allows_10_attempts_an_hour(app, client):
    for n in range(10):
        response = client.submit("/apply", {"handle": f"new-{n}", "password": "short"}, environ_base=address(1))
        assert response.status_code == 422, n
    response = client.submit("/apply", {"handle": "new-10", "password": "short"}, environ_base=address(1))
    assert_too_many(response)
    # the form can still be read, and someone elsewhere can still apply
    assert client.get("/apply", environ_base=address(1)).status_code == 200
    assert client.submit("/apply", {"handle": "new-11"}, environ_base=address(2)).status_code == 422
    assert Member.select().count() == 0


def test_recovering_allows_10_attempts(app, client):
    member = make_member("Sami")
    data = {"handle": "Sami", "code": "AAAA-BBBB-CCCC-DDDD", "password": NEW_PASSWORD,
            "password_repeat": NEW_PASSWORD}
    for n in range(10):
        assert client.submit("/recover", data, environ_base=address(1)).status_code == 422, n
    assert_too_many(client.submit("/recover", data, environ_base=address(1)))
    assert passwords.check_password(Member.get_by_id(member.id).password_hash, PASSWORD)
    assert RecoveryCode.select().where(RecoveryCode.used_at.is_null(False)).count() == 0


def test_the_429_page_is_translated(app, client):
    for n in range(20):
        login(client, f"guess-{n}", number=1)
    response = login(client, "guess-20", number=1, **{"Accept-Language": "nl"})
    assert response.status_code == 429
    page = page_of(response)
    assert '<html lang="nl"' in page
    assert "Wacht even" in page
    assert "Er waren te veel pogingen. Probeer het over een paar minuten opnieuw." in page
    assert TOO_MANY not in page


def test_the_429_page_shows_no_technical_details(app, client):
    for n in range(20):
        login(client, f"guess-{n}", number=1)
    page = page_of(login(client, "guess-20", number=1))
    assert "Traceback" not in page and "per 1 minute" not in page and "flask_limiter" not in page


# refusals that reveal nothing -----------------------------------------------------------------

def test_login_refusals_are_the_same_for_an_unknown_pseudonym_and_a_wrong_password(app, client, monkeypatch):
    make_member("Sami")
    checks = []
    real_check = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash", lambda *args: checks.append(args[1]) or real_check(*args))

    wrong_password = client.submit("/login", {"handle": "Sami", "password": "not the password"})
    unknown = client.submit("/login", {"handle": "Samy", "password": "not the password"})
    assert wrong_password.status_code == unknown.status_code == 422
    # the same words, on the same page, apart from the pseudonym typed in
    assert said_on(page_of(wrong_password)) == said_on(page_of(unknown)).replace('value="Samy"', 'value="Sami"')
    assert "This sign-in name and password do not match an account." in page_of(unknown)
    # and the same work: a password hash is checked either way, so the answer takes as long
    assert checks == ["not the password", "not the password"]


def test_a_banned_member_gets_the_same_refusal_as_a_wrong_password(app, client):
    make_member("Sami")
    banned = make_member("Bana")
    with transaction():
        Member.update(banned_at=utcnow()).where(Member.id == banned.id).execute()
    refused = client.submit("/login", {"handle": "Bana", "password": PASSWORD})
    wrong = client.submit("/login", {"handle": "Sami", "password": "not the password"})
    assert refused.status_code == wrong.status_code == 422
    assert said_on(page_of(refused)) == said_on(page_of(wrong)).replace('value="Sami"', 'value="Bana"')


def test_recover_refusals_are_the_same_for_an_unknown_pseudonym_and_a_wrong_code(app, client):
    make_member("Sami")
    data = {"code": "AAAA-BBBB-CCCC-DDDD", "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}
    wrong_code = client.submit("/recover", dict(data, handle="Sami"))
    unknown = client.submit("/recover", dict(data, handle="Samy"))
    assert wrong_code.status_code == unknown.status_code == 422
    assert said_on(page_of(wrong_code)) == said_on(page_of(unknown)).replace('value="Samy"', 'value="Sami"')


# several processes: the counts live in Redis ---------------------------------------------------

@pytest.fixture
def redis_server():
    if os.environ.get("CI"):
        import redis
    else:
        # the Redis driver is an optional extra (`make test EXTRAS=test,redis`); CI installs it
        redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        connection.close()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); CI runs this test against a local Redis")
    yield connection
    connection.close()


@pytest.fixture
def redis_prefix(app, redis_server, monkeypatch):
    """A key prefix of this run only; the keys go again afterwards."""
    prefix = f"harbour-test-{uuid.uuid4().hex}"
    # the limiter is one object for the process and keeps the first prefix it was given: start afresh
    monkeypatch.setattr(limiter, "_key_prefix", "")
    yield prefix
    for key in redis_server.scan_iter(match=f"*{prefix}*"):
        redis_server.delete(key)
    limiter.storage.storage.close()


def redis_app(app, prefix):
    """Another instance of the portal, as a second process would run it, counting in Redis."""
    instance = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"],
                           "SECRET_KEY": "test secret key", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                           "BASE_URL": "http://localhost",
                           "REQUIRE_STAFF_2FA": False, "RATELIMIT_STORAGE_URI": REDIS_URL,
                           "RATELIMIT_KEY_PREFIX": prefix})
    instance.test_client_class = Client
    return instance


def test_with_redis_the_login_limit_is_shared_between_instances(app, redis_server, redis_prefix):
    make_member("Sami")
    first = redis_app(app, redis_prefix)
    browser = first.test_client()
    for n in range(10):
        assert login(browser, "Sami", number=n).status_code == 422
    counts = {key.decode(): int(redis_server.get(key)) for key in redis_server.scan_iter(match=f"*{redis_prefix}*")}
    assert counts, "no rate-limit key with this run's prefix in Redis"
    assert [count for key, count in counts.items() if "/login:sami/" in key] == [10]

    # a second instance (a fresh limiter storage, as in another process) knows about those attempts
    second = redis_app(app, redis_prefix)
    assert_too_many(login(second.test_client(), "Sami", PASSWORD, number=77))


# only failures count; a browser that signed in before has its own allowance ------------------------

def owners_browser(app, handle="Sami"):
    """The member's own phone: it signed in once (and out again), so it holds a device cookie."""
    browser = app.test_client()
    assert login(browser, handle, PASSWORD, number=200).status_code == 303
    assert browser.get_cookie("device") is not None
    browser.forget_csrf()
    assert browser.submit("/logout").status_code == 303
    browser.forget_csrf()
    assert not signed_in(browser)
    return browser


def test_an_attackers_failures_do_not_lock_the_owner_out(app, client):
    make_member("Sami")
    phone = owners_browser(app)
    for n in range(15):
        response = login(client, "Sami", number=n)
        assert response.status_code in (422, 429), n
    # the attacker, even with the right password now, is held up...
    assert_too_many(login(client, "Sami", PASSWORD, number=50))
    # ...the member's own phone is not, from any address
    assert login(phone, "Sami", PASSWORD, number=51).status_code == 303
    assert signed_in(phone)


def test_correct_sign_ins_never_lock_anyone_out(app):
    make_member("Sami")
    # many browsers without a device cookie, each signing in right
    for n in range(15):
        assert login(app.test_client(), "Sami", PASSWORD, number=n).status_code == 303, n
    # one browser signing in again and again from one address, beyond the per-address limit
    phone = app.test_client()
    for n in range(25):
        assert login(phone, "Sami", PASSWORD, number=1).status_code == 303, n
        # signing in starts a new session, with a new form token
        phone.forget_csrf()


def test_a_device_cookie_has_an_allowance_of_its_own(app, client):
    make_member("Sami")
    phone = owners_browser(app)
    # someone holding the phone guesses: the phone's own allowance runs out...
    for n in range(10):
        assert login(phone, "Sami", number=n).status_code == 422, n
    assert_too_many(login(phone, "Sami", PASSWORD, number=11))
    assert not signed_in(phone)
    # ...and the pseudonym's allowance for everyone else is untouched
    assert login(client, "Sami", PASSWORD, number=12).status_code == 303


def test_an_untrusted_browser_during_a_lockout_gets_the_same_page_as_anyone(app, client):
    make_member("Sami")
    for n in range(10):
        login(client, "Sami", number=n)
        login(client, "Nobody-here", number=n)
    existing = login(client, "Sami", PASSWORD, number=30)
    missing = login(client, "Nobody-here", PASSWORD, number=31)
    assert_too_many(existing)
    assert_too_many(missing)
    assert said_on(page_of(existing)) == said_on(page_of(missing))


@pytest.mark.parametrize("cookie", ["forged", "for another pseudonym"])
def test_a_forged_or_foreign_device_cookie_is_no_help(app, client, cookie):
    make_member("Sami")
    make_member("Lina")
    lina = owners_browser(app, "Lina")
    value = lina.get_cookie("device").value
    if cookie == "forged":
        value = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    attacker = app.test_client()
    attacker.set_cookie("device", value)
    for n in range(10):
        assert login(attacker, "Sami", number=n).status_code == 422
    # counted against Sami's pseudonym, like any stranger's guesses
    assert_too_many(login(attacker, "Sami", PASSWORD, number=20))
    assert_too_many(login(client, "Sami", PASSWORD, number=21))


def test_the_device_cookie_names_no_pseudonym_and_quick_exit_removes_it(app):
    make_member("Sami")
    phone = owners_browser(app)
    value = phone.get_cookie("device").value
    payload = base64.urlsafe_b64decode(value.split(".")[0] + "==")
    assert b"sami" not in payload.lower()
    response = phone.get("/exit")
    removed = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("device=")]
    assert removed and "Expires=Thu, 01 Jan 1970" in removed[0]
    assert phone.get_cookie("device") is None


# current-password checks inside the account ----------------------------------------------------

def change_password(browser, current):
    return browser.submit("/account/security", {"current_password": current, "password": NEW_PASSWORD,
                                                "password_repeat": NEW_PASSWORD})


def test_the_11th_wrong_current_password_gets_429(app, client, login_as):
    member = login_as("member", "Sami")
    for n in range(10):
        assert change_password(client, f"guess number {n}").status_code == 422, n
    # a borrowed phone cannot go on guessing, not even with the right password now
    assert_too_many(change_password(client, PASSWORD))
    assert passwords.check_password(Member.get_by_id(member.id).password_hash, PASSWORD)
    # the page itself still opens
    assert client.get("/account/security").status_code == 200


def test_current_password_checks_share_one_allowance(app, client, login_as):
    member = login_as("member", "Sami")
    for n in range(5):
        assert change_password(client, f"guess number {n}").status_code == 422
    for n in range(5):
        response = client.submit("/account/delete", {"posts": "delete", "password": f"guess {n}", "confirm": "y"})
        assert response.status_code == 422
    response = client.submit("/account/delete", {"posts": "delete", "password": PASSWORD, "confirm": "y"})
    assert_too_many(response)
    assert Member.get_or_none(Member.id == member.id) is not None


def test_a_right_current_password_does_not_count(app, client, login_as):
    login_as("member", "Sami")
    for n in range(9):
        assert change_password(client, f"guess number {n}").status_code == 422
    assert change_password(client, PASSWORD).status_code == 303


def test_another_members_wrong_passwords_do_not_count_for_me(app, client, login_as):
    login_as("member", "Sami")
    other = app.test_client()
    make_member("Lina")
    assert login(other, "Lina", PASSWORD).status_code == 303
    other.forget_csrf()
    for n in range(10):
        change_password(other, f"guess number {n}")
    assert change_password(client, PASSWORD).status_code == 303


# the same with the counts in Redis ---------------------------------------------------------------

def test_with_redis_only_failures_count_and_device_cookies_keep_their_allowance(app, redis_server, redis_prefix):
    make_member("Sami")
    first, second = redis_app(app, redis_prefix), redis_app(app, redis_prefix)
    phone = first.test_client()
    for n in range(12):
        # correct sign-ins, spread over both instances: none of them counts
        instance = first if n % 2 else second
        assert login(instance.test_client(), "Sami", PASSWORD, number=n).status_code == 303, n
    assert login(phone, "Sami", PASSWORD, number=40).status_code == 303
    phone.forget_csrf()
    assert phone.submit("/logout").status_code == 303
    phone.forget_csrf()
    attacker = second.test_client()
    for n in range(10):
        assert login(attacker, "Sami", number=n).status_code == 422
    counts = {key.decode(): int(redis_server.get(key)) for key in redis_server.scan_iter(match=f"*{redis_prefix}*")}
    assert [count for key, count in counts.items() if "/login:sami/" in key] == [10]
    # the lockout holds on the first instance too, for strangers; not for the member's phone
    assert_too_many(login(first.test_client(), "Sami", PASSWORD, number=60))
    assert login(phone, "Sami", PASSWORD, number=61).status_code == 303


def test_with_redis_the_current_password_limit_is_shared_between_instances(app, redis_server, redis_prefix):
    make_member("Sami")
    first, second = redis_app(app, redis_prefix), redis_app(app, redis_prefix)
    browser = first.test_client()
    assert login(browser, "Sami", PASSWORD).status_code == 303
    browser.forget_csrf()
    for n in range(10):
        assert change_password(browser, f"guess number {n}").status_code == 422
    elsewhere = second.test_client()
    for name in ("session", "device"):
        elsewhere.set_cookie(name, browser.get_cookie(name).value)
    assert_too_many(change_password(elsewhere, PASSWORD))
