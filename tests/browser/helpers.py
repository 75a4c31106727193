"""What several browser tests share: the recorded tab, and steps taken the way a person would."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from portal.db import transaction
from tests.conftest import PASSWORD, make_member
from tests.helpers import decided

NEUTRAL_TITLE = "Weather"


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Tab:
    """A page in its own browser context, with what it asked for and what went wrong."""

    page: Page
    base_url: str
    requests: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def foreign_requests(self, *allowed_origins):
        """Requests to any origin but the portal's (and those allowed); data: URLs are local."""
        allowed = {origin(self.base_url), *allowed_origins}
        return [url for url in self.requests
                if not url.startswith(("data:", "blob:", "about:")) and origin(url) not in allowed]

    def csp_violations(self):
        return [text for text in self.errors if "Content Security Policy" in text or "Refused to" in text]


def make_staff(handle, role="moderator"):
    """A staff member whose own application is decided, as on a real site."""
    return decided(make_member(handle, role))


def sign_in(page, handle, password=PASSWORD):
    """Sign in through the login form and wait until the signed-in page is there."""
    page.goto("/login")
    page.get_by_label("Sign-in name").fill(handle)
    page.get_by_label("Password", exact=True).fill(password)
    click_to_load(page, page.locator("main").get_by_role("button", name="Sign in"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def click_to_load(page, target):
    """Click something that loads a new page, and go on once it has loaded.

    Waiting for the load event rather than letting expect() poll for the next page saves most
    of a second per step; the suite takes many such steps.
    """
    with page.expect_event("load"):
        target.click()


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def forum_category(slug="general", name="General talk", description="Anything that fits nowhere else."):
    """A forum category with its English name, as an admin would have made it."""
    from portal.forum.models import Category, CategoryText

    with transaction():
        category = Category.create(slug=slug, position=Category.select().count())
        CategoryText.create(category=category, locale="en", name=name, description=description)
    return category


def forum_thread(category, author, title="Finding a doctor who listens",
                 body="Which doctors in Utrecht are kind to people like us?"):
    """A thread started by author; visible at once if the app lets the author post without review."""
    from portal.forum import posting

    return posting.create_thread(category, author, title, body)


def record_dialogs(page):
    """Every alert/confirm/prompt the page opens, dismissed at once so nothing waits on it."""
    dialogs = []

    def dismiss(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return dialogs
