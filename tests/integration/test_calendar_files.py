"""Calendar files: one meet-up as .ics, and each member's private feed of the meet-ups they go to."""

import datetime
import hashlib
import re

import pytest
from icalendar import Calendar

from portal.calendar.models import Meetup
from portal.db import transaction, utcnow
from portal.members.models import Member
from tests.calendar_fixtures import ADDRESS, AREA, LINK, edit_data
from tests.helpers import fresh, page_of

FEED_URL = re.compile(r'value="(http://localhost/calendar/feed/([A-Za-z0-9_-]+)\.ics)"')


def events_of(response):
    """The VEVENTs of a calendar file, after checking it is one."""
    assert response.status_code == 200, page_of(response)
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    assert calendar.name == "VCALENDAR" and str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    return calendar.walk("VEVENT")


def utc_value(event, name):
    value = event.decoded(name)
    assert value.utcoffset() == datetime.timedelta(0), f"{name} is not in UTC"
    return value.replace(tzinfo=None)


def event_for(browser, meetup):
    event, = events_of(browser.get(f"/calendar/{meetup.id}.ics"))
    return event


# one meet-up --------------------------------------------------------------------------------------

def test_a_meetup_file_is_one_valid_event_with_the_stored_times(cal):
    meetup = cal.meetup(description="Bring *snacks*.")
    response = cal.browser(cal.alice).get(f"/calendar/{meetup.id}.ics")
    assert f'filename="meetup-{meetup.id}.ics"' in response.headers["Content-Disposition"]
    event, = events_of(response)
    assert str(event["UID"]) == f"meetup-{meetup.id}@harbour"
    stamp = utc_value(event, "DTSTAMP")
    assert abs(stamp - utcnow()) < datetime.timedelta(minutes=5)
    assert utc_value(event, "DTSTART") == meetup.starts_at
    assert utc_value(event, "DTEND") == meetup.ends_at
    assert str(event["SUMMARY"]) == "Picnic in the park"
    assert event.decoded("SEQUENCE") == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).endswith(f"/calendar/{meetup.id}")
    assert "Bring *snacks*." in str(event["DESCRIPTION"])


def test_the_night_summer_time_ends_is_exported_in_utc(cal):
    meetup = cal.meetup(start=datetime.datetime(2026, 10, 24, 23, 30), hours=4)
    event = event_for(cal.browser(cal.alice), meetup)
    assert event.to_ical().count(b"Z\r\n") >= 3  # DTSTAMP, DTSTART, DTEND all end in Z
    assert (utc_value(event, "DTSTART"), utc_value(event, "DTEND")) == \
        (datetime.datetime(2026, 10, 24, 23, 30), datetime.datetime(2026, 10, 25, 3, 30))


def test_every_change_raises_the_sequence_and_cancelling_sets_the_status(cal):
    meetup = cal.meetup()
    organiser = cal.browser(cal.organiser)
    organiser.submit(f"/calendar/{meetup.id}/edit", edit_data(meetup, title="Renamed picnic"))
    organiser.submit(f"/calendar/{meetup.id}/edit", edit_data(meetup, public_area="Assen"))
    event = event_for(cal.browser(cal.alice), meetup)
    assert event.decoded("SEQUENCE") == fresh(meetup).sequence == 2
    assert str(event["SUMMARY"]) == "Renamed picnic"
    organiser.submit(f"/calendar/{meetup.id}/cancel")
    event = event_for(cal.browser(cal.alice), meetup)
    assert event.decoded("SEQUENCE") == fresh(meetup).sequence == 3
    assert str(event["STATUS"]) == "CANCELLED"


WHO_SEES_THE_PLACE = {"going": True, "organiser": True, "moderator": True, "admin": True,
                      "waiting": False, "not signed up": False}


@pytest.mark.parametrize("viewer, sees", WHO_SEES_THE_PLACE.items(), ids=WHO_SEES_THE_PLACE.keys())
def test_the_location_has_the_address_only_for_those_who_may_see_it(cal, viewer, sees):
    meetup = cal.meetup(capacity=1, online_link=LINK)
    cal.going(meetup, cal.alice, cal.bob)
    member = {"going": cal.alice, "waiting": cal.bob, "not signed up": cal.carol, "organiser": cal.organiser,
              "moderator": cal.moderator, "admin": cal.admin}[viewer]
    response = cal.browser(member).get(f"/calendar/{meetup.id}.ics")
    event, = events_of(response)
    location = str(event["LOCATION"])
    assert AREA in location
    assert (ADDRESS in location, LINK in location) == (sees, sees)
    if not sees:
        assert location == AREA
        # nowhere else in the file either
        assert ADDRESS.encode() not in response.get_data() and b"secret-42" not in response.get_data()


def test_a_meetup_without_an_area_has_no_location_for_those_who_may_not_see_the_address(cal):
    meetup = cal.meetup(public_area="")
    assert "LOCATION" not in event_for(cal.browser(cal.carol), meetup)


@pytest.mark.parametrize("who", ["visitor", "applicant"])
def test_visitors_and_applicants_get_no_meetup_file(cal, who):
    meetup = cal.meetup(public=True)
    browser = cal.visitor() if who == "visitor" else cal.browser(cal.applicant)
    response = browser.get(f"/calendar/{meetup.id}.ics")
    assert response.status_code in (302, 403)
    assert b"BEGIN:VCALENDAR" not in response.get_data()


def test_an_unknown_meetup_file_is_404(cal):
    assert cal.browser(cal.alice).get("/calendar/9999.ics").status_code == 404


def test_the_meetup_page_links_to_its_file(cal):
    meetup = cal.meetup()
    assert f'href="/calendar/{meetup.id}.ics"' in page_of(cal.browser(cal.alice).get(f"/calendar/{meetup.id}"))


# the private feed ---------------------------------------------------------------------------------

def make_feed(browser):
    """Ask for a (new) feed address on the account page; returns (url path, token)."""
    response = browser.submit("/account/calendar-feed")
    assert response.status_code == 200
    html = page_of(response)
    assert "Copy it now: it is not shown again." in html
    url, token = FEED_URL.search(html).groups()
    return url.removeprefix("http://localhost"), token


def test_the_feed_address_is_shown_once_and_only_its_hash_is_stored(cal):
    browser = cal.browser(cal.alice)
    assert "Make a feed address" in page_of(browser.get("/account"))
    url, token = make_feed(browser)
    assert len(token) >= 40
    stored = fresh(cal.alice).feed_token_hash
    assert stored != token and token not in stored
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    # the settings page never shows it again, it only offers a new one
    page = page_of(browser.get("/account"))
    assert token not in page and "Make a new feed address" in page and "Stop the feed" in page


def test_the_feed_lists_exactly_the_meetups_the_member_is_going_to_without_a_session(cal):
    first = cal.meetup(title="First", capacity=1, online_link=LINK)
    second = cal.meetup(title="Second", days_ahead=9)
    full = cal.meetup(title="Full one", capacity=1)
    cal.meetup(title="Not signed up")
    cal.going(full, cal.bob)
    cal.going(first, cal.alice, cal.bob)
    cal.going(second, cal.alice)
    cal.going(full, cal.alice)  # waiting
    url, _token = make_feed(cal.browser(cal.alice))
    response = cal.app.test_client().get(url)
    events = events_of(response)
    assert [str(event["SUMMARY"]) for event in events] == ["First", "Second"]
    assert {str(event["UID"]) for event in events} == {f"meetup-{first.id}@harbour", f"meetup-{second.id}@harbour"}
    # going: the exact place belongs in the member's own calendar
    first_event = events[0]
    assert ADDRESS in str(first_event["LOCATION"]) and LINK in str(first_event["LOCATION"])
    assert utc_value(first_event, "DTSTART") == first.starts_at
    assert b"Full one" not in response.get_data() and b"Not signed up" not in response.get_data()


def test_the_feed_follows_sign_ups_and_cancellations(cal):
    meetup = cal.meetup(title="Picnic")
    browser = cal.browser(cal.alice)
    url, _token = make_feed(browser)
    assert events_of(cal.app.test_client().get(url)) == []
    browser.submit(f"/calendar/{meetup.id}/rsvp", {"going": "yes"})
    assert len(events_of(cal.app.test_client().get(url))) == 1
    cal.browser(cal.organiser).submit(f"/calendar/{meetup.id}/cancel")
    event, = events_of(cal.app.test_client().get(url))
    assert str(event["STATUS"]) == "CANCELLED"
    browser.submit(f"/calendar/{meetup.id}/rsvp", {"going": "no"})
    assert events_of(cal.app.test_client().get(url)) == []


def test_a_new_feed_address_makes_the_old_one_404(cal):
    browser = cal.browser(cal.alice)
    old, _token = make_feed(browser)
    new, _token = make_feed(browser)
    assert old != new
    assert cal.app.test_client().get(old).status_code == 404
    assert cal.app.test_client().get(new).status_code == 200


def test_stopping_the_feed_makes_it_404(cal):
    browser = cal.browser(cal.alice)
    url, _token = make_feed(browser)
    response = browser.submit("/account/calendar-feed/revoke")
    assert response.status_code == 303
    assert fresh(cal.alice).feed_token_hash is None
    assert "Your calendar feed address no longer works." in page_of(browser.get("/account"))
    assert cal.app.test_client().get(url).status_code == 404


@pytest.mark.parametrize("token", ["wrong", "A" * 43, "", "..%2F..%2Fetc"])
def test_a_wrong_token_is_404(cal, token):
    make_feed(cal.browser(cal.alice))
    assert cal.app.test_client().get(f"/calendar/feed/{token}.ics").status_code == 404


def test_a_hash_in_place_of_the_token_is_404(cal):
    # someone who reads the database must not be able to use what is stored there
    make_feed(cal.browser(cal.alice))
    stored = fresh(cal.alice).feed_token_hash
    assert cal.app.test_client().get(f"/calendar/feed/{stored}.ics").status_code == 404


def test_making_or_stopping_a_feed_needs_the_csrf_token(cal):
    browser = cal.browser(cal.alice)
    response = browser.post("/account/calendar-feed")
    assert "calendar/feed/" not in page_of(response)
    assert fresh(cal.alice).feed_token_hash is None
    make_feed(browser)
    browser.post("/account/calendar-feed/revoke")
    assert fresh(cal.alice).feed_token_hash is not None


def test_applicants_cannot_make_a_feed(cal):
    assert cal.browser(cal.applicant).submit("/account/calendar-feed").status_code == 403
    assert fresh(cal.applicant).feed_token_hash is None


@pytest.mark.parametrize("change", [{"banned_at": utcnow()}, {"role": "applicant"}], ids=["banned", "demoted"])
def test_the_feed_stops_for_banned_members_and_former_members(cal, change):
    meetup = cal.meetup()
    cal.going(meetup, cal.alice)
    url, _token = make_feed(cal.browser(cal.alice))
    with transaction():
        Member.update(**change).where(Member.id == cal.alice.id).execute()
    assert cal.app.test_client().get(url).status_code == 404


def test_feeds_are_per_member(cal):
    mine = cal.meetup(title="Mine")
    theirs = cal.meetup(title="Theirs")
    cal.going(mine, cal.alice)
    cal.going(theirs, cal.bob)
    alice_url, _ = make_feed(cal.browser(cal.alice))
    bob_url, _ = make_feed(cal.browser(cal.bob))
    assert [str(e["SUMMARY"]) for e in events_of(cal.app.test_client().get(alice_url))] == ["Mine"]
    assert [str(e["SUMMARY"]) for e in events_of(cal.app.test_client().get(bob_url))] == ["Theirs"]
    assert Meetup.select().count() == 2
