"""Fixtures and helpers for the calendar tests: regions, organisers, members, meet-ups and their pages.

conftest.py loads the fixture (`cal`) for every test file; the helpers are imported from here.
Meet-ups made here are written through portal.calendar.meetups (times in UTC, as stored); the
tests that are about the form go through /calendar/new and /calendar/<id>/edit instead.
"""

import datetime
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from portal.calendar import attendance, meetups
from portal.calendar.models import Meetup, Rsvp
from portal.db import transaction
from portal.members.models import Member, Region
from tests.conftest import make_member
from tests.forum_fixtures import hostile_markup, tags_of
from tests.helpers import fresh, sign_in

SITE_ZONE = "Europe/Amsterdam"
FORM_TIME = "%Y-%m-%dT%H:%M"

# the layout's own two scripts, same-site, under their content-hashed URLs
LAYOUT_SCRIPT = re.compile(r'<script src="/static/js/[\w./-]+\.js(?:\?v=[0-9a-f]+)?" defer></script>')

# the two things only confirmed attendees, the organiser and staff may ever see
ADDRESS = "Secret Street 7, ring the blue bell"
LINK = "https://video.example.org/room-secret-42"
AREA = "Groningen centre"


def local_day(days_ahead, hour=19, minute=0):
    """A naive site-zone time on a day some days from today."""
    today = datetime.datetime.now(ZoneInfo(SITE_ZONE)).date()
    return datetime.datetime.combine(today + datetime.timedelta(days=days_ahead), datetime.time(hour, minute))


def utc(local, zone=SITE_ZONE):
    """A naive local time -> naive UTC, as the database stores it."""
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(datetime.UTC).replace(tzinfo=None)


def typed(local):
    """How a datetime-local field sends a time."""
    return local.strftime(FORM_TIME)


def form_data(**overrides):
    """A valid meet-up form, ten days from now at 19:00-21:00 site time; overrides win (None drops a field)."""
    start = local_day(10)
    data = {"title": "Board games evening", "description": "We play *games*.", "starts_at": typed(start),
            "ends_at": typed(start + datetime.timedelta(hours=2)), "region": "0", "public_area": AREA,
            "private_address": ADDRESS, "online_link": "", "capacity": "", "language_list": ["en", "ar"]}
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def add_meetup(organiser, days_ahead=7, hours=2, start=None, **details):
    """A meet-up written straight through meetups.create_meetup (no form, so past times are allowed)."""
    start = start if start is not None else utc(local_day(days_ahead))
    details.setdefault("title", "Picnic in the park")
    details.setdefault("description", "Bring *something* to share.")
    details.setdefault("public_area", AREA)
    details.setdefault("private_address", ADDRESS)
    details.setdefault("language_list", ["en", "nl"])
    return meetups.create_meetup(organiser, starts_at=start, ends_at=start + datetime.timedelta(hours=hours),
                                 **details)


def rsvp_state(meetup, member):
    """"going", "waiting" or None, as the database has it."""
    row = Rsvp.get_or_none(Rsvp.meetup == meetup.id, Rsvp.member == member.id)
    return row.state if row else None


def states(meetup):
    """{handle: state} of everyone signed up."""
    return {row.member.handle: row.state for row in Rsvp.select(Rsvp, Member).join(Member)
            .where(Rsvp.meetup == meetup.id)}


def set_visible(member, visible=True):
    with transaction():
        Member.update(visible_to_attendees=visible).where(Member.id == member.id).execute()


def rsvp_box(html):
    """The #rsvp-box element of a page or fragment."""
    match = re.search(r'<div id="rsvp-box".*?</div>', html, re.S)
    assert match, "no #rsvp-box"
    return match.group(0)


def numbers(html):
    """The going / places left / waiting line of the RSVP box, whitespace squeezed."""
    match = re.search(r'<p class="numbers">(.*?)</p>', html, re.S)
    assert match, "no numbers"
    return " ".join(match.group(1).split())


def error_of(html, field_id):
    """The message shown next to a field, or None."""
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1).strip() if match else None


def input_value(html, name):
    """The value a text-like input shows (None if the input has no value)."""
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    value = re.search(r'\bvalue="([^"]*)"', match.group(0))
    return value.group(1) if value else None


def hostile_on_page(html, fragment=False):
    """What in a page (or htmx fragment) could run script or load something: a list, empty when inert."""
    if fragment:
        return hostile_markup(html)
    return hostile_markup(LAYOUT_SCRIPT.sub("", html), page=True)


def checked(html, name):
    """The values of the ticked checkboxes called name."""
    return sorted(dict(attrs)["value"] for tag, attrs in tags_of(html)
                  if tag == "input" and dict(attrs).get("name") == name and "checked" in dict(attrs))


def selected(html, name):
    """The value of the chosen option of the select called name."""
    match = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {name}"
    chosen = [dict(attrs)["value"] for tag, attrs in tags_of(match.group(1))
              if tag == "option" and "selected" in dict(attrs)]
    return chosen[0] if chosen else None


class Calendar(SimpleNamespace):
    """Two regions, organisers, staff and members; a signed-in browser per member when first asked for."""

    def browser(self, member):
        if member.id not in self._browsers:
            self._browsers[member.id] = sign_in(self.app, member)
        return self._browsers[member.id]

    def visitor(self):
        return self.app.test_client()

    def meetup(self, **details):
        details.setdefault("region", self.groningen)
        return add_meetup(self.organiser, **details)

    def going(self, meetup, *members):
        return [attendance.sign_up(fresh(meetup), member) for member in members]

    def reload(self, meetup):
        return Meetup.get_by_id(meetup.id)


@pytest.fixture
def cal(app):
    """Olga organises; Otto is another organiser; Mo moderates; Ada administers; Alice, Bob, Carol, Dan are members."""
    with transaction():
        groningen = Region.create(name="Groningen", position=1)
        drenthe = Region.create(name="Drenthe", position=2)
    people = {"organiser": make_member("olga", "organiser"), "other_organiser": make_member("otto", "organiser"),
              "moderator": make_member("mo", "moderator"), "admin": make_member("ada", "admin"),
              "alice": make_member("alice"), "bob": make_member("bob"), "carol": make_member("carol"),
              "dan": make_member("dan"), "applicant": make_member("appie", "applicant")}
    return Calendar(app=app, groningen=groningen, drenthe=drenthe, _browsers={}, **people)


def to_site(stored):
    """A stored naive UTC time -> naive site-zone time, as the edit form shows it."""
    return meetups.to_local(stored, SITE_ZONE)


def edit_data(meetup, **changes):
    """The edit form as the page fills it from the meet-up, with some fields changed."""
    meetup = Meetup.get_by_id(meetup.id)
    data = {"title": meetup.title, "description": meetup.description,
            "starts_at": typed(to_site(meetup.starts_at)), "ends_at": typed(to_site(meetup.ends_at)),
            "region": str(meetup.region_id or 0), "public_area": meetup.public_area,
            "private_address": meetup.private_address, "online_link": meetup.online_link,
            "capacity": "" if meetup.capacity is None else str(meetup.capacity),
            "language_list": meetup.languages}
    for flag in ("newcomer_friendly", "public", "public_description"):
        if getattr(meetup, flag):
            data[flag] = "y"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}
