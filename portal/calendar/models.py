"""Meet-ups, who is going, and what organisers tell their attendees."""

import datetime

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel, LanguagesField, utcnow
from portal.members.models import Member, Region


class MeetupSeries(BaseModel):
    """The rule of a repeating meet-up; each occurrence is a Meetup row of its own."""

    FREQUENCIES = ("weekly", "biweekly", "monthly_weekday", "monthly_date")

    organiser = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    frequency = CharField(max_length=20)
    # the rule is expanded in this zone, so 19:00 stays 19:00 across a change to summer time
    zone = CharField(max_length=64)
    first_start = DateTimeField()  # local wall-clock time in zone, not UTC: the rule's DTSTART
    until = DateField()  # the last local day an occurrence may fall on
    created_at = DateTimeField(default=utcnow)


class Meetup(BaseModel):
    organiser = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="meetups")
    title = CharField(max_length=120)
    description = TextField(default="")
    description_html = TextField(default="")
    # UTC, without tzinfo, like every time in the database
    starts_at = DateTimeField(index=True)
    ends_at = DateTimeField()
    region = ForeignKeyField(Region, null=True, on_delete="SET NULL")
    public_area = CharField(max_length=120, default="")
    # only confirmed attendees, the organiser and staff ever see these two
    private_address = CharField(max_length=300, default="")
    online_link = CharField(max_length=500, default="")
    capacity = IntegerField(null=True)
    languages = LanguagesField()
    newcomer_friendly = BooleanField(default=False)
    # visitors may see title, date, time, area and languages
    public = BooleanField(default=False)
    public_description = BooleanField(default=False)
    cancelled_at = DateTimeField(null=True)
    # bumped on every change, for calendar apps (RFC 5545 SEQUENCE)
    sequence = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    # an occurrence of a repeating meet-up: its series, and the start the rule gave it (RECURRENCE-ID)
    series = ForeignKeyField(MeetupSeries, null=True, on_delete="SET NULL", backref="occurrences")
    original_start = DateTimeField(null=True)
    # an in-app reminder (and the neutral e-mail) this many hours before; 0 for none
    reminder_hours = IntegerField(default=24)
    # the exact address is shown only this many hours before the start (None: as soon as one is going)
    reveal_hours = IntegerField(null=True)
    reminded_at = DateTimeField(null=True)
    revealed_at = DateTimeField(null=True)
    checked_in_at = DateTimeField(null=True)

    @property
    def is_past(self):
        return self.ends_at <= utcnow()

    @property
    def reveal_at(self):
        """When the exact address opens to the people going (None: it is never held back)."""
        if self.reveal_hours is None:
            return None
        return self.starts_at - datetime.timedelta(hours=self.reveal_hours)

    @property
    def address_held_back(self):
        return self.reveal_at is not None and utcnow() < self.reveal_at


class Rsvp(BaseModel):
    STATES = ("going", "waiting")

    meetup = ForeignKeyField(Meetup, backref="rsvps", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="rsvps", on_delete="CASCADE")
    state = CharField(max_length=10, default="going")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("meetup", "member"), True),)


class MeetupMessage(BaseModel):
    """An organiser's message to everyone going, delivered as a notification."""

    meetup = ForeignKeyField(Meetup, backref="messages", on_delete="CASCADE")
    author = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    text = TextField()
    created_at = DateTimeField(default=utcnow)
