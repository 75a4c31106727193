"""WCAG 2.2 AA: axe-core (vendored from the npm registry) finds nothing on any page type."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal import demo
from portal.calendar.models import Meetup
from portal.checkins.models import SafetyCheck
from portal.db import transaction
from portal.forum.models import Category, Thread
from portal.introductions.models import Introduction
from portal.members.models import Member
from portal.support import flow as support
from portal.support.models import SupportRequest
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

AXE = next(Path(__file__).parent.joinpath("vendor").glob("axe-core-*.min.js")).read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "accessible demo password"


def support_request():
    """A support request of demo-member, taken by demo-moderator, with an answer in its thread."""
    found = SupportRequest.select().first()
    if found is None:
        found = support.take(support.open_request(Member.get(Member.handle == "demo-member"), category="housing",
                                                  text="I need a room near Utrecht.", language="ar"),
                             Member.get(Member.handle == "demo-moderator"))
        support.post_message(found, Member.get(Member.handle == "demo-moderator"), "We will look today.")
    return found


def pages_for(role):
    """Every page type a role can open, with demo content behind it."""
    request = support_request()
    thread = Thread.select().order_by(Thread.id).first()
    category = Category.select().order_by(Category.id).first()
    meetup = Meetup.select().where(Meetup.public == True).order_by(Meetup.id).first()  # noqa: E712
    public = ["/", "/rules", "/help", "/calendar", f"/calendar/{meetup.id}"]
    if role == "visitor":
        return public + ["/apply", "/login", "/recover"]
    member_pages = public + [
        "/forum", f"/forum/{category.slug}", f"/forum/t/{thread.id}", "/forum/new", "/forum/search?q=interview",
        "/calendar?month=2026-12", "/members", "/members/demo-buddy", "/introductions", "/introductions/buddy",
        "/introductions/new?to=demo-organiser", "/notifications", "/account", "/account/security", "/account/export",
        "/account/delete", "/account/sign-in-name", "/support", "/support/new", "/account/vouches"]
    if role == "member":
        conversation = Introduction.select().where(Introduction.state == "introduced").order_by(Introduction.id).first()
        with transaction():
            check = SafetyCheck.create(member=Member.get(Member.handle == "demo-member"), about="meetup",
                                       target_id=meetup.id)
        return member_pages + [f"/introductions/{conversation.id}", f"/check-in/{check.id}", f"/support/{request.id}"]
    buddy_request = Introduction.select().where(Introduction.kind == "buddy", Introduction.state == "requested").first()
    staff = ["/moderation", "/moderation/applications", "/moderation/posts", "/moderation/members",
             f"/moderation/members/{Member.get(Member.handle == 'demo-newcomer').id}", "/moderation/log",
             "/moderation/introductions", f"/moderation/introductions/{buddy_request.id}/buddies",
             "/moderation/invites", "/admin/help", "/admin/help/new", "/moderation/alerts",
             "/moderation/alerts/settings", "/moderation/support", f"/moderation/support/{request.id}"]
    if role == "moderator":
        return ["/forum", f"/forum/t/{thread.id}"] + staff
    return staff + ["/admin", "/admin/regions", "/admin/categories", "/admin/mail", "/calendar/new",
                    f"/admin/categories/{category.id}", "/admin/texts", "/admin/texts/landing", "/admin/intake",
                    "/admin/invite-batches"]


def violations_on(page, path):
    page.goto(path)
    page.evaluate(AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{path}: {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("role", ["visitor", "member", "moderator", "admin"])
def test_no_accessibility_violations(app, open_tab, role, language):
    app.config["REQUIRE_STAFF_2FA"] = False
    demo.populate(PASSWORD)
    handle = {"member": "demo-member", "moderator": "demo-moderator", "admin": "demo-admin"}.get(role)
    # the axe script is injected from the test, which a strict CSP would (rightly) refuse
    tab = open_tab(locale=language, bypass_csp=True)
    if handle:
        with transaction():
            Member.update(locale=None).where(Member.handle == handle).execute()
        sign_in(tab.page, handle, PASSWORD) if language == "en" else sign_in_arabic(tab.page, handle)
    found = []
    for path in pages_for(role):
        found += violations_on(tab.page, path)
    assert found == [], "\n".join(found)


def sign_in_arabic(page, handle):
    page.goto("/login")
    page.locator("#handle").fill(handle)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
