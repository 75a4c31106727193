"""Rate limits (Flask-Limiter) on signing in, codes, applying and recovering; refusals that reveal nothing."""

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

REDIS_URL = "redis://127.0.0.1:6379"
NEW_PASSWORD = "a brand new harbour password"
TOO_MANY = "There were too many attempts. Try again in a few minutes."


def page_of(response):
    return response.get_data(as_text=True)


def main_of(html):
    """What a page says; the CSRF token is left out, as it is signed with the current second."""
    main = re.search(r'<main id="main"[^>]*>(.*)</main>', html, re.S).group(1)
    return re.sub(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]+"', r'\1…"', main)


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


def signed_in(browser):
    return browser.get("/account").status_code == 200


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
    assert main_of(page_of(wrong_password)) == main_of(page_of(unknown)).replace('value="Samy"', 'value="Sami"')
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
    assert main_of(page_of(refused)) == main_of(page_of(wrong)).replace('value="Sami"', 'value="Bana"')


def test_recover_refusals_are_the_same_for_an_unknown_pseudonym_and_a_wrong_code(app, client):
    make_member("Sami")
    data = {"code": "AAAA-BBBB-CCCC-DDDD", "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}
    wrong_code = client.submit("/recover", dict(data, handle="Sami"))
    unknown = client.submit("/recover", dict(data, handle="Samy"))
    assert wrong_code.status_code == unknown.status_code == 422
    assert main_of(page_of(wrong_code)) == main_of(page_of(unknown)).replace('value="Samy"', 'value="Sami"')


# several processes: the counts live in Redis ---------------------------------------------------

@pytest.fixture
def redis_server():
    import redis

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
