"""Repeating meet-ups: the rule in the meet-up's zone, one sign-up list per date, changing one date or all that
follow, cancelling one, and calendar files that two independent parsers (icalendar, vobject) read the same way."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from portal.calendar import attendance, meetups, recurrence
from portal.calendar.models import Meetup, MeetupSeries
from portal.members.models import Member
from tests.calendar_fixtures import ADDRESS, AREA, edit_data, form_data, typed, utc
from tests.helpers import kinds_of, page_of

ZONE = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(ZONE)


def next_year(month, day, hour=19):
    return datetime.datetime(datetime.date.today().year + 1, month, day, hour, 0)


def weekly_over_summer_time(cal, **details):
    """Tuesdays at 19:00 Amsterdam time, two before and two after the change to summer time (last Sunday of March)."""
    year = datetime.date.today().year + 1
    last_sunday = max(datetime.date(year, 3, day) for day in range(25, 32) if datetime.date(year, 3, day).weekday() == 6)
    first_tuesday = last_sunday - datetime.timedelta(days=12)
    start = datetime.datetime.combine(first_tuesday, datetime.time(19, 0))
    details.setdefault("title", "Tuesday evening")
    details.setdefault("public_area", AREA)
    details.setdefault("private_address", ADDRESS)
    details.setdefault("language_list", ["en"])
    return recurrence.create_series(cal.organiser, "weekly", first_tuesday + datetime.timedelta(days=21), ZONE,
                                    starts_at=utc(start), ends_at=utc(start + datetime.timedelta(hours=2)), **details)


def dates_of(first):
    return list(Meetup.select().where(Meetup.series == first.series_id).order_by(Meetup.starts_at))


def local(utc_naive):
    return utc_naive.replace(tzinfo=datetime.UTC).astimezone(AMSTERDAM)


def test_a_weekly_meetup_stays_at_19_local_across_the_change_to_summer_time(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    assert len(dates) == 4
    assert [local(d.starts_at).strftime("%a %H:%M") for d in dates] == ["Tue 19:00"] * 4
    assert [local(d.ends_at).strftime("%H:%M") for d in dates] == ["21:00"] * 4
    # stored in UTC: 18:00 in winter time, 17:00 in summer time
    assert [d.starts_at.hour for d in dates] == [18, 18, 17, 17]


@pytest.mark.parametrize("frequency, first, expected", [
    ("biweekly", (1, 5), ["01-05", "01-19", "02-02", "02-16"]),
    # the second Tuesday of each month (1 Feb of next year may be any weekday: computed below)
    ("monthly_weekday", None, None),
    ("monthly_date", (1, 31), ["01-31", "03-31"]),
])
def test_every_two_weeks_and_every_month(cal, frequency, first, expected):
    year = datetime.date.today().year + 1
    if frequency == "monthly_weekday":
        start = next(datetime.date(year, 1, day) for day in range(8, 15) if datetime.date(year, 1, day).weekday() == 1)
        until = datetime.date(year, 3, 31)
    else:
        start = datetime.date(year, *first)
        until = datetime.date(year, 2, 28) if frequency == "biweekly" else datetime.date(year, 4, 15)
    begin = datetime.datetime.combine(start, datetime.time(19))
    first_date = recurrence.create_series(cal.organiser, frequency, until, ZONE, title="Monthly",
                                          starts_at=utc(begin), ends_at=utc(begin + datetime.timedelta(hours=1)))
    days = [local(d.starts_at) for d in dates_of(first_date)]
    if frequency == "monthly_weekday":
        assert [(d.month, d.weekday(), (d.day - 1) // 7) for d in days] == [(1, 1, 1), (2, 1, 1), (3, 1, 1)]
    else:
        # a month without a 31st has no meet-up, as RFC 5545 says
        assert [d.strftime("%m-%d") for d in days] == expected
    assert all(d.hour == 19 for d in days)


def test_each_date_has_its_own_places_and_waiting_list(cal):
    first, second, *_ = dates_of(weekly_over_summer_time(cal, capacity=1))
    assert attendance.sign_up(first, cal.alice) == "going"
    assert attendance.sign_up(first, cal.bob) == "waiting"
    assert attendance.sign_up(second, cal.bob) == "going"
    attendance.withdraw(first, cal.alice)
    assert kinds_of(cal.bob) == ["rsvp_promoted"]
    assert attendance.states_of(cal.bob, [first.id, second.id]) == {first.id: "going", second.id: "going"}


def test_changing_one_date_leaves_the_others_alone(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    cal.going(dates[1], cal.alice)
    cal.going(dates[2], cal.bob)
    response = cal.browser(cal.organiser).submit(f"/calendar/{dates[1].id}/edit", edit_data(
        dates[1], starts_at=typed(meetups.to_local(dates[1].starts_at, ZONE).replace(hour=20)),
        ends_at=typed(meetups.to_local(dates[1].ends_at, ZONE).replace(hour=22)), scope="this",
        repeat="weekly", repeat_until=str(MeetupSeries.get_by_id(dates[1].series_id).until)))
    assert response.status_code == 303
    after = dates_of(dates[0])
    assert [local(d.starts_at).hour for d in after] == [19, 20, 19, 19]
    assert kinds_of(cal.alice) == ["meetup_changed"] and kinds_of(cal.bob) == []


def test_changing_all_that_follow_splits_the_series_and_keeps_the_sign_ups(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    cal.going(dates[0], cal.alice)
    cal.going(dates[2], cal.bob)
    cal.going(dates[3], cal.bob)
    series = MeetupSeries.get_by_id(dates[0].series_id)
    response = cal.browser(cal.organiser).submit(f"/calendar/{dates[2].id}/edit", edit_data(
        dates[2], title="Tuesday evening, later", scope="following", repeat="weekly", repeat_until=str(series.until),
        starts_at=typed(meetups.to_local(dates[2].starts_at, ZONE).replace(hour=20)),
        ends_at=typed(meetups.to_local(dates[2].ends_at, ZONE).replace(hour=22))))
    assert response.status_code == 303
    rows = [Meetup.get_by_id(d.id) for d in dates]
    assert [local(d.starts_at).hour for d in rows] == [19, 19, 20, 20]
    assert [d.title for d in rows] == ["Tuesday evening"] * 2 + ["Tuesday evening, later"] * 2
    assert rows[0].series_id == rows[1].series_id != rows[2].series_id == rows[3].series_id
    assert MeetupSeries.get_by_id(rows[0].series_id).until < MeetupSeries.get_by_id(rows[2].series_id).first_start.date()
    # Bob's two sign-ups stay, and he hears once, not once per date
    assert attendance.states_of(cal.bob, [rows[2].id, rows[3].id]) == {rows[2].id: "going", rows[3].id: "going"}
    assert kinds_of(cal.bob) == ["meetup_changed"] and kinds_of(cal.alice) == []


def test_a_shorter_repetition_cancels_the_dates_it_no_longer_has(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    cal.going(dates[3], cal.carol)
    data = edit_data(dates[1], scope="following", repeat="weekly",
                     repeat_until=str(meetups.to_local(dates[2].starts_at, ZONE).date()))
    assert cal.browser(cal.organiser).submit(f"/calendar/{dates[1].id}/edit", data).status_code == 303
    last = Meetup.get_by_id(dates[3].id)
    assert last.cancelled_at is not None and last.series_id is None
    assert kinds_of(cal.carol) == ["meetup_cancelled"]


def test_a_new_repeating_meetup_through_the_form(cal):
    start = next_year(2, 2)
    data = form_data(starts_at=typed(start), ends_at=typed(start + datetime.timedelta(hours=2)), repeat="biweekly",
                     repeat_until=str((start + datetime.timedelta(days=42)).date()))
    response = cal.browser(cal.organiser).submit("/calendar/new", data)
    assert response.status_code == 303
    assert Meetup.select().count() == 4 and MeetupSeries.select().count() == 1
    page = page_of(cal.browser(cal.alice).get(response.headers["Location"]))
    assert "one date of a repeating meet-up" in page


@pytest.mark.parametrize("until, message", [
    ("", "Until when does it repeat?"),
    ("2000-01-01", "The last day cannot be before the first."),
    ("far", "A meet-up repeats for a year at most."),
])
def test_a_repetition_needs_a_sensible_end(cal, until, message):
    start = next_year(2, 2)
    if until == "far":
        until = str((start + datetime.timedelta(days=400)).date())
    data = form_data(starts_at=typed(start), ends_at=typed(start + datetime.timedelta(hours=2)), repeat="weekly",
                     repeat_until=until, title="Kept title")
    response = cal.browser(cal.organiser).submit("/calendar/new", data)
    assert response.status_code == 422
    page = page_of(response)
    assert message in page and 'value="Kept title"' in page
    assert Meetup.select().count() == 0 and MeetupSeries.select().count() == 0


def test_cancelling_one_date_cancels_only_that_date(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    cal.going(dates[1], cal.alice)
    assert cal.browser(cal.organiser).submit(f"/calendar/{dates[1].id}/cancel", {}).status_code == 303
    assert [Meetup.get_by_id(d.id).cancelled_at is not None for d in dates] == [False, True, False, False]
    assert kinds_of(cal.alice) == ["meetup_cancelled"]


# calendar files, read by two parsers ---------------------------------------------------------------------------

def expanded_with_icalendar(body):
    """(UID, local start) of every date, expanding RRULE/EXDATE/RECURRENCE-ID with dateutil, as a client would."""
    from dateutil import rrule as dateutil_rrule

    calendar = icalendar.Calendar.from_ical(body)
    starts = {}
    for event in calendar.walk("VEVENT"):
        if event.get("rrule"):
            rules = dateutil_rrule.rruleset()
            start = event.decoded("dtstart")
            rules.rrule(dateutil_rrule.rrulestr(event["rrule"].to_ical().decode(), dtstart=start))
            for exdates in (event.get("exdate") if isinstance(event.get("exdate"), list) else [event.get("exdate")]):
                for exdate in (exdates.dts if exdates else []):
                    rules.exdate(exdate.dt)
            for moment in rules:
                starts[(str(event["uid"]), moment.astimezone(datetime.UTC))] = moment.astimezone(AMSTERDAM)
    for event in calendar.walk("VEVENT"):
        if event.get("recurrence-id"):
            key = (str(event["uid"]), event.decoded("recurrence-id").astimezone(datetime.UTC))
            starts[key] = event.decoded("dtstart").astimezone(AMSTERDAM)
    return sorted(starts.values())


@pytest.fixture(autouse=True)
def vobject_reads_zones_with_zoneinfo():
    """vobject looks a TZID up in pytz, whose fixed-offset times drift an hour when a rule crosses summer time;
    its registerTzid() is the documented way to give it a real zone, as a calendar program has."""
    registry = vobject.icalendar.__dict__["__tzidMap"]
    before = registry.get(ZONE)
    vobject.icalendar.registerTzid(ZONE, AMSTERDAM)
    yield
    if before is None:
        registry.pop(ZONE, None)
    else:
        registry[ZONE] = before


def expanded_with_vobject(body):
    calendar = vobject.readOne(body.decode())
    starts = {}
    for event in calendar.vevent_list:
        if hasattr(event, "rrule"):
            for moment in event.getrruleset(addRDate=True):
                starts[(event.uid.value, moment.astimezone(datetime.UTC))] = moment.astimezone(AMSTERDAM)
    for event in calendar.vevent_list:
        if hasattr(event, "recurrence_id"):
            key = (event.uid.value, event.recurrence_id.value.astimezone(datetime.UTC))
            starts[key] = event.dtstart.value.astimezone(AMSTERDAM)
    return sorted(starts.values())


def test_the_ics_carries_rrule_and_exdate_and_both_parsers_agree(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    meetups.cancel_meetup(dates[1], cal.organiser)
    response = cal.browser(cal.alice).get(f"/calendar/{dates[0].id}.ics")
    body = response.get_data()
    text = body.decode()
    assert "RRULE:FREQ=WEEKLY;UNTIL=" in text
    assert "EXDATE;TZID=Europe/Amsterdam:" in text and "BEGIN:VTIMEZONE" in text
    assert "BEGIN:VALARM" in text and "TRIGGER:-P1D" in text
    expected = [local(d.starts_at) for i, d in enumerate(dates) if i != 1]
    for parsed in (expanded_with_icalendar(body), expanded_with_vobject(body)):
        assert parsed == expected
        assert [moment.strftime("%H:%M") for moment in parsed] == ["19:00"] * 3


def test_a_moved_date_is_an_override_that_both_parsers_see(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    later = meetups.to_local(dates[2].starts_at, ZONE).replace(hour=20)
    meetups.update_meetup(dates[2], cal.organiser, starts_at=utc(later), ends_at=utc(later) + datetime.timedelta(hours=2))
    body = cal.browser(cal.alice).get(f"/calendar/{dates[0].id}.ics").get_data()
    assert b"RECURRENCE-ID;TZID=Europe/Amsterdam:" in body
    for parsed in (expanded_with_icalendar(body), expanded_with_vobject(body)):
        assert [moment.strftime("%H:%M") for moment in parsed] == ["19:00", "19:00", "20:00", "19:00"]


def test_the_address_is_only_on_the_dates_one_is_going_to(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    cal.going(dates[2], cal.alice)
    body = cal.browser(cal.alice).get(f"/calendar/{dates[0].id}.ics").get_data()
    calendar = icalendar.Calendar.from_ical(body)
    locations = {str(event.get("location")): bool(event.get("recurrence-id")) for event in calendar.walk("VEVENT")}
    assert locations[AREA] is False  # the rule: the public area only
    assert any(ADDRESS in location and is_override for location, is_override in locations.items())


def test_the_private_feed_holds_only_the_dates_one_is_going_to(cal):
    dates = dates_of(weekly_over_summer_time(cal))
    cal.going(dates[0], cal.alice)
    cal.going(dates[3], cal.alice)
    browser = cal.browser(cal.alice)
    page = page_of(browser.submit("/account/calendar-feed", {}))
    import re
    feed_url = re.search(r"(/calendar/feed/[\w-]+\.ics)", page).group(1)
    body = cal.visitor().get(feed_url).get_data()
    assert b"RRULE:" in body and b"EXDATE" in body
    for parsed in (expanded_with_icalendar(body), expanded_with_vobject(body)):
        assert parsed == [local(dates[0].starts_at), local(dates[3].starts_at)]
    assert Member.get_by_id(cal.alice.id).feed_token_hash is not None


def test_a_date_links_to_the_other_dates_a_reader_may_see(cal):
    dates = dates_of(weekly_over_summer_time(cal, public=True))
    # one date made members-only: visitors do not learn of it
    meetups.update_meetup(dates[2], cal.organiser, public=False)
    member_page = page_of(cal.browser(cal.alice).get(f"/calendar/{dates[0].id}"))
    visitor_page = page_of(cal.visitor().get(f"/calendar/{dates[0].id}"))
    for other in dates[1:]:
        assert f'href="/calendar/{other.id}"' in member_page
    assert f'href="/calendar/{dates[2].id}"' not in visitor_page
    assert f'href="/calendar/{dates[3].id}"' in visitor_page
    assert "Other dates" not in page_of(cal.browser(cal.alice).get(f"/calendar/{cal.meetup().id}"))
