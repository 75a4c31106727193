"""Meet-ups as RFC 5545 calendar files, built with the icalendar library.

A repeating meet-up is one VEVENT with an RRULE in its own zone (with a VTIMEZONE), EXDATE for
the dates that are cancelled (or, in a member's feed, that they are not going to), and an
override (RECURRENCE-ID) for each date that differs from the rule, such as a moved time or an
address that is open to this reader for that date only.
"""

import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Alarm, Calendar, Event

from portal import policy
from portal.calendar import attendance, recurrence
from portal.calendar.meetups import to_local
from portal.calendar.models import Meetup, MeetupSeries
from portal.db import utcnow
from portal.urls import external_url


def _utc(naive):
    return naive.replace(tzinfo=datetime.UTC)


def _uid(kind, number):
    return f"{kind}-{number}@{current_app.config['SITE_NAME'].lower().replace(' ', '-')}"


def location_for(meetup, viewer):
    """The public area, or the exact place when the viewer may see it (and it is open yet)."""
    if policy.can(viewer, "see_location", meetup):
        return ", ".join(part for part in (meetup.private_address, meetup.online_link, meetup.public_area) if part)
    return meetup.public_area


def _describe(event, meetup, viewer):
    event.add("summary", meetup.title)
    event.add("sequence", meetup.sequence)
    event.add("url", external_url("calendar.detail", meetup_id=meetup.id))
    if meetup.description:
        event.add("description", meetup.description)
    location = location_for(meetup, viewer)
    if location:
        event.add("location", location)
    if meetup.reminder_hours:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", meetup.title)
        alarm.add("trigger", datetime.timedelta(hours=-meetup.reminder_hours))
        event.add_component(alarm)


def event_for(meetup, viewer):
    """One VEVENT for a meet-up that does not repeat."""
    event = Event()
    event.add("uid", _uid("meetup", meetup.id))
    event.add("dtstamp", _utc(utcnow()))
    event.add("dtstart", _utc(meetup.starts_at))
    event.add("dtend", _utc(meetup.ends_at))
    event.add("status", "CANCELLED" if meetup.cancelled_at else "CONFIRMED")
    _describe(event, meetup, viewer)
    return event


def series_events(series, viewer, include=None):
    """The VEVENTs of a series: the rule, then its overrides; dates not in include become EXDATEs."""
    zone = ZoneInfo(series.zone)
    occurrences = list(Meetup.select().where(Meetup.series == series).order_by(Meetup.original_start))
    states = attendance.states_of(viewer, [occurrence.id for occurrence in occurrences])
    for occurrence in occurrences:
        occurrence.viewer_rsvp = states.get(occurrence.id)
    template = occurrences[0]
    length = to_local(template.ends_at, series.zone) - to_local(template.starts_at, series.zone)
    master = Event()
    master.add("uid", _uid("series", series.id))
    master.add("dtstamp", _utc(utcnow()))
    master.add("dtstart", series.first_start.replace(tzinfo=zone))
    master.add("dtend", (series.first_start + length).replace(tzinfo=zone))
    master.add("rrule", recurrence.ical_rule(series))
    master.add("status", "CONFIRMED")
    _describe(master, template, viewer)
    master_location = location_for(template, viewer)
    overrides, excluded = [], []
    for occurrence in occurrences:
        recurrence_id = to_local(occurrence.original_start, series.zone).replace(tzinfo=zone)
        if occurrence.cancelled_at or (include is not None and occurrence.id not in include):
            excluded.append(recurrence_id)
            continue
        same = (occurrence.starts_at == occurrence.original_start
                and occurrence.ends_at - occurrence.starts_at == template.ends_at - template.starts_at
                and occurrence.title == template.title and occurrence.description == template.description
                and location_for(occurrence, viewer) == master_location)
        if same:
            continue
        override = Event()
        override.add("uid", _uid("series", series.id))
        override.add("dtstamp", _utc(utcnow()))
        override.add("recurrence-id", recurrence_id)
        override.add("dtstart", _utc(occurrence.starts_at))
        override.add("dtend", _utc(occurrence.ends_at))
        override.add("status", "CONFIRMED")
        _describe(override, occurrence, viewer)
        overrides.append(override)
    if excluded:
        master.add("exdate", excluded)
    return [master] + overrides


def calendar_file(meetups, viewer, name, only_these=False):
    """A whole VCALENDAR, as bytes. A repeating meet-up brings its whole series; with only_these, the
    series' other dates are left out through EXDATE (a member's feed holds only what they go to)."""
    cal = Calendar()
    cal.add("prodid", f"-//{current_app.config['SITE_NAME']}//meet-ups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    include = {meetup.id for meetup in meetups} if only_these else None
    series_ids = []
    for meetup in meetups:
        if meetup.series_id is None:
            cal.add_component(event_for(meetup, viewer))
        elif meetup.series_id not in series_ids:
            series_ids.append(meetup.series_id)
    for series in MeetupSeries.select().where(MeetupSeries.id.in_(series_ids)).order_by(MeetupSeries.id):
        for event in series_events(series, viewer, include):
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
