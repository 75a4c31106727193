"""Nothing leaves the site, and every answer says how to be handled: every page type in Chromium.

For each kind of person, every address the authorization matrix says they may open (with 200) is
visited in real headless Chromium, plus an error page: no request may go to another host, no
Content-Security-Policy violation or other console error may happen, and every response (pages,
the files they load, error pages) carries the security headers: Cache-Control no-store for pages,
Referrer-Policy no-referrer, X-Content-Type-Options nosniff, a Permissions-Policy that denies
camera, microphone and geolocation, and a CSP with frame-ancestors 'none' and nothing unsafe.
(The matrix checks the same headers on every answer the test client gets, for every role.)

Moderators and admins here have no two-factor sign-in, with REQUIRE_STAFF_2FA off (as the `app`
fixture sets it): their pages are the same as with two-factor sign-in on.
"""

import pytest

from tests.browser.helpers import sign_in
from tests.security.test_authorization_matrix import MATRIX
from tests.security.world import ROLES, build_world, path_for, security_header_problems

pytestmark = pytest.mark.browser

# not pages: files that a browser downloads or that machines read
NOT_PAGES = ("/static/", "/healthz", "/manifest.webmanifest", "/account/export.json", ".ics")


def pages_for(role, w):
    column = ROLES.index(role)
    rules = [rule for (rule, method), row in MATRIX.items()
             if method == "GET" and row[column] == 200 and not any(part in rule for part in NOT_PAGES)]
    return [path_for(rule, w) for rule in rules]


def error_page_for(role, w):
    """An address this person may not open: the error page is a page too."""
    column = ROLES.index(role)
    for (rule, method), row in MATRIX.items():
        if method == "GET" and row[column] in (403, 404):
            return path_for(rule, w), row[column]
    raise AssertionError(f"no error page for {role}")


@pytest.mark.parametrize("role", ["visitor", "member", "organiser", "moderator", "admin"])
def test_every_page_type_stays_on_the_site(app, open_tab, role):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    app.config["REQUIRE_STAFF_2FA"] = False
    w = build_world(prefix="p", staff_two_factor=False)
    tab = open_tab()
    responses = []
    tab.page.context.on("response", lambda response: responses.append(response))
    if role != "visitor":
        sign_in(tab.page, getattr(w, role).handle)

    paths = pages_for(role, w)
    assert len(paths) >= (5 if role == "visitor" else 20), paths
    for path in paths:
        response = tab.page.goto(path)
        assert response.status == 200, f"{path} as {role}: {response.status}"
        assert response.url.split("#")[0].endswith(path), f"{path} went to {response.url}"
    assert tab.errors == [], f"as {role}: no console errors or uncaught exceptions either"
    error_path, status = error_page_for(role, w)
    assert tab.page.goto(error_path).status == status
    # the error page's own status is the one console message allowed
    assert [error for error in tab.errors if f"status of {status}" not in error] == [], f"{error_path} as {role}"

    assert tab.foreign_requests() == [], f"as {role}"
    assert tab.csp_violations() == [], f"as {role}"
    # the recording works: the vendored htmx came from the portal itself
    assert any("/static/js/vendor/htmx" in url for url in tab.requests)
    problems = {}
    for response in responses:
        path = response.url.removeprefix(tab.base_url).split("?")[0]
        found = security_header_problems(response.headers, path)
        if found:
            problems[f"{response.request.method} {path} {response.status}"] = found
    assert problems == {}, f"as {role}"
