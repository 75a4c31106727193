"""Joining in a real browser: apply, write down the codes, be approved, come in as a member."""

import re

import pytest
from playwright.sync_api import expect

from portal.auth.models import Application
from portal.db import transaction
from portal.members.models import Member, Region
from tests.browser.helpers import click_to_load, main_nav, make_staff, sign_in
from tests.conftest import PASSWORD, make_member

pytestmark = pytest.mark.browser

RULES_ACCEPTANCE = "I have read the house rules and I will follow them."


def fill_application(page, handle, languages, repeat=PASSWORD):
    page.goto("/apply")
    page.get_by_label("Sign-in name").fill(handle)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(repeat)
    for language in languages:
        page.get_by_label(language, exact=True).check()
    page.get_by_label(RULES_ACCEPTANCE).check()
    click_to_load(page, page.get_by_role("button", name="Send my application"))


def apply_and_write_down_codes(page, handle):
    fill_application(page, handle, ["English"])
    expect(page.get_by_role("heading", name="Write down your recovery codes")).to_be_visible()
    page.get_by_label("I have written down my recovery codes").check()
    click_to_load(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", name="Your application is being reviewed")).to_be_visible()


def application_of(page, handle):
    return page.locator("article.application").filter(has=page.get_by_role("heading", name=handle, exact=True))


def test_visitor_applies_writes_down_codes_and_waits_for_review(page):
    fill_application(page, "Zeemeeuw-7", ["English", "\u2068العربية\u2069 (Arabic)"])

    expect(page.get_by_role("heading", name="Write down your recovery codes")).to_be_visible()
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert len(set(codes)) == 10, "every recovery code must be different"

    # the "written down" step is not skippable: Continue alone must not leave the codes behind
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("I have written down my recovery codes")).not_to_be_checked()
    expect(page.get_by_role("heading", name="Write down your recovery codes")).to_be_visible()

    page.get_by_label("I have written down my recovery codes").check()
    click_to_load(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", name="Your application is being reviewed")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/application$"))
    expect(main_nav(page).get_by_role("link", name="My application")).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Moderation")).to_have_count(0)
    assert Member.get(Member.login_name == "Zeemeeuw-7").role == "applicant"


def test_moderator_approves_application_in_place_with_htmx(open_tab):
    make_member("Waiting-Heron", "applicant")
    make_staff("test-moderator")
    page = open_tab().page
    sign_in(page, "test-moderator")
    page.goto("/moderation/applications")
    # a full page load would start a new window object and lose this
    page.evaluate("window.harbourNoReload = 'same page'")

    application = application_of(page, "Waiting-Heron")
    application.get_by_label("Internal note (only staff see it)").fill("Met at the Tuesday drop-in")
    with page.expect_response(re.compile(r"/moderation/applications/\d+$")) as decided:
        application.get_by_role("button", name="Approve").click()

    assert decided.value.request.headers.get("hx-request") == "true"
    expect(application.get_by_role("status")).to_have_text("Approved: Waiting-Heron is now a member.")
    expect(application.get_by_role("button", name="Approve")).to_have_count(0)
    assert page.evaluate("window.harbourNoReload") == "same page"
    assert Member.get(Member.handle == "Waiting-Heron").role == "member"
    assert Application.get(Application.member == Member.get(Member.handle == "Waiting-Heron")).note == (
        "Met at the Tuesday drop-in")


def test_member_sees_member_navigation_after_approval(open_tab):
    make_staff("test-moderator")

    applicant = open_tab().page
    apply_and_write_down_codes(applicant, "Kingfisher_3")

    moderator = open_tab().page
    sign_in(moderator, "test-moderator")
    moderator.goto("/moderation/applications")
    # the applicant has no pseudonym yet: the moderator sees only a placeholder, never the sign-in name
    application = moderator.locator("article.application")
    expect(application).to_have_count(1)
    expect(application).not_to_contain_text("Kingfisher_3")
    with moderator.expect_response(re.compile(r"/moderation/applications/\d+$")):
        application.get_by_role("button", name="Approve").click()
    expect(application.get_by_role("status")).to_contain_text("is now a member")

    member = open_tab().page
    sign_in(member, "Kingfisher_3")
    expect(member.get_by_role("heading", name="Welcome! Choose your pseudonym")).to_be_visible()
    expect(main_nav(member).get_by_role("link", name="Forum")).to_have_count(0)
    member.get_by_label("Pseudonym").fill("Blue-Kingfisher")
    click_to_load(member, member.get_by_role("button", name="Use this pseudonym"))
    expect(member.get_by_role("heading", name="Welcome, Blue-Kingfisher")).to_be_visible()
    expect(main_nav(member).get_by_role("link", name="My account")).to_be_visible()
    expect(main_nav(member).get_by_role("link", name="Home")).to_be_visible()
    expect(main_nav(member).get_by_role("link", name="My application")).to_have_count(0)
    expect(main_nav(member).get_by_role("link", name="Moderation")).to_have_count(0)


def test_moderator_approves_without_javascript(open_tab):
    make_member("Quiet-Wren", "applicant")
    make_staff("test-moderator")
    page = open_tab(java_script_enabled=False).page
    sign_in(page, "test-moderator")
    page.goto("/moderation/applications")

    click_to_load(page, application_of(page, "Quiet-Wren").get_by_role("button", name="Approve"))

    # the plain form posted and the server redirected back to the list, with a message
    expect(page).to_have_url(re.compile(r"/moderation/applications$"))
    expect(page.locator("#messages")).to_contain_text("Quiet-Wren is now a member.")
    expect(application_of(page, "Quiet-Wren")).to_have_count(0)
    expect(page.get_by_text("No applications are waiting.")).to_be_visible()
    assert Member.get(Member.handle == "Quiet-Wren").role == "member"


def test_invalid_application_keeps_what_was_typed_and_explains_next_to_the_field(page):
    with transaction():
        Region.create(name="Groningen", position=1)
        Region.create(name="Drenthe", position=2)
    page.goto("/apply")
    page.get_by_label("Sign-in name").fill("Sparrow-ذهب")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD + " but different")
    page.get_by_label("\u2068Nederlands\u2069 (Dutch)", exact=True).check()
    page.get_by_label("\u2068فارسی\u2069 (Farsi)", exact=True).check()
    page.get_by_label("Region").select_option(label="Drenthe")
    page.get_by_label("E-mail address (optional)").fill("sparrow@example.org")
    page.get_by_label(RULES_ACCEPTANCE).check()
    with page.expect_response(re.compile(r"/apply$")) as answered:
        click_to_load(page, page.get_by_role("button", name="Send my application"))

    assert answered.value.status == 422
    repeat = page.get_by_label("Password again")
    expect(repeat).to_have_attribute("aria-invalid", "true")
    expect(repeat).to_have_accessible_description(re.compile("The two passwords are not the same."))
    expect(page.locator(".field.has-error")).to_have_count(1)
    expect(page.locator(".field.has-error")).to_contain_text("The two passwords are not the same.")

    expect(page.get_by_label("Sign-in name")).to_have_value("Sparrow-ذهب")
    expect(page.get_by_label("\u2068Nederlands\u2069 (Dutch)", exact=True)).to_be_checked()
    expect(page.get_by_label("\u2068فارسی\u2069 (Farsi)", exact=True)).to_be_checked()
    expect(page.get_by_label("English", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Region")).to_have_value(str(Region.get(Region.name == "Drenthe").id))
    expect(page.get_by_label("E-mail address (optional)")).to_have_value("sparrow@example.org")
    expect(page.get_by_label(RULES_ACCEPTANCE)).to_be_checked()
    # passwords are never sent back to the browser
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(repeat).to_have_value("")
    assert not Member.select().where(Member.login_name == "Sparrow-ذهب").exists()
