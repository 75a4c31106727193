"""Creating, changing and cancelling meet-ups, and telling the people who signed up."""

import datetime
from zoneinfo import ZoneInfo

from portal.calendar import attendance
from portal.calendar.models import Meetup, MeetupMessage, Rsvp
from portal.db import transaction, utcnow
from portal.notifications import notify
from portal.text import render_markdown

# a change to any of these is news for everyone who signed up
ANNOUNCED_FIELDS = ("starts_at", "ends_at", "public_area", "private_address", "online_link", "region_id")


def to_utc(local, zone_name):
    """A naive local time in the given zone -> naive UTC, as stored."""
    aware = local.replace(tzinfo=ZoneInfo(zone_name))
    return aware.astimezone(datetime.UTC).replace(tzinfo=None)


def to_local(utc, zone_name):
    """A stored naive UTC time -> naive local time in the given zone (for form fields)."""
    return utc.replace(tzinfo=datetime.UTC).astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)


def apply_details(meetup, details):
    """Set Meetup fields from a dict (language_list as the languages, description rendered); nothing is saved."""
    details = dict(details)
    languages = details.pop("language_list", None)
    for name, value in details.items():
        setattr(meetup, name, value)
    if languages is not None:
        meetup.languages = languages
    meetup.description_html = render_markdown(meetup.description)


def create_meetup(organiser, **details):
    """A new meet-up; details are the Meetup fields, times in UTC, plus language_list."""
    with transaction():
        meetup = Meetup(organiser=organiser)
        apply_details(meetup, details)
        meetup.save()
    return meetup


def change(meetup, details):
    """Apply new details to a meet-up (not saved); returns whether its time or place changed."""
    before = {name: getattr(meetup, name) for name in ANNOUNCED_FIELDS}
    apply_details(meetup, details)
    meetup.sequence += 1
    meetup.updated_at = utcnow()
    if meetup.starts_at != before["starts_at"]:
        # a new time: the reminder and the address news come again, at the right moment
        meetup.reminded_at = meetup.revealed_at = None
    return any(getattr(meetup, name) != value for name, value in before.items())


def update_meetup(meetup, editor, **details):
    """Change a meet-up; if the time or place changed, everyone signed up hears about it."""
    with transaction():
        changed = change(meetup, details)
        meetup.save()
        if changed:
            _tell_everyone(meetup, "meetup_changed", editor)
        if meetup.cancelled_at is None and not meetup.is_past:
            # more places (or no limit any more): the waiting list moves up
            attendance.promote_waiting(meetup)
    return meetup


def cancel_meetup(meetup, editor):
    with transaction():
        meetup.cancelled_at = utcnow()
        meetup.sequence += 1
        meetup.save()
        _tell_everyone(meetup, "meetup_cancelled", editor)


def message_attendees(meetup, author, text):
    """Send a message to everyone going, as a notification each."""
    with transaction():
        message = MeetupMessage.create(meetup=meetup, author=author, text=text)
        going = Rsvp.select(Rsvp.member).where(Rsvp.meetup == meetup, Rsvp.state == "going")
        for rsvp in going:
            if rsvp.member_id != author.id:
                notify.send(rsvp.member_id, "meetup_message", actor=author.id, target_type="meetup_message",
                            target_id=message.id)
    return message


def _tell_everyone(meetup, kind, editor):
    for rsvp in Rsvp.select(Rsvp.member).where(Rsvp.meetup == meetup):
        if rsvp.member_id != editor.id:
            notify.send(rsvp.member_id, kind, actor=editor.id, target_type="meetup", target_id=meetup.id)
