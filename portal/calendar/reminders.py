"""What the calendar does by itself: reminders, the address opening late, the check-in afterwards.

The periodic jobs call these every few minutes. Each meet-up is claimed with one conditional
UPDATE before anyone is told, so two consumers (or a rerun) never send the same news twice.
"""

import datetime

from portal.calendar.models import Meetup, Rsvp
from portal.checkins import flow as checkins
from portal.db import transaction, utcnow
from portal.notifications import notify

# the longest a reminder or an address reveal may come before the start (the form allows no more)
MAX_HOURS_BEFORE = 168
# meet-ups that ended longer ago than this are not asked about any more (say, after a long outage)
CHECKIN_WITHIN = datetime.timedelta(days=2)


def _going(meetup_id):
    return [rsvp.member_id for rsvp in Rsvp.select(Rsvp.member).where(Rsvp.meetup == meetup_id,
                                                                       Rsvp.state == "going")]


def _claim(meetup, column, now):
    """Set column to now if nobody has; True for the one caller that did."""
    field = getattr(Meetup, column)
    return Meetup.update({field: now}).where(Meetup.id == meetup.id, field.is_null()).execute() == 1


def _soon(now):
    return (Meetup.select().where(Meetup.cancelled_at.is_null(), Meetup.starts_at > now,
                                  Meetup.starts_at <= now + datetime.timedelta(hours=MAX_HOURS_BEFORE)))


def open_addresses(now=None):
    """Tell the people going that the exact address is shown now; counts as their reminder too."""
    now = now or utcnow()
    told = 0
    for meetup in _soon(now).where(Meetup.reveal_hours.is_null(False), Meetup.revealed_at.is_null()):
        if meetup.reveal_at > now or not (meetup.private_address or meetup.online_link):
            continue
        with transaction():
            if not _claim(meetup, "revealed_at", now):
                continue
            if meetup.reminder_hours and meetup.starts_at - datetime.timedelta(hours=meetup.reminder_hours) <= now:
                # one piece of news, not two, when both fall due together
                _claim(meetup, "reminded_at", now)
            for member_id in _going(meetup.id):
                notify.send(member_id, "meetup_address_open", target_type="meetup", target_id=meetup.id)
                told += 1
    return told


def send_reminders(now=None):
    """The in-app reminder (and the neutral e-mail, if chosen) a set time before each meet-up."""
    now = now or utcnow()
    told = 0
    for meetup in _soon(now).where(Meetup.reminder_hours > 0, Meetup.reminded_at.is_null()):
        if meetup.starts_at - datetime.timedelta(hours=meetup.reminder_hours) > now:
            continue
        with transaction():
            if not _claim(meetup, "reminded_at", now):
                continue
            for member_id in _going(meetup.id):
                notify.send(member_id, "meetup_reminder", target_type="meetup", target_id=meetup.id)
                told += 1
    return told


def ask_after_meetups(now=None):
    """Once a meet-up has ended, ask everyone who went whether everything felt safe."""
    now = now or utcnow()
    asked = 0
    ended = Meetup.select().where(Meetup.cancelled_at.is_null(), Meetup.checked_in_at.is_null(),
                                  Meetup.ends_at <= now, Meetup.ends_at > now - CHECKIN_WITHIN)
    for meetup in ended:
        with transaction():
            if _claim(meetup, "checked_in_at", now):
                asked += checkins.ask(_going(meetup.id), "meetup", meetup.id)
    return asked
