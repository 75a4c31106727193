"""Organisers run their meet-ups: create, edit, cancel, bad input, times, the attendee list, messages."""

import datetime

import pytest

from portal.calendar import attendance
from portal.calendar.models import Meetup, MeetupMessage
from portal.db import transaction
from portal.members.models import Member
from portal.notifications.models import Notification
from tests.calendar_fixtures import (
    ADDRESS,
    AREA,
    LINK,
    checked,
    edit_data,
    error_of,
    form_data,
    input_value,
    local_day,
    rsvp_state,
    selected,
    set_visible,
    states,
    to_site,
    typed,
    utc,
)
from tests.helpers import fresh, kinds_of, notifications_of, page_of, suspend


def created_id(response):
    assert response.status_code == 303, page_of(response)
    path = response.headers["Location"]
    assert path.startswith("/calendar/")
    return int(path.rsplit("/", 1)[1])


# creating -------------------------------------------------------------------------------------

def test_an_organiser_puts_a_meetup_in_the_calendar_with_everything_stored(cal):
    browser = cal.browser(cal.organiser)
    start = local_day(12, 18, 30)
    response = browser.submit("/calendar/new", form_data(
        title="  Welcome evening  ", starts_at=typed(start), ends_at=typed(start + datetime.timedelta(hours=3)),
        region=str(cal.drenthe.id), online_link=LINK, capacity="15", language_list=["fa", "en"],
        newcomer_friendly="y", public="y", public_description="y"))
    meetup = Meetup.get_by_id(created_id(response))
    assert meetup.title == "Welcome evening"  # surrounding spaces are trimmed
    assert meetup.organiser_id == cal.organiser.id
    assert (meetup.starts_at, meetup.ends_at) == (utc(start), utc(start + datetime.timedelta(hours=3)))
    assert meetup.region_id == cal.drenthe.id
    assert (meetup.public_area, meetup.private_address, meetup.online_link) == (AREA, ADDRESS, LINK)
    assert meetup.capacity == 15
    assert meetup.languages == ["en", "fa"]
    assert meetup.newcomer_friendly and meetup.public and meetup.public_description
    assert meetup.description_html.strip() == "<p>We play <em>games</em>.</p>"
    assert (meetup.sequence, meetup.cancelled_at) == (0, None)
    page = page_of(browser.get(f"/calendar/{meetup.id}"))
    assert "The meet-up is in the calendar." in page and "Welcome evening" in page


def test_without_capacity_or_region_a_meetup_is_unlimited_and_regionless(cal):
    response = cal.browser(cal.organiser).submit("/calendar/new", form_data())
    meetup = Meetup.get_by_id(created_id(response))
    assert meetup.capacity is None and meetup.region_id is None
    assert not (meetup.public or meetup.newcomer_friendly or meetup.public_description)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_may_create_meetups(cal, role):
    response = cal.browser(getattr(cal, role)).submit("/calendar/new", form_data())
    assert Meetup.get_by_id(created_id(response)).organiser_id == getattr(cal, role).id


@pytest.mark.parametrize("role", ["alice", "applicant"])
def test_members_and_applicants_may_not_create_meetups(cal, role):
    browser = cal.browser(getattr(cal, role))
    assert browser.get("/calendar/new").status_code == 403
    assert browser.submit("/calendar/new", form_data()).status_code == 403
    assert Meetup.select().count() == 0


def test_a_suspended_organiser_may_not_create_meetups(cal):
    suspend(cal.organiser)
    browser = cal.browser(cal.organiser)
    assert browser.get("/calendar/new").status_code == 403
    assert browser.submit("/calendar/new", form_data()).status_code == 403
    assert Meetup.select().count() == 0


def test_visitors_are_sent_to_sign_in_from_the_organiser_pages(cal):
    meetup = cal.meetup()
    visitor = cal.visitor()
    for url in ("/calendar/new", f"/calendar/{meetup.id}/edit"):
        response = visitor.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert visitor.submit(f"/calendar/{meetup.id}/cancel").status_code in (302, 403)
    assert fresh(meetup).cancelled_at is None


def test_the_new_meetup_button_shows_only_to_those_who_may_create(cal):
    assert 'href="/calendar/new"' in page_of(cal.browser(cal.organiser).get("/calendar"))
    assert 'href="/calendar/new"' not in page_of(cal.browser(cal.alice).get("/calendar"))


# bad input: 422, the message next to the field, the typed values kept ------------------------------

PAST = local_day(-1)

BAD_NEW = {
    "end before start": ({"ends_at": typed(local_day(10, 18))}, "ends_at", "The end must be after the start."),
    "end equal to start": ({"ends_at": typed(local_day(10, 19))}, "ends_at", "The end must be after the start."),
    "start in the past": ({"starts_at": typed(PAST), "ends_at": typed(PAST + datetime.timedelta(hours=2))},
                          "starts_at", "A new meet-up cannot start in the past."),
    "unknown region": ({"region": "9999"}, "region", "Choose a region from the list."),
    "not a link": ({"online_link": "video room 4"}, "online_link", "This does not look like a web address."),
    "script link": ({"online_link": "javascript://example.org/%0Aalert(1)"}, "online_link",
                    "This does not look like a web address."),
    "empty title": ({"title": "   "}, "title", "Give the meet-up a title."),
    "no start": ({"starts_at": ""}, "starts_at", None),
    "garbled start": ({"starts_at": "next tuesday"}, "starts_at", None),
    "zero places": ({"capacity": "0"}, "capacity", "At least 1 place."),
}


@pytest.mark.parametrize("overrides, field, message", BAD_NEW.values(), ids=BAD_NEW.keys())
def test_bad_input_for_a_new_meetup_is_refused_next_to_the_field_with_the_typed_values_kept(
        cal, overrides, field, message):
    data = form_data(**{"title": "My typed title", "private_address": "Typed Lane 3", **overrides})
    response = cal.browser(cal.organiser).submit("/calendar/new", data)
    assert response.status_code == 422
    html = page_of(response)
    shown = error_of(html, field)
    assert shown, f"no error next to {field}"
    if message:
        assert message in shown
    for name in ("private_address", "starts_at", "ends_at", "online_link"):
        assert input_value(html, name) == data[name], name
    assert input_value(html, "title") == data["title"].strip()
    assert Meetup.select().count() == 0


def test_every_problem_is_shown_at_once(cal):
    response = cal.browser(cal.organiser).submit("/calendar/new", form_data(
        title="", online_link="not a link", ends_at=typed(local_day(10, 18))))
    html = page_of(response)
    assert response.status_code == 422
    assert error_of(html, "title") and error_of(html, "online_link") and error_of(html, "ends_at")


def test_capacity_below_the_number_already_going_is_refused_on_edit(cal):
    meetup = cal.meetup(capacity=5)
    cal.going(meetup, cal.alice, cal.bob, cal.carol)
    response = cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/edit",
                                                 edit_data(meetup, capacity="2", title="Typed new title"))
    assert response.status_code == 422
    html = page_of(response)
    assert "3 people are already going: give at least that many places." in error_of(html, "capacity")
    assert input_value(html, "capacity") == "2" and input_value(html, "title") == "Typed new title"
    assert (fresh(meetup).capacity, fresh(meetup).title, fresh(meetup).sequence) == (5, meetup.title, 0)


def test_capacity_equal_to_the_number_going_is_fine(cal):
    meetup = cal.meetup(capacity=5)
    cal.going(meetup, cal.alice, cal.bob)
    response = cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/edit", edit_data(meetup, capacity="2"))
    assert response.status_code == 303
    assert fresh(meetup).capacity == 2


def test_end_before_start_is_refused_on_edit_too(cal):
    meetup = cal.meetup()
    response = cal.browser(cal.organiser).submit(
        f"/calendar/{meetup.id}/edit", edit_data(meetup, ends_at=typed(to_site(meetup.starts_at) -
                                                                       datetime.timedelta(minutes=30))))
    assert response.status_code == 422
    assert error_of(page_of(response), "ends_at") == "The end must be after the start."
    assert fresh(meetup).ends_at == meetup.ends_at


def test_a_meetup_that_already_started_can_still_be_edited(cal):
    # the past rule is for new meet-ups: an organiser fixes a typo in yesterday's meet-up
    meetup = cal.meetup(days_ahead=-1)
    response = cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/edit", edit_data(meetup, title="Fixed"))
    assert response.status_code == 303
    assert fresh(meetup).title == "Fixed"


# editing: who may -----------------------------------------------------------------------------

def test_the_edit_form_is_filled_with_the_meetup_in_site_time(cal):
    meetup = cal.meetup(capacity=8, region=cal.drenthe, online_link=LINK, language_list=["ar", "fa"])
    html = page_of(cal.browser(cal.organiser).get(f"/calendar/{meetup.id}/edit"))
    assert input_value(html, "starts_at") == typed(local_day(7, 19))
    assert input_value(html, "ends_at") == typed(local_day(7, 21))
    assert input_value(html, "capacity") == "8" and input_value(html, "online_link") == LINK
    assert selected(html, "region") == str(cal.drenthe.id)
    assert checked(html, "language_list") == ["ar", "fa"]


def test_an_organiser_edits_their_own_meetup(cal):
    meetup = cal.meetup(capacity=4)
    response = cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/edit", edit_data(
        meetup, title="Picnic moved indoors", capacity="", region=str(cal.drenthe.id), public="y"))
    assert response.status_code == 303 and response.headers["Location"] == f"/calendar/{meetup.id}"
    meetup = fresh(meetup)
    assert (meetup.title, meetup.capacity, meetup.region_id, meetup.public) == \
        ("Picnic moved indoors", None, cal.drenthe.id, True)


@pytest.mark.parametrize("who", ["other_organiser", "alice"])
def test_someone_elses_meetup_cannot_be_edited_or_cancelled_and_nothing_changes(cal, who):
    meetup = cal.meetup()
    cal.going(meetup, cal.bob)
    browser = cal.browser(getattr(cal, who))
    assert browser.get(f"/calendar/{meetup.id}/edit").status_code == 403
    assert browser.submit(f"/calendar/{meetup.id}/edit", edit_data(
        meetup, title="Hijacked", private_address="Somewhere else 1")).status_code == 403
    assert browser.submit(f"/calendar/{meetup.id}/cancel").status_code == 403
    after = fresh(meetup)
    assert (after.title, after.private_address, after.cancelled_at, after.sequence) == \
        (meetup.title, ADDRESS, None, 0)
    assert notifications_of(cal.bob) == []
    assert "For the organiser" not in page_of(browser.get(f"/calendar/{meetup.id}"))


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_may_edit_and_cancel_any_meetup(cal, role):
    meetup = cal.meetup()
    browser = cal.browser(getattr(cal, role))
    assert browser.get(f"/calendar/{meetup.id}/edit").status_code == 200
    assert browser.submit(f"/calendar/{meetup.id}/edit", edit_data(meetup, title="Checked by staff")).status_code == 303
    assert fresh(meetup).title == "Checked by staff"
    assert browser.submit(f"/calendar/{meetup.id}/cancel").status_code == 303
    assert fresh(meetup).cancelled_at is not None


def test_an_organiser_demoted_to_member_no_longer_manages_their_meetups(cal):
    meetup = cal.meetup()
    browser = cal.browser(cal.organiser)
    with transaction():
        Member.update(role="member").where(Member.id == cal.organiser.id).execute()
    assert browser.get(f"/calendar/{meetup.id}/edit").status_code == 403


def test_editing_an_unknown_meetup_is_404(cal):
    assert cal.browser(cal.organiser).get("/calendar/9999/edit").status_code == 404
    assert cal.browser(cal.organiser).submit("/calendar/9999/cancel").status_code == 404


# times: site zone in the form, UTC in the database -------------------------------------------------

NEXT_YEAR = datetime.date.today().year + 1


@pytest.mark.parametrize("day, stored_hour", [(datetime.date(NEXT_YEAR, 1, 15), 18),
                                              (datetime.date(NEXT_YEAR, 7, 15), 17)], ids=["winter", "summer"])
def test_seven_in_the_evening_amsterdam_time_is_stored_in_utc(cal, day, stored_hour):
    start = datetime.datetime.combine(day, datetime.time(19))
    response = cal.browser(cal.organiser).submit("/calendar/new", form_data(
        starts_at=typed(start), ends_at=typed(start + datetime.timedelta(hours=2))))
    meetup = Meetup.get_by_id(created_id(response))
    assert meetup.starts_at == datetime.datetime.combine(day, datetime.time(stored_hour))
    assert meetup.ends_at == datetime.datetime.combine(day, datetime.time(stored_hour + 2))


def last_sunday_of_october(year):
    day = datetime.date(year, 10, 31)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def test_the_night_summer_time_ends_is_stored_and_shown_back_right(cal):
    """2026-10-25: clocks go from 03:00 back to 02:00; 01:30 is UTC+2, 04:30 is UTC+1."""
    # the day has passed, and only new meet-ups must lie in the future: an existing one is moved there
    meetup = cal.meetup()
    browser = cal.browser(cal.organiser)
    response = browser.submit(f"/calendar/{meetup.id}/edit", edit_data(
        meetup, starts_at="2026-10-25T01:30", ends_at="2026-10-25T04:30"))
    assert response.status_code == 303, page_of(response)
    meetup = fresh(meetup)
    assert meetup.starts_at == datetime.datetime(2026, 10, 24, 23, 30)
    assert meetup.ends_at == datetime.datetime(2026, 10, 25, 3, 30)
    html = page_of(browser.get(f"/calendar/{meetup.id}/edit"))
    assert (input_value(html, "starts_at"), input_value(html, "ends_at")) == ("2026-10-25T01:30", "2026-10-25T04:30")
    page = page_of(browser.get(f"/calendar/{meetup.id}"))
    assert "Sunday, October 25, 2026" in page and "1:30\u2009–\u20094:30\u202fAM" in page


def test_a_new_meetup_on_the_next_night_summer_time_ends_is_stored_right(cal):
    day = last_sunday_of_october(NEXT_YEAR)
    response = cal.browser(cal.organiser).submit("/calendar/new", form_data(
        starts_at=f"{day}T01:30", ends_at=f"{day}T04:30"))
    meetup = Meetup.get_by_id(created_id(response))
    assert meetup.starts_at == datetime.datetime.combine(day - datetime.timedelta(days=1), datetime.time(23, 30))
    assert meetup.ends_at == datetime.datetime.combine(day, datetime.time(3, 30))
    # six hours local, four hours in the clock: the extra hour is real
    assert meetup.ends_at - meetup.starts_at == datetime.timedelta(hours=4)


# telling people about changes -------------------------------------------------------------------

def signed_up(cal, meetup):
    """Alice and Bob going, Carol waiting (capacity 2), Dan not signed up."""
    cal.going(meetup, cal.alice, cal.bob, cal.carol)
    assert rsvp_state(meetup, cal.carol) == "waiting"


CHANGES = {
    "start": lambda meetup, cal: {"starts_at": typed(to_site(meetup.starts_at) + datetime.timedelta(hours=1))},
    "end": lambda meetup, cal: {"ends_at": typed(to_site(meetup.ends_at) + datetime.timedelta(hours=1))},
    "area": lambda meetup, cal: {"public_area": "Assen"},
    "address": lambda meetup, cal: {"private_address": "Other Street 9"},
    "online link": lambda meetup, cal: {"online_link": "https://video.example.org/new-room"},
    "region": lambda meetup, cal: {"region": str(cal.drenthe.id)},
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_new_time_or_place_is_news_for_everyone_signed_up_but_not_the_editor(cal, change):
    meetup = cal.meetup(capacity=2)
    signed_up(cal, meetup)
    response = cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/edit",
                                                 edit_data(meetup, **change(meetup, cal)))
    assert response.status_code == 303
    for member in (cal.alice, cal.bob, cal.carol):
        notification, = notifications_of(member)
        assert (notification.kind, notification.actor_id, notification.target_type, notification.target_id) == \
            ("meetup_changed", cal.organiser.id, "meetup", meetup.id)
    assert notifications_of(cal.dan) == [] and notifications_of(cal.organiser) == []
    assert fresh(meetup).sequence == 1


def test_the_editor_is_not_told_about_their_own_change_even_when_signed_up(cal):
    meetup = cal.meetup()
    cal.going(meetup, cal.moderator, cal.alice)
    cal.browser(cal.moderator).submit(f"/calendar/{meetup.id}/edit", edit_data(meetup, public_area="Assen"))
    assert kinds_of(cal.moderator) == [] and kinds_of(cal.alice) == ["meetup_changed"]


@pytest.mark.parametrize("change, news", [
    ({"title": "A better title"}, []), ({"description": "More *words*"}, []),
    ({"language_list": ["en", "ar", "fa"]}, []), ({}, []),
    # more places move Carol up from the waiting list: news for her alone, and not a "change"
    ({"capacity": "9"}, [("carol", "rsvp_promoted")]),
], ids=["title", "description", "languages", "nothing", "capacity"])
def test_other_edits_notify_nobody_but_still_bump_the_sequence(cal, change, news):
    meetup = cal.meetup(capacity=2)
    signed_up(cal, meetup)
    assert cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/edit",
                                             edit_data(meetup, **change)).status_code == 303
    assert [(Member.get_by_id(n.member_id).handle, n.kind) for n in Notification.select()] == news
    # calendar apps need to refetch a renamed event too
    assert fresh(meetup).sequence == 1


def test_the_sequence_goes_up_on_every_change_and_on_cancelling(cal):
    meetup = cal.meetup()
    browser = cal.browser(cal.organiser)
    for n, title in enumerate(["First change", "Second change", "Third change"], start=1):
        browser.submit(f"/calendar/{meetup.id}/edit", edit_data(meetup, title=title))
        assert fresh(meetup).sequence == n
    browser.submit(f"/calendar/{meetup.id}/cancel")
    assert fresh(meetup).sequence == 4


def test_cancelling_tells_everyone_signed_up_and_marks_the_meetup(cal):
    meetup = cal.meetup(capacity=2)
    signed_up(cal, meetup)
    browser = cal.browser(cal.organiser)
    response = browser.submit(f"/calendar/{meetup.id}/cancel")
    assert response.status_code == 303 and response.headers["Location"] == f"/calendar/{meetup.id}"
    assert fresh(meetup).cancelled_at is not None
    for member in (cal.alice, cal.bob, cal.carol):
        assert kinds_of(member) == ["meetup_cancelled"]
    assert kinds_of(cal.dan) == [] and kinds_of(cal.organiser) == []
    page = page_of(browser.get(f"/calendar/{meetup.id}"))
    assert "This meet-up is cancelled." in page and "Cancel this meet-up" not in page
    assert "This meet-up is cancelled." in page_of(cal.browser(cal.alice).get(f"/calendar/{meetup.id}"))


def test_cancelling_twice_tells_nobody_twice(cal):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice)
    browser = cal.browser(cal.organiser)
    browser.submit(f"/calendar/{meetup.id}/cancel")
    first = fresh(meetup)
    browser.submit(f"/calendar/{meetup.id}/cancel")
    assert kinds_of(cal.alice) == ["meetup_cancelled"]
    assert (fresh(meetup).sequence, fresh(meetup).cancelled_at) == (first.sequence, first.cancelled_at)


def test_cancelling_without_the_csrf_token_does_nothing(cal):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice)
    cal.browser(cal.organiser).post(f"/calendar/{meetup.id}/cancel")
    assert fresh(meetup).cancelled_at is None and kinds_of(cal.alice) == []


@pytest.mark.parametrize("capacity, carol", [("2", "waiting"), ("", "going")], ids=["raised", "unlimited"])
def test_raising_the_capacity_moves_the_waiting_list_up(cal, capacity, carol):
    # free places while people wait would let a latecomer overtake them
    meetup = cal.meetup(capacity=1)
    cal.going(meetup, cal.alice, cal.bob, cal.carol)
    assert cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/edit",
                                             edit_data(meetup, capacity=capacity)).status_code == 303
    assert states(meetup) == {"alice": "going", "bob": "going", "carol": carol}
    assert "rsvp_promoted" in kinds_of(cal.bob)
    assert cal.browser(cal.organiser).get(f"/calendar/{meetup.id}").status_code == 200


# the attendee list ------------------------------------------------------------------------------

def organiser_section(html):
    start = html.find('<section class="organiser-tools"')
    return html[start:html.find("</section>", start)] if start >= 0 else ""


@pytest.mark.parametrize("who", ["organiser", "moderator", "admin"])
def test_the_organiser_and_staff_see_everyone_going_and_waiting(cal, who):
    meetup = cal.meetup(capacity=2)
    signed_up(cal, meetup)
    section = organiser_section(page_of(cal.browser(getattr(cal, who)).get(f"/calendar/{meetup.id}")))
    going = section[section.find("Going (2)"):section.find("Waiting list (1)")]
    waiting = section[section.find("Waiting list (1)"):]
    assert "<bdi>alice</bdi>" in going and "<bdi>bob</bdi>" in going and "carol" not in going
    assert "<bdi>carol</bdi>" in waiting


def names_shown_to(cal, member, meetup):
    """The pseudonyms a member sees anywhere on the meet-up page."""
    html = page_of(cal.browser(member).get(f"/calendar/{meetup.id}"))
    return {handle for handle in ("alice", "bob", "carol", "dan")
            if f"<bdi>{handle}</bdi>" in html or f"\u2068{handle}\u2069" in html}


def test_an_attendee_sees_only_other_attendees_who_chose_to_be_visible(cal):
    meetup = cal.meetup(capacity=3)
    # Bob says so on his account page; the setting is off by default
    bob = cal.browser(cal.bob)
    assert bob.submit("/account", {"locale": "en", "timezone": "Europe/Amsterdam", "email": "",
                                   "visible_to_attendees": "y"}).status_code == 303
    assert fresh(cal.bob).visible_to_attendees and not fresh(cal.carol).visible_to_attendees
    cal.going(meetup, cal.alice, cal.bob, cal.carol, cal.dan)
    # "Also going" is about the others: nobody is listed to themself
    assert names_shown_to(cal, cal.alice, meetup) == {"bob"}
    assert names_shown_to(cal, cal.carol, meetup) == {"bob"}
    assert names_shown_to(cal, cal.bob, meetup) == set()
    # Dan waits: he is not an attendee yet, and a visible member on the waiting list is not shown to anyone
    assert names_shown_to(cal, cal.dan, meetup) == set()


def test_a_visible_member_on_the_waiting_list_is_not_listed_to_attendees(cal):
    meetup = cal.meetup(capacity=1)
    set_visible(cal.bob)
    set_visible(cal.carol)
    cal.going(meetup, cal.alice, cal.bob)
    assert names_shown_to(cal, cal.alice, meetup) == set()


def test_members_not_going_see_no_names_only_numbers(cal):
    meetup = cal.meetup(capacity=5)
    set_visible(cal.alice)
    set_visible(cal.bob)
    cal.going(meetup, cal.alice, cal.bob)
    html = page_of(cal.browser(cal.carol).get(f"/calendar/{meetup.id}"))
    assert "alice" not in html and "bob" not in html
    assert "2 going" in html and "3 places left" in html


def test_the_organiser_removes_an_attendee_and_the_waiting_list_moves_up(cal):
    meetup = cal.meetup(capacity=2)
    signed_up(cal, meetup)
    response = cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/attendees/{cal.alice.id}/remove")
    assert response.status_code == 303 and response.headers["Location"] == f"/calendar/{meetup.id}#attendees"
    assert states(meetup) == {"bob": "going", "carol": "going"}
    removed, = notifications_of(cal.alice)
    assert (removed.kind, removed.actor_id, removed.target_id) == ("rsvp_removed", cal.organiser.id, meetup.id)
    assert kinds_of(cal.carol) == ["rsvp_promoted"]
    assert "alice is no longer on the list." in page_of(cal.browser(cal.organiser).get(f"/calendar/{meetup.id}"))


def test_removing_someone_from_the_waiting_list_promotes_nobody(cal):
    meetup = cal.meetup(capacity=2)
    signed_up(cal, meetup)
    cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/attendees/{cal.carol.id}/remove")
    assert states(meetup) == {"alice": "going", "bob": "going"}
    assert kinds_of(cal.carol) == ["rsvp_removed"] and kinds_of(cal.alice) == []


def test_removing_someone_who_is_not_signed_up_tells_them_nothing(cal):
    # otherwise an organiser could send "you were taken off the list" to any member
    meetup = cal.meetup()
    cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/attendees/{cal.dan.id}/remove")
    assert kinds_of(cal.dan) == []


@pytest.mark.parametrize("who", ["alice", "bob", "other_organiser"])
def test_only_the_organiser_and_staff_may_remove_attendees(cal, who):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice, cal.bob)
    response = cal.browser(getattr(cal, who)).submit(f"/calendar/{meetup.id}/attendees/{cal.alice.id}/remove")
    assert response.status_code == 403
    assert states(meetup) == {"alice": "going", "bob": "going"}
    assert Notification.select().count() == 0


def test_staff_may_remove_attendees(cal):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice)
    assert cal.browser(cal.moderator).submit(
        f"/calendar/{meetup.id}/attendees/{cal.alice.id}/remove").status_code == 303
    assert rsvp_state(meetup, cal.alice) is None


# messages to everyone going --------------------------------------------------------------------

def test_the_organisers_message_reaches_everyone_going_and_shows_on_their_notifications(cal):
    meetup = cal.meetup(capacity=2)
    signed_up(cal, meetup)
    response = cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/message",
                                                 {"text": "  Bring an umbrella, we meet at the side door.  "})
    assert response.status_code == 303
    message = MeetupMessage.get()
    assert (message.text, message.author_id, message.meetup_id) == \
        ("Bring an umbrella, we meet at the side door.", cal.organiser.id, meetup.id)
    for member in (cal.alice, cal.bob):
        notification, = notifications_of(member)
        assert (notification.kind, notification.target_type, notification.target_id) == \
            ("meetup_message", "meetup_message", message.id)
        page = page_of(cal.browser(member).get("/notifications"))
        assert "Bring an umbrella, we meet at the side door." in page
        assert "A message from the organiser of: Picnic in the park" in page
    # the waiting list and people not signed up are not "going"
    assert kinds_of(cal.carol) == [] and kinds_of(cal.dan) == [] and kinds_of(cal.organiser) == []


def test_an_empty_message_is_refused_with_the_error_on_the_page(cal):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice)
    response = cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/message", {"text": "   "})
    assert response.status_code == 422
    assert error_of(page_of(response), "text") == "Write the message first."
    assert MeetupMessage.select().count() == 0 and kinds_of(cal.alice) == []


@pytest.mark.parametrize("who", ["alice", "other_organiser"])
def test_only_the_organiser_and_staff_may_message_attendees(cal, who):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice, cal.bob)
    response = cal.browser(getattr(cal, who)).submit(f"/calendar/{meetup.id}/message", {"text": "Hello all"})
    assert response.status_code == 403
    assert MeetupMessage.select().count() == 0 and Notification.select().count() == 0


def test_messages_to_a_members_only_meetup_are_not_reachable_by_visitors(cal):
    meetup = cal.meetup()
    response = cal.visitor().submit(f"/calendar/{meetup.id}/message", {"text": "Hello all"})
    assert response.status_code in (302, 404)
    assert MeetupMessage.select().count() == 0


def test_withdrawn_attendees_do_not_get_later_messages(cal):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice, cal.bob)
    attendance.withdraw(fresh(meetup), cal.bob)
    cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/message", {"text": "Still on"})
    assert kinds_of(cal.alice) == ["meetup_message"] and kinds_of(cal.bob) == []
