"""Every "next" address stays on the site: a link to /login?next=... must not be a way to send a
member, just signed in, to a look-alike site that asks for their password again.

Browsers drop tabs and newlines from a URL and read a backslash as a slash, so "/\t/evil.example"
and "/\\evil.example" are both "//evil.example": another host.
"""

from urllib.parse import quote, urlsplit

import pytest

from tests.conftest import PASSWORD, make_member
from tests.security.world import client_as, decided_staff

HOSTILE_NEXT = ["//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/evil.example/",
                "/\r/evil.example/", "/\n/evil.example/", "\t//evil.example/", " //evil.example/",
                "/\\/evil.example/", "\\\\evil.example/", "javascript:alert(1)", "/%09/evil.example/"]


def browser_reads(location):
    """What a browser makes of a Location header: tabs and newlines gone, backslashes as slashes."""
    cleaned = location.strip("\x00 ").replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(cleaned)


def assert_stays_here(response, sent):
    assert response.status_code in (302, 303), f"{sent!r}: {response.status_code}"
    where = browser_reads(response.headers["Location"])
    assert where.netloc in ("", "localhost") and where.scheme in ("", "http"), \
        f"next={sent!r} sends the browser to {response.headers['Location']!r}"


@pytest.mark.parametrize("target", HOSTILE_NEXT, ids=repr)
def test_signing_in_never_leaves_the_site(app, target):
    make_member("walker")
    browser = app.test_client()
    response = browser.submit(f"/login?next={quote(target)}", {"handle": "walker", "password": PASSWORD})
    assert_stays_here(response, target)


@pytest.mark.parametrize("target", HOSTILE_NEXT, ids=repr)
def test_switching_language_never_leaves_the_site(app, target):
    response = client_as(app, None).submit("/language", {"lang": "nl", "next": target})
    assert_stays_here(response, target)


@pytest.mark.parametrize("target", HOSTILE_NEXT, ids=repr)
def test_staff_actions_never_leave_the_site(app, target):
    moderator = decided_staff("mod", "moderator", two_factor=False)
    member = make_member("someone")
    response = client_as(app, moderator).submit(f"/moderation/members/{member.id}/unsuspend", {"next": target})
    assert_stays_here(response, target)
