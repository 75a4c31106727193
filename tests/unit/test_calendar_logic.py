"""The calendar's logic without pages: time zones, months, grouping, sign-ups, who sees whom, events."""

import datetime
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from portal import policy
from portal.calendar import attendance, ical, meetups, schedule
from portal.calendar.models import Meetup, Rsvp
from portal.db import transaction, utcnow
from portal.members.models import Member
from portal.notifications.models import Notification
from tests.calendar_fixtures import ADDRESS, AREA, LINK, add_meetup, set_visible, states
from tests.forum_fixtures import hostile_markup

AMSTERDAM = "Europe/Amsterdam"
dt = datetime.datetime


# time zones ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("local, stored", [
    (dt(2027, 1, 15, 19, 0), dt(2027, 1, 15, 18, 0)),     # winter: UTC+1
    (dt(2027, 7, 15, 19, 0), dt(2027, 7, 15, 17, 0)),     # summer: UTC+2
    (dt(2026, 10, 25, 1, 30), dt(2026, 10, 24, 23, 30)),  # before the clocks go back
    (dt(2026, 10, 25, 4, 30), dt(2026, 10, 25, 3, 30)),   # after
    (dt(2027, 3, 28, 1, 30), dt(2027, 3, 28, 0, 30)),     # before the clocks go forward
    (dt(2027, 3, 28, 3, 30), dt(2027, 3, 28, 1, 30)),     # after
    (dt(2026, 12, 31, 23, 30), dt(2026, 12, 31, 22, 30)),
    (dt(2027, 1, 1, 0, 30), dt(2026, 12, 31, 23, 30)),    # a new year locally, not yet in UTC
], ids=str)
def test_site_time_converts_to_stored_utc_and_back(local, stored):
    assert meetups.to_utc(local, AMSTERDAM) == stored
    assert meetups.to_local(stored, AMSTERDAM) == local


def test_the_repeated_hour_in_october_means_its_first_summer_time_occurrence():
    # 02:30 happens twice on 25 October 2026; a form cannot say which, the first is taken
    assert meetups.to_utc(dt(2026, 10, 25, 2, 30), AMSTERDAM) == dt(2026, 10, 25, 0, 30)
    assert meetups.to_local(dt(2026, 10, 25, 1, 30), AMSTERDAM) == dt(2026, 10, 25, 2, 30)


def test_every_quarter_hour_around_the_october_change_survives_the_round_trip_outside_the_repeated_hour():
    stored = dt(2026, 10, 24, 20, 0)
    while stored < dt(2026, 10, 25, 8, 0):
        local = meetups.to_local(stored, AMSTERDAM)
        repeated = local.date() == datetime.date(2026, 10, 25) and local.hour == 2
        if not repeated:
            assert meetups.to_utc(local, AMSTERDAM) == stored, stored
        stored += datetime.timedelta(minutes=15)


def test_other_zones_convert_too():
    assert meetups.to_local(dt(2026, 12, 1, 18, 0), "Europe/London") == dt(2026, 12, 1, 18, 0)
    assert meetups.to_local(dt(2026, 7, 1, 18, 0), "Europe/London") == dt(2026, 7, 1, 19, 0)
    assert meetups.to_local(dt(2026, 7, 1, 18, 0), "Asia/Tehran") == dt(2026, 7, 1, 21, 30)


# months -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, month", [("2026-12", (2026, 12)), ("2027-01", (2027, 1)), ("2026-1", (2026, 1))])
def test_a_month_parameter_is_read(text, month):
    assert schedule.parse_month(text) == month


@pytest.mark.parametrize("text", [None, "", "2026", "2026-13", "2026-00", "2026-12-01", "december", "2026-dec",
                                  "-", "2026--12", "9999-12", "0001-01", "1-1"])
def test_anything_else_is_no_month(text):
    assert schedule.parse_month(text) is None


def test_the_month_grid_starts_on_monday_and_blanks_other_months(app):
    grid = schedule.month_grid(AnonymousUserMixin(), 2026, 12, AMSTERDAM)
    weeks = grid["weeks"]
    assert len(weeks) == 5 and all(len(week) == 7 for week in weeks)
    # 1 December 2026 is a Tuesday
    assert weeks[0][0] == (None, []) and weeks[0][1][0] == datetime.date(2026, 12, 1)
    assert weeks[-1][3][0] == datetime.date(2026, 12, 31) and weeks[-1][4] == (None, [])
    days = [day for week in weeks for day, _meetups in week if day]
    assert days == [datetime.date(2026, 12, n) for n in range(1, 32)]
    assert (grid["previous"], grid["next"], grid["first"]) == ("2026-11", "2027-01", datetime.date(2026, 12, 1))


@pytest.mark.parametrize("year, month, previous, following", [(2027, 1, "2026-12", "2027-02"),
                                                              (2026, 2, "2026-01", "2026-03")])
def test_previous_and_next_month_wrap_around_the_year(app, year, month, previous, following):
    grid = schedule.month_grid(AnonymousUserMixin(), year, month, AMSTERDAM)
    assert (grid["previous"], grid["next"]) == (previous, following)


def test_the_month_grid_puts_meetups_on_their_local_day(cal):
    near_midnight = add_meetup(cal.organiser, start=dt(2026, 11, 30, 23, 30), public=True)
    new_year = add_meetup(cal.organiser, start=dt(2026, 12, 31, 23, 30), public=True)  # 1 January locally

    def placed(zone):
        grid = schedule.month_grid(AnonymousUserMixin(), 2026, 12, zone)
        return {day: [m.id for m in found] for week in grid["weeks"] for day, found in week if found}

    assert placed(AMSTERDAM) == {datetime.date(2026, 12, 1): [near_midnight.id]}
    # London is on UTC in winter: the first is still in November, the second on New Year's Eve
    assert placed("Europe/London") == {datetime.date(2026, 12, 31): [new_year.id]}


def test_meetups_are_grouped_by_the_day_they_start_for_the_reader():
    items = [SimpleNamespace(starts_at=start) for start in
             (dt(2026, 12, 1, 22, 30), dt(2026, 12, 1, 23, 30), dt(2026, 12, 2, 9, 0))]
    grouped = schedule.by_local_day(items, AMSTERDAM)
    assert [(day, len(group)) for day, group in grouped] == [(datetime.date(2026, 12, 1), 1),
                                                             (datetime.date(2026, 12, 2), 2)]
    grouped = schedule.by_local_day(items, "Europe/London")
    assert [(day, len(group)) for day, group in grouped] == [(datetime.date(2026, 12, 1), 2),
                                                             (datetime.date(2026, 12, 2), 1)]


# who sees which meet-ups ------------------------------------------------------------------------------

def test_visitors_and_applicants_get_public_meetups_members_get_all(cal):
    public = add_meetup(cal.organiser, public=True)
    private = add_meetup(cal.organiser, public=False)
    for user in (AnonymousUserMixin(), cal.applicant):
        assert [m.id for m in schedule.visible_meetups(user)] == [public.id]
    assert sorted(m.id for m in schedule.visible_meetups(cal.alice)) == sorted([public.id, private.id])


def test_upcoming_and_past_split_at_the_end_not_the_start(cal):
    running = add_meetup(cal.organiser, start=utcnow() - datetime.timedelta(hours=1), hours=3)
    over = add_meetup(cal.organiser, start=utcnow() - datetime.timedelta(hours=3), hours=1)
    assert [m.id for m in schedule.upcoming(cal.alice)] == [running.id]
    assert [m.id for m in schedule.past(cal.alice)] == [over.id]


def test_annotate_adds_counts_places_left_and_the_viewers_state(cal):
    limited = add_meetup(cal.organiser, capacity=2)
    open_ended = add_meetup(cal.organiser, capacity=None)
    for member in (cal.alice, cal.bob, cal.carol):
        attendance.sign_up(limited, member)
    attendance.sign_up(open_ended, cal.bob)
    found = {m.id: m for m in schedule.annotate(cal.alice, list(Meetup.select()))}
    assert (found[limited.id].going, found[limited.id].waiting, found[limited.id].places_left) == (2, 1, 0)
    assert (found[open_ended.id].going, found[open_ended.id].places_left) == (1, None)
    assert (found[limited.id].viewer_rsvp, found[open_ended.id].viewer_rsvp) == ("going", None)
    visitor_view = schedule.annotate(AnonymousUserMixin(), list(Meetup.select()))
    assert all(m.viewer_rsvp is None for m in visitor_view)


def test_counts_and_states_for_no_meetups_run_no_query(cal):
    assert attendance.counts([]) == {} and attendance.states_of(cal.alice, []) == {}


# signing up ---------------------------------------------------------------------------------------

def test_sign_up_is_going_then_waiting_and_never_twice(cal):
    meetup = add_meetup(cal.organiser, capacity=1)
    assert attendance.sign_up(meetup, cal.alice) == "going"
    assert attendance.sign_up(meetup, cal.bob) == "waiting"
    assert attendance.sign_up(meetup, cal.alice) == "going"
    assert attendance.sign_up(meetup, cal.bob) == "waiting"
    assert Rsvp.select().count() == 2


def test_withdrawing_returns_who_moved_up(cal):
    meetup = add_meetup(cal.organiser, capacity=1)
    for member in (cal.alice, cal.bob, cal.carol):
        attendance.sign_up(meetup, member)
    assert attendance.withdraw(meetup, cal.carol) is None  # waiting: nobody moves
    assert attendance.withdraw(meetup, cal.alice) == cal.bob.id
    assert attendance.withdraw(meetup, cal.dan) is None  # not signed up
    assert states(meetup) == {"bob": "going"}


def test_the_waiting_list_is_first_come_first_served(cal):
    meetup = add_meetup(cal.organiser, capacity=1)
    attendance.sign_up(meetup, cal.alice)
    earlier = utcnow() - datetime.timedelta(minutes=5)
    with transaction():
        # Dan joined the waiting list before Carol, though his row was written later
        Rsvp.create(meetup=meetup, member=cal.carol, state="waiting", created_at=utcnow())
        Rsvp.create(meetup=meetup, member=cal.dan, state="waiting", created_at=earlier)
    attendance.withdraw(meetup, cal.alice)
    assert states(meetup) == {"carol": "waiting", "dan": "going"}


def test_promoting_fills_every_free_place_and_tells_each_person(cal):
    meetup = add_meetup(cal.organiser, capacity=1)
    for member in (cal.alice, cal.bob, cal.carol, cal.dan):
        attendance.sign_up(meetup, member)
    with transaction():
        meetup.capacity = 3
        meetup.save()
        assert attendance.promote_waiting(meetup) == cal.carol.id
    assert states(meetup) == {"alice": "going", "bob": "going", "carol": "going", "dan": "waiting"}
    promoted = {n.member_id for n in Notification.select().where(Notification.kind == "rsvp_promoted")}
    assert promoted == {cal.bob.id, cal.carol.id}


def test_without_a_capacity_the_whole_waiting_list_moves_up(cal):
    meetup = add_meetup(cal.organiser, capacity=1)
    for member in (cal.alice, cal.bob, cal.carol):
        attendance.sign_up(meetup, member)
    with transaction():
        meetup.capacity = None
        meetup.save()
        attendance.promote_waiting(meetup)
    assert set(states(meetup).values()) == {"going"}


# who sees whom, and where --------------------------------------------------------------------------

def annotated(meetup, viewer):
    return schedule.annotate(viewer, [Meetup.get_by_id(meetup.id)])[0]


def test_attendee_lists_depend_on_who_is_looking(cal):
    meetup = add_meetup(cal.organiser, capacity=2)
    set_visible(cal.bob)
    set_visible(cal.carol)
    for member in (cal.alice, cal.bob, cal.carol, cal.dan):
        attendance.sign_up(meetup, Member.get_by_id(member.id))

    def handles(viewer):
        going, waiting = attendance.attendees_for(viewer, annotated(meetup, viewer))
        return [m.handle for m in going], [m.handle for m in waiting]

    assert handles(cal.organiser) == (["alice", "bob"], ["carol", "dan"])
    assert handles(cal.moderator) == (["alice", "bob"], ["carol", "dan"])
    assert handles(cal.alice) == (["alice", "bob"], [])
    assert handles(cal.bob) == (["bob"], [])
    # waiting (even if visible) or not signed up: nobody
    assert handles(cal.carol) == ([], []) and handles(cal.dan) == ([], [])
    assert handles(cal.other_organiser) == ([], [])
    assert handles(AnonymousUserMixin()) == ([], [])


@pytest.mark.parametrize("viewer, sees", [("organiser", True), ("moderator", True), ("admin", True),
                                          ("alice", True), ("bob", False), ("carol", False),
                                          ("other_organiser", False), ("applicant", False)])
def test_who_may_see_the_exact_place(cal, viewer, sees):
    meetup = add_meetup(cal.organiser, capacity=1)
    attendance.sign_up(meetup, cal.alice)
    attendance.sign_up(meetup, cal.bob)
    user = getattr(cal, viewer)
    assert policy.can(user, "see_location", annotated(meetup, user)) is sees


def test_visitors_never_see_the_place_even_of_a_public_meetup(cal):
    meetup = add_meetup(cal.organiser, public=True)
    assert not policy.can(AnonymousUserMixin(), "see_location", annotated(meetup, AnonymousUserMixin()))


@pytest.mark.parametrize("change", ["cancelled", "past", "suspended"])
def test_no_sign_ups_for_cancelled_or_past_meetups_or_suspended_members(cal, change):
    meetup = add_meetup(cal.organiser)
    member = cal.alice
    if change == "cancelled":
        meetup.cancelled_at = utcnow()
    elif change == "past":
        meetup.starts_at = utcnow() - datetime.timedelta(hours=3)
        meetup.ends_at = utcnow() - datetime.timedelta(hours=1)
    else:
        member.suspended_until = utcnow() + datetime.timedelta(days=1)
    assert not policy.can(member, "rsvp", meetup)


# changes and who hears about them ------------------------------------------------------------------

def test_only_time_and_place_are_announced_changes():
    assert set(meetups.ANNOUNCED_FIELDS) == {"starts_at", "ends_at", "public_area", "private_address",
                                             "online_link", "region_id"}


def test_update_meetup_bumps_the_sequence_and_renders_the_description(cal):
    meetup = add_meetup(cal.organiser)
    attendance.sign_up(meetup, cal.alice)
    meetups.update_meetup(meetup, cal.organiser, description="Now with **bold**", language_list=["fa"])
    stored = Meetup.get_by_id(meetup.id)
    assert stored.sequence == 1 and "<strong>bold</strong>" in stored.description_html
    assert stored.languages == ["fa"] and Notification.select().count() == 0
    meetups.update_meetup(stored, cal.organiser, public_area="Assen")
    assert Meetup.get_by_id(meetup.id).sequence == 2
    assert [n.kind for n in Notification.select()] == ["meetup_changed"]


def test_the_description_is_sanitised(cal):
    meetup = add_meetup(cal.organiser, description="<script>alert(1)</script>[x](javascript:alert(1))")
    assert hostile_markup(str(meetup.description_html)) == []
    meetup = add_meetup(cal.organiser, description="[x](javascript:alert(1)) and [y](https://example.org)")
    assert hostile_markup(str(meetup.description_html)) == []
    assert 'href="https://example.org"' in meetup.description_html


# calendar events ----------------------------------------------------------------------------------

def event(app, meetup, viewer):
    with app.test_request_context():
        return ical.event_for(annotated(meetup, viewer), viewer)


def test_an_event_has_what_calendar_apps_need(cal):
    meetup = add_meetup(cal.organiser, start=dt(2027, 3, 28, 0, 30), description="")
    found = event(cal.app, meetup, cal.alice)
    assert str(found["UID"]) == f"meetup-{meetup.id}@harbour"
    assert found.decoded("DTSTART") == dt(2027, 3, 28, 0, 30, tzinfo=datetime.UTC)
    assert found.decoded("DTEND") == dt(2027, 3, 28, 2, 30, tzinfo=datetime.UTC)
    assert str(found["STATUS"]) == "CONFIRMED" and "DESCRIPTION" not in found
    assert str(found["LOCATION"]) == AREA


def test_an_event_for_an_attendee_has_the_address_and_link(cal):
    meetup = add_meetup(cal.organiser, online_link=LINK)
    attendance.sign_up(meetup, cal.alice)
    location = str(event(cal.app, meetup, cal.alice)["LOCATION"])
    assert ADDRESS in location and LINK in location and AREA in location


def test_a_cancelled_event_says_so(cal):
    meetup = add_meetup(cal.organiser)
    meetups.cancel_meetup(meetup, cal.organiser)
    found = event(cal.app, meetup, cal.alice)
    assert str(found["STATUS"]) == "CANCELLED" and found.decoded("SEQUENCE") == 1
