"""Quick exit: someone looking over the person's shoulder must not find their way back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NEUTRAL_TITLE, origin, sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.browser


def leave_button(page):
    return page.get_by_role("link", name="Leave quickly")


def exit_index(requests):
    return next(i for i, url in enumerate(requests) if url.endswith("/exit"))


def test_leave_quickly_button_lands_on_neutral_site_and_back_does_not_return(tab, live_server, neutral_url):
    page = tab.page
    page.goto("/rules")

    leave_button(page).click()
    page.wait_for_url(neutral_url)

    expect(page).to_have_title(NEUTRAL_TITLE)
    expect(page).to_have_url(neutral_url)
    requests_at_exit = len(tab.requests)
    page.go_back()
    # location.replace took the portal page out of the history: Back goes to what came before
    assert not page.url.startswith(live_server), page.url
    assert not any(url.startswith(live_server) for url in tab.requests[requests_at_exit:])


def test_leave_quickly_ends_the_session_and_clears_the_browser(tab, neutral_site, neutral_url):
    make_member("Heron-at-home", "member")
    page = tab.page
    sign_in(page, "Heron-at-home")
    page.goto("/account")
    page.evaluate("localStorage.setItem('harbour-draft', 'something private')")

    leave_button(page).click()
    page.wait_for_url(neutral_url)
    expect(page).to_have_title(NEUTRAL_TITLE)

    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount$"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('harbour-draft')") is None, "Clear-Site-Data: storage"
    # the neutral site is the only other host, and only after leaving
    exit_at = exit_index(tab.requests)
    assert [url for url in tab.requests[:exit_at] if origin(url) == neutral_site] == []
    assert tab.foreign_requests(neutral_site) == []


def test_leave_quickly_works_without_javascript(open_tab, neutral_url):
    page = open_tab(java_script_enabled=False).page
    page.goto("/rules")

    leave_button(page).click()
    page.wait_for_url(neutral_url)

    expect(page).to_have_title(NEUTRAL_TITLE)
    expect(page).to_have_url(neutral_url)


def test_pressing_shift_three_times_leaves(page, neutral_url):
    page.goto("/rules")

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_url)

    expect(page).to_have_title(NEUTRAL_TITLE)
    expect(page).to_have_url(neutral_url)


def test_typing_capital_letters_does_not_leave(tab, live_server, neutral_url):
    page = tab.page
    page.goto("/login")
    handle = page.get_by_label("Sign-in name")
    handle.click()

    for _ in range(3):
        page.keyboard.press("Shift+A")

    # leave() blanks the page and sets the class at once, in the key handler: no waiting needed
    expect(handle).to_have_value("AAA")
    expect(page.locator("html")).not_to_have_class(re.compile("leaving"))
    expect(page).to_have_title(re.compile("Sign in"))
    assert not any(url.endswith("/exit") for url in tab.requests)

    # and the shortcut still works from the same field, so the check above is not vacuous
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_url)
    expect(page).to_have_title(NEUTRAL_TITLE)
