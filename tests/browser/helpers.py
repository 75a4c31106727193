"""Steps several browser tests take the way a person would."""

from playwright.sync_api import expect

from portal.auth.models import Application
from portal.db import transaction, utcnow
from tests.conftest import PASSWORD, make_member


def make_staff(handle, role="moderator"):
    """A staff member whose own application is decided, as on a real site.

    conftest's make_member promotes an applicant but leaves their application pending, which
    would put the moderator in their own review queue.
    """
    member = make_member(handle, role)
    with transaction():
        Application.update(status="approved", decided_at=utcnow()).where(
            Application.member == member).execute()
    return member


def sign_in(page, handle, password=PASSWORD):
    """Sign in through the login form and wait until the signed-in page is there."""
    page.goto("/login")
    page.get_by_label("Pseudonym").fill(handle)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def main_nav(page):
    return page.get_by_role("navigation", name="Main")
