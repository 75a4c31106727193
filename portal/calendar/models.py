"""Meet-ups, who is going, and what organisers tell their attendees."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel, utcnow
from portal.members.models import Member, Region


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
    languages = CharField(max_length=200, default=" ")
    newcomer_friendly = BooleanField(default=False)
    # visitors may see title, date, time, area and languages
    public = BooleanField(default=False)
    public_description = BooleanField(default=False)
    cancelled_at = DateTimeField(null=True)
    # bumped on every change, for calendar apps (RFC 5545 SEQUENCE)
    sequence = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    @property
    def language_codes(self):
        return self.languages.split()

    @property
    def is_past(self):
        return self.ends_at <= utcnow()


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
