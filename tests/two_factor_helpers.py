"""Two-factor sign-in for tests: codes that work (or never do), a member with it switched on, setting
it up through the pages, and the recovery form."""

import re
import time

import pyotp

from portal.db import transaction
from portal.members.models import Member
from tests.helpers import NEW_PASSWORD, page_of

SECRET_ON_PAGE = re.compile(r'<code dir="ltr">([A-Z2-7]+)</code>')


def code_now(secret):
    return pyotp.TOTP(secret).now()


def code_next(secret):
    """A second code in the same test: each code works only once per member (replay protection)."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def wrong_code(secret):
    """Six digits that no step of the accepted window (one step either side) produces."""
    totp = pyotp.TOTP(secret)
    valid = {totp.at(time.time() + offset) for offset in (-60, -30, 0, 30, 60)}
    candidate = int(totp.now())
    while f"{candidate:06d}" in valid:
        candidate = (candidate + 1) % 1_000_000
    return f"{candidate:06d}"


def with_two_factor(member):
    """Switch two-factor sign-in on straight in the database (no code used up yet)."""
    secret = pyotp.random_base32()
    with transaction():
        Member.update(totp_secret=secret, totp_last_step=0).where(Member.id == member.id).execute()
    return secret


def start_setup(client):
    """Press "Set up two-factor sign-in"; returns the security page and the key it shows."""
    response = client.submit("/account/two-factor/start")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/security#two-factor")
    page = page_of(client.get("/account/security"))
    return page, SECRET_ON_PAGE.search(page).group(1)


def code_step(client, code):
    response = client.submit("/login/code", {"code": code})
    client.forget_csrf()
    return response


def set_up_through_the_web(client):
    _page, secret = start_setup(client)
    response = client.submit("/account/two-factor/confirm", {"code": code_now(secret)})
    assert response.status_code == 303, page_of(response)
    return secret


def recover(client, handle, code, password=NEW_PASSWORD):
    """Send the recovery form; a recovery that works starts a fresh session, with a new CSRF token."""
    response = client.submit("/recover", {"handle": handle, "code": code, "password": password,
                                          "password_repeat": password})
    client.forget_csrf()
    return response
