"""The calendar in a real browser: RSVP in place, month navigation with and without JavaScript."""

import datetime

import pytest
from playwright.sync_api import expect

from portal.calendar import attendance, meetups
from portal.db import utcnow
from tests.browser.helpers import click_to_load, make_staff, sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.browser


def next_week_meetup(capacity=2, **details):
    organiser = make_staff("org-cal", "organiser")
    start = utcnow() + datetime.timedelta(days=7)
    return meetups.create_meetup(organiser, title="Welcome evening", starts_at=start,
                                 ends_at=start + datetime.timedelta(hours=2), capacity=capacity,
                                 private_address="Hidden Lane 7", public_area="Centre", **details)


def test_rsvp_updates_the_numbers_in_place_and_shows_the_address_only_after(open_tab):
    meetup = next_week_meetup()
    attendance.sign_up(meetup, make_member("first-guest"))
    tab = open_tab()
    sign_in(tab.page, make_member("cal-member").handle)
    page = tab.page
    page.goto(f"/calendar/{meetup.id}")
    expect(page.locator("main")).not_to_contain_text("Hidden Lane 7")
    page.evaluate("window.marker = 1")
    page.get_by_role("button", name="I'm going").click()
    expect(page.locator("#rsvp-box")).to_contain_text("2 going")
    expect(page.locator("#rsvp-box")).to_contain_text("0 places left")
    assert page.evaluate("window.marker") == 1
    page.reload()
    expect(page.locator("main")).to_contain_text("Hidden Lane 7")
    page.evaluate("window.marker = 2")
    page.get_by_role("button", name="I can't come anymore").click()
    expect(page.locator("#rsvp-box")).to_contain_text("1 going")
    assert page.evaluate("window.marker") == 2


def test_a_full_meetup_offers_the_waiting_list(open_tab):
    meetup = next_week_meetup(capacity=1)
    attendance.sign_up(meetup, make_member("only-guest"))
    tab = open_tab()
    sign_in(tab.page, make_member("late-member").handle)
    tab.page.goto(f"/calendar/{meetup.id}")
    tab.page.get_by_role("button", name="Join the waiting list").click()
    expect(tab.page.locator("#rsvp-box")).to_contain_text("1 waiting")
    expect(tab.page.locator("main")).not_to_contain_text("Hidden Lane 7")


def test_month_navigation_with_javascript_swaps_the_view_and_the_address_bar(open_tab):
    tab = open_tab()
    sign_in(tab.page, make_member("month-member").handle)
    page = tab.page
    page.goto("/calendar?month=2026-12")
    page.evaluate("window.marker = 3")
    page.get_by_role("link", name="Next month").click()
    expect(page.locator("#calendar-view h2")).to_contain_text("January 2027")
    page.wait_for_url("**month=2027-01**")
    assert page.evaluate("window.marker") == 3


def test_month_navigation_without_javascript_loads_the_next_month(open_tab):
    page = open_tab(java_script_enabled=False).page
    page.goto("/calendar?month=2026-12")
    click_to_load(page, page.get_by_role("link", name="Next month"))
    assert "month=2027-01" in page.url
    expect(page.locator("#calendar-view h2")).to_contain_text("January 2027")


def test_visitors_see_public_meetups_without_any_location(open_tab):
    public = next_week_meetup(public=True, online_link="https://video.example.org/room")
    tab = open_tab()
    tab.page.goto("/calendar")
    expect(tab.page.locator("main")).to_contain_text("Welcome evening")
    tab.page.goto(f"/calendar/{public.id}")
    expect(tab.page.locator("main")).to_contain_text("Centre")
    expect(tab.page.locator("main")).not_to_contain_text("Hidden Lane 7")
    expect(tab.page.locator("main")).not_to_contain_text("video.example.org")
    assert tab.foreign_requests() == [] and tab.csp_violations() == []
