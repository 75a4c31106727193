"""What happens by itself around a meet-up: the reminder, the address opening late, the safety check-in afterwards,
and the check-in a few days into an introduction."""

import datetime
import re

import icalendar
import pytest

from portal import tasks
from portal.calendar import reminders
from portal.checkins.models import SafetyCheck
from portal.db import transaction, utcnow
from portal.introductions import checkins as introduction_checkins
from portal.introductions.models import Introduction
from portal.notifications.models import Notification
from tests.calendar_fixtures import ADDRESS, AREA, LINK, checked
from tests.helpers import kinds_of, page_of, set_fields

HOUR = datetime.timedelta(hours=1)


def soon(cal, hours_ahead, **details):
    start = utcnow() + datetime.timedelta(hours=hours_ahead)
    return cal.meetup(start=start, **details)


def test_the_people_going_are_reminded_once_a_set_time_before(cal):
    meetup = soon(cal, 20, capacity=1)
    cal.going(meetup, cal.alice, cal.bob)  # Bob waits
    later = soon(cal, 30)
    cal.going(later, cal.carol)
    assert reminders.send_reminders() == 1
    assert kinds_of(cal.alice) == ["meetup_reminder"]
    assert kinds_of(cal.bob) == [] and kinds_of(cal.carol) == []
    assert reminders.send_reminders() == 0  # a second run tells nobody again
    assert "Reminder: a meet-up you are going to starts soon" in page_of(cal.browser(cal.alice).get("/notifications"))


def test_the_organiser_chooses_the_time_or_no_reminder(cal):
    early = soon(cal, 40, reminder_hours=48)
    none = soon(cal, 2, reminder_hours=0)
    cal.going(early, cal.alice)
    cal.going(none, cal.bob)
    reminders.send_reminders()
    assert kinds_of(cal.alice) == ["meetup_reminder"] and kinds_of(cal.bob) == []


def test_a_moved_meetup_is_reminded_again_at_its_new_time(cal):
    from portal.calendar import meetups

    meetup = soon(cal, 20)
    cal.going(meetup, cal.alice)
    reminders.send_reminders()
    later = utcnow() + datetime.timedelta(days=3)
    meetups.update_meetup(cal.reload(meetup), cal.organiser, starts_at=later, ends_at=later + 2 * HOUR)
    assert cal.reload(meetup).reminded_at is None


def test_the_reminder_email_is_neutral_and_never_holds_the_address(cal, smtp_server):
    set_fields(cal.alice, email="person-one@mail.test")
    meetup = soon(cal, 5, reveal_hours=6, online_link=LINK)
    cal.going(meetup, cal.alice)
    tasks.meetup_news.call_local()
    assert kinds_of(cal.alice) == ["meetup_address_open"]  # one piece of news, not a reminder as well
    mail, = smtp_server.received
    raw = mail.raw.decode("utf-8", "replace")
    for secret in (ADDRESS, "Secret Street", LINK, meetup.title, AREA):
        assert secret not in raw


# the address revealed late --------------------------------------------------------------------------------------

@pytest.fixture
def held_back(cal):
    """A meet-up in two days whose address opens 6 hours before; Alice is going, with a feed."""
    meetup = soon(cal, 48, reveal_hours=6, online_link=LINK)
    cal.going(meetup, cal.alice)
    return meetup


def feed_of(cal, member):
    page = page_of(cal.browser(member).submit("/account/calendar-feed", {}))
    return re.search(r"(/calendar/feed/[\w-]+\.ics)", page).group(1)


def everything_alice_can_read(cal, meetup):
    alice = cal.browser(cal.alice)
    return {"page": page_of(alice.get(f"/calendar/{meetup.id}")),
            "ics": alice.get(f"/calendar/{meetup.id}.ics").get_data(as_text=True),
            "feed": cal.visitor().get(feed_of(cal, cal.alice)).get_data(as_text=True),
            "list": page_of(alice.get("/calendar"))}


def test_until_it_opens_even_people_going_see_only_the_area(cal, held_back):
    for where, text in everything_alice_can_read(cal, held_back).items():
        assert ADDRESS not in text and LINK not in text, where
    assert AREA in everything_alice_can_read(cal, held_back)["ics"]
    assert "Shown here to the people going from" in everything_alice_can_read(cal, held_back)["page"]
    # the organiser always sees it
    assert ADDRESS in page_of(cal.browser(cal.organiser).get(f"/calendar/{held_back.id}"))


def test_once_it_opens_people_going_see_it_and_are_told(cal, held_back):
    with transaction():
        type(held_back).update(starts_at=utcnow() + 5 * HOUR, ends_at=utcnow() + 7 * HOUR).where(
            type(held_back).id == held_back.id).execute()
    assert reminders.open_addresses() == 1
    assert kinds_of(cal.alice) == ["meetup_address_open"]
    seen = everything_alice_can_read(cal, held_back)
    assert ADDRESS in seen["page"] and LINK in seen["page"]
    for where in ("ics", "feed"):
        location, = [str(event["location"]) for event in icalendar.Calendar.from_ical(seen[where]).walk("VEVENT")]
        assert ADDRESS in location and LINK in location, where
    # someone not going still does not
    assert ADDRESS not in page_of(cal.browser(cal.bob).get(f"/calendar/{held_back.id}"))
    assert reminders.open_addresses() == 0


def test_the_organiser_sets_the_hours_in_the_form(cal):
    from tests.calendar_fixtures import form_data

    response = cal.browser(cal.organiser).submit("/calendar/new", form_data(reveal_hours="3", reminder_hours="12"))
    assert response.status_code == 303
    meetup = type(cal.reload(cal.meetup())).select().order_by(type(cal.meetup()).id).first()
    assert (meetup.reveal_hours, meetup.reminder_hours) == (3, 12)
    bad = cal.browser(cal.organiser).submit("/calendar/new", form_data(reveal_hours="500", title="Kept"))
    assert bad.status_code == 422 and "Between 1 and 168 hours." in page_of(bad)


# safety check-ins ---------------------------------------------------------------------------------------------

@pytest.fixture
def ended(cal):
    meetup = soon(cal, -3, hours=2)
    cal.going(meetup, cal.alice, cal.bob)
    return meetup


def check_of(member):
    return SafetyCheck.get(SafetyCheck.member == member.id)


def test_after_a_meetup_everyone_who_went_is_asked_once(cal, ended):
    assert reminders.ask_after_meetups() == 2
    assert reminders.ask_after_meetups() == 0
    assert kinds_of(cal.alice) == ["safety_check"]
    page = page_of(cal.browser(cal.alice).get(f"/check-in/{check_of(cal.alice).id}"))
    assert "Did everything feel safe?" in page and "I want to talk to someone" in page
    assert kinds_of(cal.carol) == []


def test_i_want_to_talk_reaches_the_moderators_and_nothing_else_is_kept(cal, ended):
    reminders.ask_after_meetups()
    check = check_of(cal.alice)
    response = cal.browser(cal.alice).submit(f"/check-in/{check.id}", {"answer": "talk"})
    assert response.status_code == 303
    for staff in (cal.moderator, cal.admin):
        assert kinds_of(staff) == ["safety_talk_meetup"]
    alert = Notification.get(Notification.kind == "safety_talk_meetup", Notification.member == cal.moderator.id)
    assert alert.actor_id == cal.alice.id and alert.target_type == "member"
    # the question is gone; no answer, no meet-up is stored with the alert
    assert not SafetyCheck.select().where(SafetyCheck.id == check.id).exists()
    assert alert.target_id == cal.alice.id
    page = page_of(cal.browser(cal.moderator).get("/notifications"))
    assert "alice wants to talk to someone after a meet-up" in page
    # a second click alerts nobody again
    assert cal.browser(cal.alice).submit(f"/check-in/{check.id}", {"answer": "talk"}).status_code == 404
    assert Notification.select().where(Notification.kind == "safety_talk_meetup").count() == 2


def test_yes_is_simply_forgotten(cal, ended):
    reminders.ask_after_meetups()
    check = check_of(cal.bob)
    assert cal.browser(cal.bob).submit(f"/check-in/{check.id}", {"answer": "yes"}).status_code == 303
    assert not SafetyCheck.select().where(SafetyCheck.member == cal.bob.id).exists()
    assert kinds_of(cal.moderator) == []


def test_nobody_answers_someone_elses_check_in(cal, ended):
    reminders.ask_after_meetups()
    check = check_of(cal.alice)
    for intruder in (cal.bob, cal.moderator):
        assert cal.browser(intruder).get(f"/check-in/{check.id}").status_code == 404
        assert cal.browser(intruder).submit(f"/check-in/{check.id}", {"answer": "talk"}).status_code == 404
    assert cal.visitor().get(f"/check-in/{check.id}").status_code == 302
    assert SafetyCheck.select().where(SafetyCheck.id == check.id).exists()
    assert kinds_of(cal.moderator) == []


def test_a_check_in_answer_needs_the_csrf_token_and_a_real_choice(cal, ended):
    reminders.ask_after_meetups()
    check = check_of(cal.alice)
    alice = cal.browser(cal.alice)
    assert alice.post(f"/check-in/{check.id}", data={"answer": "talk"}).status_code == 400
    assert alice.submit(f"/check-in/{check.id}", {"answer": "<script>"}).status_code == 400
    assert SafetyCheck.select().where(SafetyCheck.id == check.id).exists()


def test_a_cancelled_meetup_asks_nobody(cal, ended):
    from portal.calendar import meetups

    meetups.cancel_meetup(cal.reload(ended), cal.organiser)
    assert reminders.ask_after_meetups() == 0


def test_a_few_days_into_an_introduction_both_are_asked(people, app):
    introduction = people.introduced()
    assert introduction_checkins.ask_after_introductions() == 0  # too early
    with transaction():
        Introduction.update(answered_at=utcnow() - datetime.timedelta(days=4)).where(
            Introduction.id == introduction.id).execute()
    assert tasks.ask_about_introductions.call_local() == 2
    assert tasks.ask_about_introductions.call_local() == 0
    asked = {check.member_id for check in SafetyCheck.select().where(SafetyCheck.about == "introduction")}
    assert asked == {people.requester.id, people.recipient.id}
    browser = people.browser(people.recipient)
    check = SafetyCheck.get(SafetyCheck.member == people.recipient.id)
    browser.submit(f"/check-in/{check.id}", {"answer": "talk"})
    alert, = Notification.select().where(Notification.kind == "safety_talk_introduction")
    assert alert.member_id == people.moderator.id and alert.actor_id == people.recipient.id


@pytest.mark.parametrize("locale", ["nl", "ar", "fa", "fr", "ru", "tr", "es"])
def test_the_check_in_speaks_the_members_language(cal, ended, locale):
    reminders.ask_after_meetups()
    set_fields(cal.alice, locale=locale)
    page = page_of(cal.browser(cal.alice).get(f"/check-in/{check_of(cal.alice).id}"))
    for english in ("Did everything feel safe?", "I want to talk to someone", "Yes, everything was fine"):
        assert english not in page


def test_a_member_chooses_how_often_email_comes(cal):
    browser = cal.browser(cal.alice)
    settings = {"locale": "en", "timezone": "Europe/Amsterdam", "email": "person-one@example.org"}
    assert browser.submit("/account", dict(settings, email_frequency="daily")).status_code == 303
    assert type(cal.alice).get_by_id(cal.alice.id).email_frequency == "daily"
    assert checked(page_of(browser.get("/account")), "email_frequency") == ["daily"]
    bad = browser.submit("/account", dict(settings, email_frequency="hourly"))
    assert bad.status_code == 422
    assert type(cal.alice).get_by_id(cal.alice.id).email_frequency == "daily"
