"""What a notification about a meet-up or an organiser's message shows."""

from flask import url_for

from portal.calendar.models import Meetup, MeetupMessage
from portal.notifications import notify


@notify.describes("meetup")
def describe_meetups(ids):
    return {meetup.id: {"title": meetup.title, "url": url_for("calendar.detail", meetup_id=meetup.id)}
            for meetup in Meetup.select(Meetup.id, Meetup.title).where(Meetup.id.in_(ids))}


@notify.describes("meetup_message")
def describe_meetup_messages(ids):
    return {message.id: {"title": message.meetup.title, "message": message.text,
                         "url": url_for("calendar.detail", meetup_id=message.meetup_id)}
            for message in MeetupMessage.select(MeetupMessage, Meetup).join(Meetup)
            .where(MeetupMessage.id.in_(ids))}
