"""Meet-ups as RFC 5545 calendar files, built with the icalendar library."""

import datetime

from flask import current_app
from icalendar import Calendar, Event

from portal import policy
from portal.db import utcnow
from portal.urls import external_url


def _utc(naive):
    return naive.replace(tzinfo=datetime.UTC)


def event_for(meetup, viewer):
    """One VEVENT; the private location only when the viewer may see it."""
    event = Event()
    event.add("uid", f"meetup-{meetup.id}@{current_app.config['SITE_NAME'].lower().replace(' ', '-')}")
    event.add("dtstamp", _utc(utcnow()))
    event.add("dtstart", _utc(meetup.starts_at))
    event.add("dtend", _utc(meetup.ends_at))
    event.add("summary", meetup.title)
    event.add("sequence", meetup.sequence)
    event.add("status", "CANCELLED" if meetup.cancelled_at else "CONFIRMED")
    event.add("url", external_url("calendar.detail", meetup_id=meetup.id))
    if meetup.description:
        event.add("description", meetup.description)
    location = meetup.public_area
    if policy.can(viewer, "see_location", meetup):
        location = ", ".join(part for part in (meetup.private_address, meetup.online_link, meetup.public_area) if part)
    if location:
        event.add("location", location)
    return event


def calendar_file(meetups, viewer, name):
    """A whole VCALENDAR with one event per meet-up, as bytes."""
    cal = Calendar()
    cal.add("prodid", f"-//{current_app.config['SITE_NAME']}//meet-ups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meetup in meetups:
        cal.add_component(event_for(meetup, viewer))
    return cal.to_ical()
