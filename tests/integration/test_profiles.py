"""Member profiles and the member list: who can be found, by whom, and what a profile shows."""

import re

import pytest

from portal.auth.models import Application
from portal.introductions.models import Introduction
from portal.members.models import Member
from portal.moderation import vetting
from tests.conftest import PASSWORD, make_member
from tests.helpers import HTMX, ban, main_of, page_of, path_of, set_fields, suspend


def listed_handles(html):
    """The pseudonyms the member list shows, in order."""
    return re.findall(r'<li><a href="/members/[^"]+"><bdi>(.*?)</bdi></a>', html)


# the member list ---------------------------------------------------------------------------------

def test_the_member_list_shows_findable_members_in_pseudonym_order(people):
    page = page_of(people.browser(people.requester).get("/members"))
    assert listed_handles(page) == ["amira", "bashir", "bo", "carla", "mona"]


def test_the_member_list_leaves_out_applicants_banned_members_and_hidden_profiles(people):
    ban(people.third)
    set_fields(people.recipient, profile_hidden=True)
    page = page_of(people.browser(people.requester).get("/members"))
    # Nour applies, Carla is banned, Bashir hides his profile: none of them is findable
    assert listed_handles(page) == ["amira", "bo", "mona"]
    for handle in ("nour", "carla", "bashir"):
        assert f"/members/{handle}" not in page


def test_suspended_members_can_still_be_found(people):
    # read-only is a sanction on writing, not on being reachable through a moderator
    suspend(people.third)
    assert "carla" in listed_handles(page_of(people.browser(people.requester).get("/members")))


@pytest.mark.parametrize("language, expected", [
    ("ar", ["amira", "bashir", "bo"]),
    ("nl", ["bashir", "mona"]),
    ("es", ["carla"]),
    ("ti", []),
    # an unknown code is ignored rather than matching nobody or everybody by accident
    ("xx", ["amira", "bashir", "bo", "carla", "mona"]),
])
def test_the_member_list_filters_by_language(people, language, expected):
    page = page_of(people.browser(people.requester).get(f"/members?language={language}"))
    assert listed_handles(page) == expected
    if not expected:
        assert "Nobody matches." in page


def test_a_language_filter_matches_whole_codes_only(people):
    # "a" is part of "ar" and "fa": only an exact code may match
    set_fields(people.third, languages=" a ")
    page = page_of(people.browser(people.requester).get("/members?language=ar"))
    assert "carla" not in listed_handles(page)


def test_the_member_list_filters_by_region_and_both_filters_combine(people):
    browser = people.browser(people.requester)
    assert listed_handles(page_of(browser.get(f"/members?region={people.north.id}"))) == ["amira", "bo", "mona"]
    assert listed_handles(page_of(browser.get(f"/members?region={people.south.id}"))) == ["bashir", "carla"]
    both = page_of(browser.get(f"/members?region={people.south.id}&language=ar"))
    assert listed_handles(both) == ["bashir"]


def test_the_member_list_shows_languages_region_and_the_buddy_badge(people):
    page = page_of(people.browser(people.requester).get("/members"))
    row = re.search(r'<li><a href="/members/bo">.*?</li>', page, re.S).group(0)
    assert "Buddy" in row and "Groningen" in row and "Arabic" in row and "Farsi" in row
    plain = re.search(r'<li><a href="/members/carla">.*?</li>', page, re.S).group(0)
    assert "Buddy" not in plain


def test_an_htmx_filter_answers_with_the_list_only(people):
    response = people.browser(people.requester).get("/members?language=nl", headers=HTMX)
    html = page_of(response)
    assert response.status_code == 200
    assert "<html" not in html and "<main" not in html
    assert listed_handles(html) == ["bashir", "mona"]


# who may open profiles -----------------------------------------------------------------------------

@pytest.mark.parametrize("viewer", ["visitor", "applicant"])
@pytest.mark.parametrize("path", ["/members", "/members?language=ar", "/members/bashir", "/members/amira",
                                  "/members/nour", "/members/no-such-member"])
def test_visitors_and_applicants_get_404_for_every_profile_and_the_list(people, viewer, path):
    member = None if viewer == "visitor" else people.applicant
    response = people.browser(member).get(path)
    assert response.status_code == 404
    # the same page whether the member exists or not: nothing to learn from trying pseudonyms
    assert "bashir" not in main_of(page_of(response))


@pytest.mark.parametrize("viewer", ["requester", "third", "buddy", "moderator"])
def test_members_and_staff_open_a_findable_profile(people, viewer):
    response = people.browser(getattr(people, viewer)).get("/members/bashir")
    assert response.status_code == 200


def test_a_profile_shows_pseudonym_languages_region_bio_and_the_ask_link(people):
    set_fields(people.buddy, bio="I came here in 2019 and like to help newcomers.")
    page = main_of(page_of(people.browser(people.requester).get("/members/bo")))
    assert "<bdi>bo</bdi>" in page
    assert "Buddy" in page
    assert "Arabic" in page and "Farsi" in page
    assert "Groningen" in page
    assert "I came here in 2019 and like to help newcomers." in page
    assert 'href="/introductions/new?to=bo"' in page and "Ask for an introduction" in page


def test_a_profile_without_buddy_flag_has_no_badge(people):
    page = main_of(page_of(people.browser(people.requester).get("/members/carla")))
    assert "Buddy" not in page


def test_a_profile_is_found_whatever_the_case_of_the_pseudonym(people):
    assert people.browser(people.requester).get("/members/BASHIR").status_code == 200


def test_my_own_profile_has_no_ask_link(people):
    page = main_of(page_of(people.browser(people.requester).get("/members/amira")))
    assert "Ask for an introduction" not in page
    assert "/introductions/new" not in page


def test_a_bio_is_escaped(people):
    set_fields(people.recipient, bio='<script>alert(1)</script><img src=x onerror=alert(1)>')
    page = main_of(page_of(people.browser(people.requester).get("/members/bashir")))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("state", ["applicant", "banned"])
def test_profiles_of_applicants_and_banned_members_do_not_exist_for_members(people, state):
    target = people.applicant if state == "applicant" else ban(people.third)
    browser = people.browser(people.requester)
    assert browser.get(f"/members/{target.handle}").status_code == 404
    assert browser.get(f"/introductions/new?to={target.handle}").status_code == 404
    response = people.ask(recipient=target)
    assert response.status_code == 404
    assert Introduction.select().count() == 0


# hidden profiles -------------------------------------------------------------------------------------

def hide_through_settings(people, member, bio="", listed=False):
    """The member leaves "Show my profile in the member list" unticked, as they would in the browser."""
    form = {"locale": "en", "timezone": "Europe/Amsterdam", "bio": bio}
    if listed:
        form["listed"] = "y"
    response = people.browser(member).submit("/account", form)
    assert response.status_code == 303, page_of(response)


def test_a_new_member_is_not_listed_until_they_choose_to_be(people, app):
    client = app.test_client()
    client.submit("/apply", {"handle": "private-door", "password": PASSWORD, "password_repeat": PASSWORD,
                             "languages": ["en"], "region": "0", "accept_rules": "y"})
    client.forget_csrf()
    newcomer = Member.get(Member.login_name == "private-door")
    vetting.decide_application(Application.get(Application.member == newcomer), people.moderator, approve=True)
    response = client.submit("/welcome", {"pseudonym": "Morning-Tea"})
    assert response.status_code == 303, page_of(response)
    assert Member.get_by_id(newcomer.id).profile_hidden
    settings = page_of(client.get("/account"))
    assert re.search(r'<input[^>]*id="listed"[^>]*>', settings) and "checked" not in re.search(
        r'<input[^>]*id="listed"[^>]*>', settings).group(0)
    browser = people.browser(people.requester)
    assert "Morning-Tea" not in listed_handles(page_of(browser.get("/members")))
    assert browser.get("/members/Morning-Tea").status_code == 404

    response = client.submit("/account", {"locale": "en", "timezone": "Europe/Amsterdam", "bio": "", "listed": "y"})
    assert response.status_code == 303
    assert not Member.get_by_id(newcomer.id).profile_hidden
    assert "Morning-Tea" in listed_handles(page_of(browser.get("/members")))
    assert 'checked' in re.search(r'<input[^>]*id="listed"[^>]*>', page_of(client.get("/account"))).group(0)


def test_unticking_the_listing_hides_a_listed_member(people):
    hide_through_settings(people, people.recipient, listed=True)
    assert not Member.get_by_id(people.recipient.id).profile_hidden
    hide_through_settings(people, people.recipient)
    assert Member.get_by_id(people.recipient.id).profile_hidden


def test_hiding_a_profile_in_the_settings_saves_bio_and_choice(people):
    hide_through_settings(people, people.recipient, bio="Cook, runner, night owl.")
    assert Member.get_by_id(people.recipient.id).profile_hidden
    page = main_of(page_of(people.browser(people.recipient).get("/members/bashir")))
    assert "Cook, runner, night owl." in page
    assert "This profile is hidden from the member list." in page


@pytest.mark.parametrize("viewer", ["requester", "third", "buddy"])
def test_a_hidden_profile_is_404_for_other_members_and_cannot_be_asked(people, viewer):
    hide_through_settings(people, people.recipient)
    member = getattr(people, viewer)
    browser = people.browser(member)
    assert browser.get("/members/bashir").status_code == 404
    assert "bashir" not in listed_handles(page_of(browser.get("/members")))
    assert browser.get("/introductions/new?to=bashir").status_code == 404
    assert people.ask(requester=member).status_code == 404
    assert Introduction.select().count() == 0


@pytest.mark.parametrize("viewer", ["recipient", "moderator"])
def test_a_hidden_profile_is_visible_to_its_owner_and_to_staff(people, viewer):
    set_fields(people.recipient, profile_hidden=True)
    response = people.browser(getattr(people, viewer)).get("/members/bashir")
    assert response.status_code == 200
    assert "This profile is hidden from the member list." in page_of(response)


def test_staff_still_cannot_ask_for_an_introduction_to_a_hidden_profile(people):
    set_fields(people.recipient, profile_hidden=True)
    response = people.ask(requester=people.moderator)
    assert response.status_code == 422
    assert "This introduction is not possible right now." in page_of(response)
    assert Introduction.select().count() == 0


def test_a_hidden_member_is_still_reached_through_an_existing_introduction(people):
    introduction = people.introduced()
    set_fields(people.recipient, profile_hidden=True)
    # hiding keeps the conversation going: the requester still opens it and can write
    browser = people.browser(people.requester)
    assert browser.get(f"/introductions/{introduction.id}").status_code == 200
    response = browser.submit(f"/introductions/{introduction.id}/messages", {"body": "Still here?"})
    assert response.status_code == 303
    assert path_of(response) == f"/introductions/{introduction.id}"


def test_a_new_member_after_approval_appears_in_the_list(people):
    make_member("zeynep", languages=["tr"])
    assert "zeynep" in listed_handles(page_of(people.browser(people.requester).get("/members?language=tr")))
