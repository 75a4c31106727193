"""The meet-up calendar in a real browser (issue 4).

- RSVP through htmx changes the going / places left / waiting numbers in place, without a reload;
- the private address and online link reach a member only once they are going;
- month navigation swaps the month in place and updates the address bar with JavaScript, and is a
  plain link without it;
- visitors see public meet-ups and nothing private;
- no calendar page asks another host for anything, breaks its Content-Security-Policy or logs an error.

"Without a reload" is checked with a marker on `window`: a full page load would wipe it.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from portal.calendar import attendance, meetups
from portal.db import transaction, utcnow
from portal.members.models import Region
from tests.browser.helpers import click_to_load, make_staff, sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.browser

# what only confirmed attendees, the organiser and staff may ever see
ADDRESS = "Verborgen Steeg 12, ring twice"
LINK = "https://video.example.org/room-hush-31"
AREA = "Groningen centre"
SECRET_DESCRIPTION = "Knock on the green door"


def organiser(handle="olga"):
    return make_staff(handle, "organiser")


def meetup_in(days, owner, title="Welcome evening", capacity=None, **details):
    """A meet-up some days from now (UTC), two hours long, with an address and a link."""
    start = (utcnow() + datetime.timedelta(days=days)).replace(hour=17, minute=0, second=0, microsecond=0)
    return meetup_at(start, owner, title=title, capacity=capacity, **details)


def meetup_at(start, owner, title="Welcome evening", capacity=None, **details):
    details.setdefault("public_area", AREA)
    details.setdefault("private_address", ADDRESS)
    details.setdefault("online_link", LINK)
    details.setdefault("language_list", ["en", "nl"])
    details.setdefault("description", SECRET_DESCRIPTION)
    return meetups.create_meetup(owner, title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                                 capacity=capacity, **details)


def signed_in_tab(open_tab, handle, role="member", **options):
    member = make_staff(handle, role) if role != "member" else make_member(handle)
    tab = open_tab(**options)
    sign_in(tab.page, member.handle)
    return tab


def set_marker(page, value):
    page.evaluate("value => { window.calendarMarker = value; }", value)


def marker(page):
    return page.evaluate("() => window.calendarMarker")


def assert_private_absent(page):
    """Neither the address nor the link anywhere in the document, attributes included."""
    html = page.content()
    assert ADDRESS not in html
    assert LINK not in html and "room-hush-31" not in html


def assert_clean(tab):
    assert tab.foreign_requests() == []
    assert tab.csp_violations() == []
    assert tab.errors == []


def rsvp_numbers(page):
    return page.locator("#rsvp-box .numbers")


# --- RSVP ----------------------------------------------------------------------------------------

def test_going_and_cancelling_update_the_numbers_in_place_and_the_address_only_follows_signing_up(open_tab):
    meetup = meetup_in(7, organiser(), capacity=2)
    attendance.sign_up(meetup, make_member("first-guest"))
    tab = signed_in_tab(open_tab, "rosa")
    page = tab.page

    page.goto(f"/calendar/{meetup.id}")
    expect(rsvp_numbers(page)).to_contain_text("1 going")
    expect(rsvp_numbers(page)).to_contain_text("1 place left")
    expect(page.locator("main")).to_contain_text("Shown here once you are going.")
    assert_private_absent(page)

    set_marker(page, "before going")
    page.get_by_role("button", name="I'm going").click()
    expect(rsvp_numbers(page)).to_contain_text("2 going")
    expect(rsvp_numbers(page)).to_contain_text("0 places left")
    expect(page.locator("#rsvp-box").get_by_role("button", name="I can't come anymore")).to_be_visible()
    # swapped in place: one box, not a box inside the old one, and no page load happened
    expect(page.locator("#rsvp-box")).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    assert marker(page) == "before going"

    page.reload()
    expect(page.locator("main")).to_contain_text(ADDRESS)
    expect(page.locator("main").get_by_role("link", name=LINK)).to_have_attribute("href", LINK)
    expect(rsvp_numbers(page)).to_contain_text("2 going")

    set_marker(page, "before cancelling")
    page.get_by_role("button", name="I can't come anymore").click()
    expect(rsvp_numbers(page)).to_contain_text("1 going")
    expect(rsvp_numbers(page)).to_contain_text("1 place left")
    expect(page.locator("#rsvp-box").get_by_role("button", name="I'm going")).to_be_visible()
    expect(page.locator("#rsvp-box")).to_have_count(1)
    assert marker(page) == "before cancelling"

    page.reload()
    expect(rsvp_numbers(page)).to_contain_text("1 going")
    assert_private_absent(page)
    assert_clean(tab)


def test_the_message_after_going_in_place_tells_the_truth_about_the_address(open_tab):
    """With htmx only #rsvp-box is swapped; if the box says the address is here now, it must be."""
    meetup = meetup_in(7, organiser(), capacity=3)
    tab = signed_in_tab(open_tab, "truthful-tess")
    page = tab.page
    page.goto(f"/calendar/{meetup.id}")
    page.get_by_role("button", name="I'm going").click()
    expect(rsvp_numbers(page)).to_contain_text("1 going")
    if "on this page now" in page.locator("#rsvp-box").inner_text():
        # the swap has settled (the numbers are new), so there is nothing left to wait for
        expect(page.locator("main")).to_contain_text(ADDRESS, timeout=1000)
        expect(page.locator("main")).to_contain_text(LINK, timeout=1000)


def test_a_full_meetup_offers_the_waiting_list_and_shows_the_queue_in_place(open_tab):
    meetup = meetup_in(7, organiser(), capacity=1)
    first = make_member("only-guest")
    attendance.sign_up(meetup, first)
    tab = signed_in_tab(open_tab, "late-lena")
    page = tab.page

    page.goto(f"/calendar/{meetup.id}")
    expect(rsvp_numbers(page)).to_contain_text("0 places left")
    expect(page.locator("#rsvp-box").get_by_role("button", name="I'm going")).to_have_count(0)

    set_marker(page, "before waiting")
    page.locator("#rsvp-box").get_by_role("button", name="Join the waiting list").click()
    expect(rsvp_numbers(page)).to_contain_text("1 waiting")
    expect(rsvp_numbers(page)).to_contain_text("1 going")
    expect(page.locator("#rsvp-box")).to_contain_text("You are on the waiting list.")
    expect(page.locator("#rsvp-box").get_by_role("button", name="Leave the waiting list")).to_be_visible()
    assert marker(page) == "before waiting"

    # on the waiting list is not going: still no address
    page.reload()
    expect(rsvp_numbers(page)).to_contain_text("1 waiting")
    assert_private_absent(page)

    # the place frees up: the first on the waiting list moves up and now sees the address
    attendance.withdraw(meetup, first)
    page.reload()
    expect(page.locator("#rsvp-box")).to_contain_text("You are going.")
    expect(rsvp_numbers(page)).not_to_contain_text("waiting")
    expect(page.locator("main")).to_contain_text(ADDRESS)
    assert_clean(tab)


# --- month navigation ----------------------------------------------------------------------------

def test_month_navigation_with_javascript_swaps_the_month_in_place_and_updates_the_address_bar(open_tab):
    meetup_at(datetime.datetime(2027, 1, 14, 17, 0), organiser(), title="New year tea")
    tab = signed_in_tab(open_tab, "mira")
    page = tab.page
    view = page.locator("#calendar-view")

    page.goto("/calendar?month=2026-12")
    expect(view.locator("h2")).to_have_text("December 2026")
    expect(view).not_to_contain_text("New year tea")

    set_marker(page, "december")
    view.get_by_role("link", name="Next month").click()
    expect(view.locator("h2")).to_have_text("January 2027")
    expect(page).to_have_url(re.compile(r"/calendar\?month=2027-01$"))
    expect(view.get_by_role("link", name=re.compile("New year tea"))).to_be_visible()
    # the fragment went into the view, not a whole page into the page
    expect(page.locator("#calendar-view")).to_have_count(1)
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("Meet-ups")
    assert marker(page) == "december"

    # the swapped-in links work the same way
    view.get_by_role("link", name="Next month").click()
    expect(view.locator("h2")).to_have_text("February 2027")
    expect(page).to_have_url(re.compile(r"month=2027-02$"))
    assert marker(page) == "december"

    # Back returns to the month before (htmx keeps no history cache here, so it reloads it)
    page.go_back()
    expect(page).to_have_url(re.compile(r"month=2027-01$"))
    expect(view.locator("h2")).to_have_text("January 2027")
    expect(view).to_contain_text("New year tea")
    expect(page.locator("#calendar-view")).to_have_count(1)
    expect(page.locator("header.site-header")).to_have_count(1)
    assert_clean(tab)


def test_the_region_filter_applies_to_the_month_reached_with_javascript(open_tab):
    with transaction():
        groningen = Region.create(name="Groningen", position=1)
        Region.create(name="Drenthe", position=2)
    meetup_at(datetime.datetime(2027, 1, 14, 17, 0), organiser(), title="New year tea", region=groningen)
    tab = signed_in_tab(open_tab, "filter-fien")
    page = tab.page

    page.goto("/calendar?month=2026-12")
    page.locator("#calendar-view").get_by_role("link", name="Next month").click()
    expect(page.locator("#calendar-view h2")).to_have_text("January 2027")
    page.get_by_label("Region").select_option(label="Groningen")
    click_to_load(page, page.get_by_role("button", name="Show"))
    # filtering what is on screen must not jump back to the month the page was first loaded with
    # (the page has loaded: no need to wait the full timeout for a wrong month to change)
    expect(page.locator("#calendar-view h2")).to_have_text("January 2027", timeout=1000)
    expect(page.locator("#calendar-view")).to_contain_text("New year tea", timeout=1000)


def test_month_navigation_without_javascript_loads_the_next_month_as_a_page(open_tab):
    owner = organiser()
    meetup_at(datetime.datetime(2027, 1, 14, 17, 0), owner, title="New year picnic", public=True)
    meetup_at(datetime.datetime(2027, 1, 20, 17, 0), owner, title="Members' quiz night", public=False)
    tab = open_tab(java_script_enabled=False)
    page = tab.page

    page.goto("/calendar?month=2026-12")
    expect(page.locator("#calendar-view h2")).to_have_text("December 2026")
    click_to_load(page, page.get_by_role("link", name="Next month"))
    assert re.search(r"/calendar\?month=2027-01$", page.url), page.url
    expect(page.locator("#calendar-view h2")).to_have_text("January 2027")
    expect(page.locator("h1")).to_have_text("Meet-ups")
    expect(page.locator("#calendar-view")).to_contain_text("New year picnic")
    expect(page.locator("#calendar-view")).not_to_contain_text("Members' quiz night")

    click_to_load(page, page.get_by_role("link", name="Previous month"))
    assert re.search(r"month=2026-12$", page.url), page.url
    expect(page.locator("#calendar-view h2")).to_have_text("December 2026")
    assert_private_absent(page)
    assert_clean(tab)


# --- visitors ------------------------------------------------------------------------------------

def test_visitors_see_public_meetups_without_location_attendees_or_members_only_meetups(open_tab):
    owner = organiser()
    public = meetup_in(5, owner, title="Weekly drop-in", public=True, capacity=10)
    members_only = meetup_in(6, owner, title="Buddy training", public=False)
    attendance.sign_up(public, make_member("quiet-quinn"))
    tab = open_tab()
    page = tab.page

    page.goto("/calendar")
    expect(page.locator("#calendar-view")).to_contain_text("Weekly drop-in")
    expect(page.locator("#calendar-view")).to_contain_text(AREA)
    expect(page.locator("#calendar-view")).not_to_contain_text("Buddy training")
    assert_private_absent(page)

    month = public.starts_at.strftime("%Y-%m")
    page.goto(f"/calendar?month={month}")
    expect(page.locator("#calendar-view")).to_contain_text("Weekly drop-in")
    expect(page.locator("#calendar-view")).not_to_contain_text("Buddy training")
    assert_private_absent(page)

    page.goto(f"/calendar/{public.id}")
    expect(page.locator("h1")).to_have_text("Weekly drop-in")
    expect(page.locator("main")).to_contain_text(AREA)
    expect(page.locator("main").get_by_role("link", name="Sign in to take part")).to_be_visible()
    expect(page.locator("#rsvp-box")).to_have_count(0)
    html = page.content()
    assert "quiet-quinn" not in html
    assert SECRET_DESCRIPTION not in html
    assert_private_absent(page)
    assert_clean(tab)

    response = page.goto(f"/calendar/{members_only.id}")
    assert response.status == 404
    assert "Buddy training" not in page.content()
    assert_private_absent(page)


# --- what the pages load -------------------------------------------------------------------------

def test_calendar_pages_load_nothing_from_elsewhere_and_break_no_policy(open_tab):
    owner = organiser("oscar")
    meetup = meetup_in(4, owner, title="Online Q&A", capacity=5, public=True)
    attendance.sign_up(meetup, make_member("early-eli"))
    month = meetup.starts_at.strftime("%Y-%m")

    member = signed_in_tab(open_tab, "mo-member")
    for url in ("/calendar", f"/calendar?month={month}", "/calendar?past=1", f"/calendar/{meetup.id}"):
        member.page.goto(url)
        expect(member.page.locator("h1")).to_be_visible()
    member.page.get_by_role("button", name="I'm going").click()
    expect(rsvp_numbers(member.page)).to_contain_text("2 going")
    member.page.goto(f"/calendar?month={month}")
    member.page.locator("#calendar-view").get_by_role("link", name="Next month").click()
    following = (meetup.starts_at.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    expect(member.page).to_have_url(re.compile(rf"month={following:%Y-%m}$"))
    expect(member.page.locator("#calendar-view h2")).to_have_text(f"{following:%B %Y}")
    assert_clean(member)

    organiser_tab = open_tab()
    sign_in(organiser_tab.page, owner.handle)
    for url in ("/calendar", f"/calendar/{meetup.id}", "/calendar/new", f"/calendar/{meetup.id}/edit"):
        organiser_tab.page.goto(url)
        expect(organiser_tab.page.locator("h1")).to_be_visible()
    expect(organiser_tab.page.get_by_role("textbox", name="Title")).to_have_value("Online Q&A")
    organiser_tab.page.goto(f"/calendar/{meetup.id}")
    expect(organiser_tab.page.locator("main")).to_contain_text(ADDRESS)
    expect(organiser_tab.page.locator("#attendees")).to_contain_text("mo-member")
    assert_clean(organiser_tab)

    visitor = open_tab()
    for url in ("/calendar", f"/calendar?month={month}", f"/calendar/{meetup.id}"):
        visitor.page.goto(url)
        expect(visitor.page.locator("h1")).to_be_visible()
    assert_private_absent(visitor.page)
    assert_clean(visitor)
