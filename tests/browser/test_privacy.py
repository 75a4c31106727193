"""Nothing leaves the site: every page of the foundation, as every kind of person, in a real browser."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from portal import demo
from portal.auth import membership
from tests.browser.helpers import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SIGNED_IN = ["/rules", "/account", "/account/security"]
MEMBER = ["/", *SIGNED_IN]
STAFF = [*MEMBER, "/moderation", "/moderation/applications", "/moderation/invites", "/moderation/members",
         "/moderation/log"]
PAGES = {
    "visitor": ["/", "/rules", "/apply", "/login", "/recover"],
    "applicant": ["/application", *SIGNED_IN],
    "member": MEMBER,
    "moderator": STAFF,
    "admin": [*STAFF, "/admin", "/admin/regions"],
}


def visit(page, path):
    response = page.goto(path)
    assert response.ok, f"{path}: {response.status}"
    # redirects would mean the page under test was never shown
    assert response.url.endswith(path), f"{path} went to {response.url}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def search_members_with_htmx(page):
    """The one htmx page of the staff area: results swap in place and the address follows."""
    page.goto("/moderation/members")
    with page.expect_response(re.compile(r"/moderation/members\?q=demo-mem")) as answered:
        page.get_by_label("Pseudonym contains").fill("demo-mem")
    assert answered.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#member-results")).to_contain_text("demo-member")
    expect(page.locator("#member-results")).not_to_contain_text("demo-admin")
    expect(page).to_have_url(re.compile(r"q=demo-mem"))
    # historyCacheSize 0: no copy of a staff page stays in the browser's storage
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None
    assert page.evaluate("localStorage.length") == 0


@pytest.mark.parametrize("role", list(PAGES))
def test_pages_make_no_request_to_another_host(tab, role):
    page = tab.page
    paths = list(PAGES[role])
    if role == "visitor":
        # the first admin's setup page exists only while there is no admin, so before the demo
        paths.append(f"/setup/{membership.new_setup_token(24)}")
    else:
        demo.populate(PASSWORD)
        sign_in(page, f"demo-{role}")

    for path in paths:
        visit(page, path)
    if role in ("moderator", "admin"):
        search_members_with_htmx(page)

    # the recording works: the vendored htmx came from the portal itself
    assert any(urlsplit(url).path.endswith(".js") and "/static/js/vendor/htmx" in url for url in tab.requests)
    assert tab.foreign_requests() == []
    assert tab.csp_violations() == []
    assert tab.errors == [], "no other console errors or uncaught exceptions either"
