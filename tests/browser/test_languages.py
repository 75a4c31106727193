"""Arabic proves right-to-left: the whole page turns around, not just the words."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import click_to_load

pytestmark = pytest.mark.browser

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def expect_arabic_right_to_left(page):
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    # mirrored: the site name starts the bar on the right, "Leave quickly" ends it on the left
    site_name = page.locator(".site-header .site-name").bounding_box()
    leave = page.locator("[data-quick-exit]").bounding_box()
    assert leave["x"] + leave["width"] <= site_name["x"], (leave, site_name)


def test_choosing_arabic_in_the_footer_turns_the_landing_page_right_to_left(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.get_by_label("Language").select_option("ar")
    click_to_load(page, page.get_by_role("button", name="Change"))

    expect_arabic_right_to_left(page)
    assert urlsplit(page.url).path == "/", "the switcher brings the person back to the same page"


def test_arabic_browser_gets_the_landing_page_right_to_left(open_tab):
    page = open_tab(locale="ar").page
    page.goto("/")

    expect_arabic_right_to_left(page)


def test_arabic_landing_page_is_translated(open_tab):
    page = open_tab(locale="ar").page
    page.goto("/")

    # the words turn around too, not only the direction
    expect(page.get_by_role("heading", level=1)).to_have_text(ARABIC_SCRIPT)
    expect(page.locator("[data-quick-exit]")).to_have_text(ARABIC_SCRIPT)
    expect(page.get_by_role("heading", name="A safe place to meet")).to_have_count(0)
