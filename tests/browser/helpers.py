"""Steps several browser tests take the way a person would."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def sign_in(page, handle, password=PASSWORD):
    """Sign in through the login form and wait until the signed-in page is there."""
    page.goto("/login")
    page.get_by_label("Pseudonym").fill(handle)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def main_nav(page):
    return page.get_by_role("navigation", name="Main")
