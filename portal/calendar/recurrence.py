"""Repeating meet-ups: a dateutil rule, expanded in the meet-up's zone, one Meetup row per occurrence.

Each occurrence is an ordinary meet-up with its own sign-ups, capacity and waiting list. The rule
is expanded on local wall-clock time and only then turned into UTC, so a weekly 19:00 stays 19:00
across the change to summer time.
"""

import datetime

from dateutil import rrule

from portal.calendar import attendance, meetups
from portal.calendar.models import Meetup, MeetupSeries, Rsvp
from portal.db import transaction, utcnow
from portal.notifications import notify

# a meet-up repeats for a year at most: enough to plan, and a bounded number of rows
MAX_DAYS = 366
WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def nth_weekday(day):
    """Which weekday of its month a date is: 1 to 4, or -1 for a fifth (that is, the last) one."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def _last_moment(series):
    return datetime.datetime.combine(series.until, datetime.time(23, 59, 59))


def rule(series):
    """The dateutil rule of a series, over naive local times in the series' zone."""
    start, until = series.first_start, _last_moment(series)
    if series.frequency in ("weekly", "biweekly"):
        return rrule.rrule(rrule.WEEKLY, interval=2 if series.frequency == "biweekly" else 1, dtstart=start,
                           until=until)
    if series.frequency == "monthly_weekday":
        weekday = WEEKDAYS[start.weekday()](nth_weekday(start))
        return rrule.rrule(rrule.MONTHLY, byweekday=weekday, dtstart=start, until=until)
    return rrule.rrule(rrule.MONTHLY, bymonthday=start.day, dtstart=start, until=until)


def local_starts(series):
    return list(rule(series))


def ical_rule(series):
    """The same rule as an RFC 5545 RRULE (UNTIL in UTC, as a DTSTART with TZID requires)."""
    start = series.first_start
    until = meetups.to_utc(_last_moment(series), series.zone).replace(tzinfo=datetime.UTC)
    recur = {"freq": "weekly" if series.frequency in ("weekly", "biweekly") else "monthly", "until": until}
    if series.frequency == "biweekly":
        recur["interval"] = 2
    elif series.frequency == "monthly_weekday":
        recur["byday"] = f"{nth_weekday(start)}{ICAL_DAYS[start.weekday()]}"
    elif series.frequency == "monthly_date":
        recur["bymonthday"] = start.day
    return recur


def check_until(start_local, until):
    """None if the end of a repetition is acceptable, else the reason (a key for the form)."""
    if until is None:
        return "missing"
    if until < start_local.date():
        return "before_start"
    if until > start_local.date() + datetime.timedelta(days=MAX_DAYS):
        return "too_far"
    return None


def _occurrence_times(local_start, local_length, zone):
    start = meetups.to_utc(local_start, zone)
    return start, meetups.to_utc(local_start + local_length, zone)


def create_series(organiser, frequency, until, zone, **details):
    """A repeating meet-up: the series and every occurrence up to until; returns the first occurrence."""
    local_start = meetups.to_local(details.pop("starts_at"), zone)
    local_length = meetups.to_local(details.pop("ends_at"), zone) - local_start
    with transaction():
        series = MeetupSeries.create(organiser=organiser, frequency=frequency, zone=zone,
                                     first_start=local_start, until=until)
        created = []
        for local in local_starts(series):
            starts_at, ends_at = _occurrence_times(local, local_length, zone)
            occurrence = Meetup(organiser=organiser, series=series, original_start=starts_at,
                                starts_at=starts_at, ends_at=ends_at)
            meetups.apply_details(occurrence, details)
            occurrence.save()
            created.append(occurrence)
    return created[0]


def update_following(meetup, editor, frequency, until, **details):
    """Change this occurrence and all that follow; the series is split here, so the rule stays true.

    The k-th following occurrence becomes the k-th date of the new rule and keeps its sign-ups;
    occurrences the new rule no longer has are cancelled (people going are told), new dates are added.
    """
    zone = meetup.series.zone
    local_start = meetups.to_local(details.pop("starts_at"), zone)
    local_length = meetups.to_local(details.pop("ends_at"), zone) - local_start
    with transaction():
        series = MeetupSeries.get_by_id(meetup.series_id)
        following = list(Meetup.select().where(Meetup.series == series, Meetup.original_start >= meetup.original_start)
                         .order_by(Meetup.original_start))
        earlier = Meetup.select().where(Meetup.series == series, Meetup.original_start < meetup.original_start)
        if earlier.exists():
            series.until = meetups.to_local(meetup.original_start, zone).date() - datetime.timedelta(days=1)
            series.save()
            series = MeetupSeries.create(organiser=series.organiser, frequency=frequency, zone=zone,
                                         first_start=local_start, until=until)
        else:
            series.frequency, series.first_start, series.until = frequency, local_start, until
            series.save()
        told = {}
        dates = local_starts(series)
        for index, local in enumerate(dates):
            starts_at, ends_at = _occurrence_times(local, local_length, zone)
            if index >= len(following):
                occurrence = Meetup(organiser=meetup.organiser_id, series=series, original_start=starts_at,
                                    starts_at=starts_at, ends_at=ends_at)
                meetups.apply_details(occurrence, details)
                occurrence.save()
                continue
            occurrence = following[index]
            changed = meetups.change(occurrence, dict(details, starts_at=starts_at, ends_at=ends_at))
            occurrence.series, occurrence.original_start = series, starts_at
            occurrence.save()
            if changed and occurrence.cancelled_at is None:
                for rsvp in Rsvp.select(Rsvp.member).where(Rsvp.meetup == occurrence):
                    told.setdefault(rsvp.member_id, occurrence.id)
            if occurrence.cancelled_at is None and not occurrence.is_past:
                attendance.promote_waiting(occurrence)
        for extra in following[len(dates):]:
            # the new rule has no place for it: cancelled, and no longer part of the series
            extra.series = None
            if extra.cancelled_at is None:
                extra.cancelled_at = utcnow()
                extra.sequence += 1
                for rsvp in Rsvp.select(Rsvp.member).where(Rsvp.meetup == extra):
                    notify.send(rsvp.member_id, "meetup_cancelled", actor=editor.id, target_type="meetup",
                                target_id=extra.id)
            extra.save()
        # one notification per person, however many of their dates changed
        for member_id, occurrence_id in told.items():
            if member_id != editor.id:
                notify.send(member_id, "meetup_changed", actor=editor.id, target_type="meetup",
                            target_id=occurrence_id)
    return Meetup.get_by_id(meetup.id)
