"""Which meet-ups a person sees, and when: the list, the month grid, past meet-ups."""

import calendar as month_calendar
import datetime
from itertools import groupby

from flask import current_app
from peewee import JOIN

from portal import formats, policy
from portal.calendar import attendance
from portal.calendar.meetups import to_local, to_utc
from portal.calendar.models import Meetup
from portal.db import utcnow
from portal.members.models import Region


def visible_meetups(user):
    """Meet-ups with their region: all for members, the public ones for everyone else."""
    query = Meetup.select(Meetup, Region).join(Region, JOIN.LEFT_OUTER)
    if not policy.is_member(user):
        query = query.where(Meetup.public == True)  # noqa: E712
    return query


def annotate(user, meetups):
    """Attach going/waiting counts and the viewer's own state: two queries for the whole list."""
    ids = [meetup.id for meetup in meetups]
    counts = attendance.counts(ids)
    states = attendance.states_of(user, ids)
    for meetup in meetups:
        meetup.going = counts[meetup.id]["going"]
        meetup.waiting = counts[meetup.id]["waiting"]
        meetup.viewer_rsvp = states.get(meetup.id)
        meetup.places_left = None if meetup.capacity is None else max(0, meetup.capacity - meetup.going)
    return meetups


def upcoming(user, region_id=None, limit=200):
    """Meet-ups that have not ended, soonest first."""
    query = visible_meetups(user).where(Meetup.ends_at > utcnow()).order_by(Meetup.starts_at, Meetup.id)
    if region_id:
        query = query.where(Meetup.region == region_id)
    return annotate(user, list(query.limit(limit)))


def past(user, region_id=None, limit=50):
    query = visible_meetups(user).where(Meetup.ends_at <= utcnow()).order_by(Meetup.starts_at.desc())
    if region_id:
        query = query.where(Meetup.region == region_id)
    return annotate(user, list(query.limit(limit)))


def by_local_day(meetups, zone_name):
    """[(date, [meetups])] grouped by the day they start in the reader's time zone."""
    def day(meetup):
        return to_local(meetup.starts_at, zone_name).date()
    return [(date, list(group)) for date, group in groupby(meetups, key=day)]


def parse_month(text):
    """"2026-12" -> (2026, 12); anything else -> None."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        return None
    # a calendar of meet-ups has no business far from today (and years 1 and 9999 overflow)
    return (year, month) if 2000 <= year <= 2200 else None


def month_grid(user, year, month, zone_name, region_id=None):
    """Weeks of the month, starting on the reader's first day of the week, as lists of (date or None, [meetups])."""
    first = datetime.datetime(year, month, 1)
    next_first = datetime.datetime(year + (month == 12), month % 12 + 1, 1)
    query = (visible_meetups(user)
             .where(Meetup.starts_at >= to_utc(first, zone_name), Meetup.starts_at < to_utc(next_first, zone_name))
             .order_by(Meetup.starts_at, Meetup.id))
    if region_id:
        query = query.where(Meetup.region == region_id)
    meetups = annotate(user, list(query))
    per_day = dict(by_local_day(meetups, zone_name))
    weeks, week_start = [], formats.first_weekday()
    for week in month_calendar.Calendar(firstweekday=week_start).monthdatescalendar(year, month):
        weeks.append([(day, per_day.get(day, [])) if day.month == month else (None, []) for day in week])
    previous = (year - (month == 1), (month - 2) % 12 + 1)
    following = (year + (month == 12), month % 12 + 1)
    return {"weeks": weeks, "weekdays": formats.weekday_names(week_start),
            "year": year, "month": month, "first": first.date(),
            "previous": "%04d-%02d" % previous, "next": "%04d-%02d" % following}


def other_dates(user, meetup, limit=8):
    """The coming dates of the same repeating meet-up that the user may see, besides this one."""
    if meetup.series_id is None:
        return []
    return list(visible_meetups(user).where(Meetup.series == meetup.series_id, Meetup.id != meetup.id,
                                            Meetup.ends_at > utcnow()).order_by(Meetup.starts_at).limit(limit))


def site_zone():
    return current_app.config["DEFAULT_TIMEZONE"]
