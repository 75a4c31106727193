"""Demo meet-ups over the next two months, in two regions."""

import datetime

from portal.calendar import attendance, meetups, recurrence
from portal.calendar.models import Meetup
from portal.db import utcnow

ZONE = "Europe/Amsterdam"


def _next_weekday(weekday, hour, weeks_ahead=0):
    """A local time on the coming weekday (0 = Monday), some weeks ahead."""
    today = utcnow().date()
    days = (weekday - today.weekday()) % 7 or 7
    day = today + datetime.timedelta(days=days + 7 * weeks_ahead)
    return datetime.datetime.combine(day, datetime.time(hour))


def _add(organiser, title, start, hours, **details):
    details.setdefault("description", "")
    return meetups.create_meetup(
        organiser, title=title, starts_at=meetups.to_utc(start, ZONE),
        ends_at=meetups.to_utc(start + datetime.timedelta(hours=hours), ZONE), **details)


def populate(members, regions):
    """Add the demo meet-ups once; members is {handle: Member}, regions is {name: Region}."""
    if Meetup.select().exists():
        return
    organiser = members["demo-organiser"]
    groningen, drenthe = regions["Groningen"], regions["Drenthe"]
    first = _next_weekday(2, 15)
    # one repeating meet-up: eight Wednesdays, the address shown to the people going 24 hours before
    recurrence.create_series(
        organiser, "weekly", first.date() + datetime.timedelta(weeks=7), ZONE, title="Weekly drop-in",
        starts_at=meetups.to_utc(first, ZONE), ends_at=meetups.to_utc(first + datetime.timedelta(hours=2), ZONE),
        region=groningen, public_area="Groningen centre", reveal_hours=24,
        private_address="Community room, Example Street 12 (ring twice)", language_list=["en", "nl", "ar", "fa"],
        newcomer_friendly=True, public=True, description="Coffee, tea and people to talk to. Come and go as you like.")
    _add(organiser, "Welcome evening for new members", _next_weekday(4, 19, 1), 2.5, region=groningen,
         public_area="Groningen centre", private_address="Example Street 12, back entrance", capacity=20,
         language_list=["en", "ar", "fa"], newcomer_friendly=True,
         description="Meet the volunteers and each other. Dinner is provided.")
    _add(organiser, "Buddy training", _next_weekday(5, 10, 2), 4, region=drenthe, public_area="Assen",
         private_address="Library meeting room 2, Example Square 3, Assen", capacity=12, language_list=["nl", "en"],
         description="For volunteers who want to become a buddy: listening, boundaries, where to refer people.")
    qa = _add(organiser, "Online Q&A: your asylum interview", _next_weekday(1, 19, 3), 1.5,
              online_link="https://video.example.org/harbour-qa", capacity=3, language_list=["en", "ar"],
              description="A lawyer answers questions about the second interview. Camera off is fine.")
    cooking = _add(organiser, "Cooking together", _next_weekday(6, 17, 4), 3, region=drenthe,
                   public_area="Assen", private_address="Example Lane 8, Assen", capacity=2,
                   language_list=["en", "ar", "tr"], newcomer_friendly=True,
                   description="We cook dishes from three countries and eat together.")
    for handle in ("demo-member", "demo-buddy"):
        attendance.sign_up(qa, members[handle])
    for handle in ("demo-member", "demo-buddy", "demo-newcomer"):
        attendance.sign_up(cooking, members[handle])
