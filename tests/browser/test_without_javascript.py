"""Every main flow works with JavaScript switched off: plain forms and links all the way."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from portal.calendar import meetups
from portal.calendar.models import Rsvp
from portal.db import utcnow
from portal.forum.models import Post
from portal.introductions.models import Introduction
from tests.browser.helpers import click_to_load, forum_category, forum_thread, make_staff, sign_in
from tests.conftest import PASSWORD, make_member

pytestmark = pytest.mark.browser


def no_js_tab(open_tab):
    return open_tab(java_script_enabled=False).page


def submit(page, name):
    click_to_load(page, page.locator("main").get_by_role("button", name=name, exact=True))


def test_apply_sign_in_forum_calendar_introduction_and_exit_without_javascript(app, open_tab, neutral_url):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    moderator = make_staff("mod-nojs", "moderator")
    organiser = make_staff("org-nojs", "organiser")
    friend = make_member("friend-nojs")
    category = forum_category()
    thread = forum_thread(category, friend)
    start = utcnow() + datetime.timedelta(days=3)
    meetup = meetups.create_meetup(organiser, title="Drop-in", starts_at=start,
                                   ends_at=start + datetime.timedelta(hours=2), private_address="Secret Street 1")

    # apply, with JavaScript off
    page = no_js_tab(open_tab)
    page.goto("/apply")
    page.get_by_label("Sign-in name").fill("nojs-private")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("English", exact=True).check()
    page.get_by_label("I have read the house rules").check()
    submit(page, "Send my application")
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)

    # a moderator approves without JavaScript
    staff = no_js_tab(open_tab)
    sign_in(staff, moderator.handle)
    staff.goto("/moderation/applications")
    click_to_load(staff, staff.locator("article.application").get_by_role("button", name="Approve"))
    expect(staff.locator("#messages")).to_contain_text("is now a member")

    # log in, choose the pseudonym others see, read and reply in the forum
    member = no_js_tab(open_tab)
    sign_in(member, "nojs-private")
    member.get_by_label("Pseudonym").fill("Nojs-person")
    submit(member, "Use this pseudonym")
    member.goto(f"/forum/t/{thread.id}")
    member.get_by_label("Your reply").fill("Hello without scripts")
    submit(member, "Post reply")
    expect(member.locator(".post-body").last).to_contain_text("Hello without scripts")
    assert Post.select().where(Post.body == "Hello without scripts").exists()

    # RSVP: the address appears after signing up
    member.goto(f"/calendar/{meetup.id}")
    expect(member.locator("main")).not_to_contain_text("Secret Street 1")
    submit(member, "I'm going")
    expect(member.locator("main")).to_contain_text("Secret Street 1")
    assert Rsvp.select().where(Rsvp.meetup == meetup).count() == 1

    # ask for an introduction; the moderator approves; the friend accepts
    member.goto(f"/members/{friend.handle}")
    click_to_load(member, member.get_by_role("link", name="Ask for an introduction"))
    member.get_by_label("For the moderators").fill("We met at the drop-in.")
    member.get_by_label("Your first message to them").fill("Hi, nice to meet you!")
    submit(member, "Send to the moderators")
    staff.goto("/moderation/introductions")
    click_to_load(staff, staff.locator("article").get_by_role("button", name="Approve"))
    other = no_js_tab(open_tab)
    sign_in(other, friend.handle)
    introduction = Introduction.get(Introduction.recipient == friend)
    other.goto(f"/introductions/{introduction.id}")
    other.get_by_label("Signal username").fill("friend.01")
    submit(other, "Yes, introduce us")
    other.get_by_label("Message").fill("Welcome!")
    submit(other, "Send")
    member.goto(f"/introductions/{introduction.id}")
    expect(member.locator("main")).to_contain_text("friend.01")
    expect(member.locator(".messages")).to_contain_text("Welcome!")

    # moderate a post without JavaScript
    staff.goto(f"/forum/t/{thread.id}")
    reply = Post.get(Post.body == "Hello without scripts")
    click_to_load(staff, staff.locator(f"#p{reply.id}").get_by_role("button", name="Hide"))
    assert Post.get_by_id(reply.id).status == "hidden"

    # and leave quickly through the plain link
    click_to_load(member, member.get_by_role("link", name="Leave quickly"))
    assert member.url.startswith(neutral_url)
    member.goto("/account")
    assert re.search(r"/login", member.url)
