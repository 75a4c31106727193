"""The neutral notification e-mail, against a local SMTP server started by the test.

A member who gave an address gets one e-mail per notification saying only that there is something
new: no pseudonym, no message text, no thread or meet-up title, no link. Without an address, or
without SMTP, nothing is sent; a failed transaction sends nothing; a mail server that is down
breaks nothing.
"""

import datetime
import re

import pytest

from portal.calendar import attendance, meetups
from portal.db import transaction, utcnow
from portal.forum import posting
from portal.forum.models import Category, CategoryText
from portal.introductions import flow
from portal.introductions.models import Introduction
from portal.notifications import notify
from portal.notifications.models import Notification
from tests.conftest import make_member
from tests.helpers import fresh, notifications_of, page_of, set_fields
from tests.introduction_fixtures import age, state_of

ADDRESSES = {"amira": "person-one@mail.test", "bashir": "person-two@mail.test", "bo": "person-three@mail.test"}
FIRST_MESSAGE = "Hello from the drop-in, shall we cook together on Friday?"
SECRET_MESSAGE = "My room is at the Ter Apel centre, block C"
THREAD_TITLE = "Finding a lawyer who understands"
MEETUP_TITLE = "Rainbow cooking evening"
MEETUP_MESSAGE = "Bring a dish from home"


@pytest.fixture
def with_email(people):
    """Amira, Bashir and Bo gave an e-mail address; Carla did not."""
    for member in (people.requester, people.recipient, people.buddy):
        set_fields(member, email=ADDRESSES[member.handle])
    people.requester, people.recipient, people.buddy = (fresh(people.requester), fresh(people.recipient),
                                                        fresh(people.buddy))
    return people


def mails_to(server, address):
    return [mail for mail in server.received if mail.recipients == [address]]


def words_of(mail):
    """Everything a reader (or someone looking over their shoulder) could read: subject, body, headers."""
    message = mail.message
    return "\n".join([str(message["Subject"]), message.get_body(("plain",)).get_content(),
                      mail.raw.decode("ascii", "replace")])


def assert_neutral(mail, forbidden):
    words = words_of(mail)
    assert str(mail.message["Subject"]) == "There is something new for you on Harbour"
    assert "There is something new for you. Sign in to see it." in words
    for text in forbidden:
        # whole words: the pseudonym "bo" may not appear, the "bo" inside "Harbour" may
        assert not re.search(rf"(?<!\w){re.escape(text)}(?!\w)", words, re.I), text
    for link_text in ("http", "www.", "/introductions", "/forum", "/calendar", "/notifications", "href"):
        assert link_text not in words, link_text


def pseudonyms(people):
    return [people.requester.handle, people.recipient.handle, people.third.handle, people.moderator.handle,
            people.buddy.handle]


# one neutral e-mail per notification ---------------------------------------------------------------

def test_every_step_of_an_introduction_mails_only_the_person_told(with_email, smtp_server):
    people = with_email
    recipient = people.browser(people.recipient)
    requester = people.browser(people.requester)
    people.ask(first_message=FIRST_MESSAGE, signal="amira.77")
    introduction = Introduction.get()
    assert smtp_server.received == []  # a request waits for the moderators: nobody is told yet
    people.moderate(introduction, "approve", note="Both cook")
    recipient.submit(f"/introductions/{introduction.id}/accept", {"phone": "+31 6 5555 0000"})
    requester.submit(f"/introductions/{introduction.id}/messages", {"body": SECRET_MESSAGE})
    recipient.submit(f"/introductions/{introduction.id}/messages", {"body": "See you Friday"})
    recipient.submit(f"/introductions/{introduction.id}/end", {})
    # one mail per notification, to the member notified and nobody else
    for member in (people.requester, people.recipient):
        assert len(mails_to(smtp_server, member.email)) == len(notifications_of(member)) > 0
    assert len(smtp_server.received) == Notification.select().count() == 5
    forbidden = pseudonyms(people) + [FIRST_MESSAGE, SECRET_MESSAGE, "See you Friday", "amira.77",
                                      "+31 6 5555 0000", "Both cook", "introduction", "buddy"]
    for mail in smtp_server.received:
        assert_neutral(mail, forbidden)


def test_the_mail_comes_from_the_configured_sender_to_the_members_address(with_email, smtp_server):
    people = with_email
    flow.approve(people.requested(), people.moderator)
    mail, = smtp_server.received
    assert mail.recipients == ["person-two@mail.test"]
    assert mail.message["To"] == "person-two@mail.test"
    assert mail.message["From"] == "portal@test.invalid"


@pytest.mark.parametrize("event", ["buddy_match", "intro_not_possible", "expired", "intro_ended"])
def test_each_kind_of_introduction_news_is_mailed_neutrally(with_email, smtp_server, event):
    people = with_email
    if event == "buddy_match":
        flow.match_buddy(people.buddy_request(), people.moderator, people.buddy)
        told = people.buddy
    elif event == "intro_not_possible":
        declined = flow.decline(people.approved(), people.recipient, block=True)
        # told when the request reaches its end, like an expiry
        age(declined, 31)
        flow.expire_stale()
        told = people.requester
    elif event == "expired":
        age(people.requested(), 31)
        flow.expire_stale()
        told, event = people.requester, "intro_not_possible"
    else:
        flow.end(people.introduced(), people.requester)
        told = people.recipient
    notified = notifications_of(told, event)
    assert len(notified) == 1
    mine = mails_to(smtp_server, told.email)
    assert len(mine) == len(notifications_of(told))
    for mail in mine:
        assert_neutral(mail, pseudonyms(people))


def test_a_member_without_an_address_gets_no_mail(with_email, smtp_server):
    people = with_email
    # Carla gave no address: she asks Bashir, he says yes, she hears about it only in the portal
    introduction = flow.approve(people.requested(requester=people.third), people.moderator)
    flow.accept(introduction, people.recipient, {})
    flow.send_message(fresh(introduction), people.recipient, "Hello Carla")
    assert [n.kind for n in notifications_of(people.third)] == ["intro_accepted", "intro_message"]
    assert all(mail.recipients == [people.recipient.email] for mail in smtp_server.received)
    assert len(smtp_server.received) == 1  # Bashir's intro_received


def test_no_mail_at_all_without_smtp_configured(with_email, smtp_server, app):
    people = with_email
    app.config["SMTP_HOST"] = ""
    flow.accept(people.approved(), people.recipient, {})
    assert Notification.select().count() == 2
    assert smtp_server.received == []


def test_forum_and_meetup_news_is_just_as_neutral(with_email, smtp_server, app):
    people = with_email
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0  # about mail, not about the review of first posts
    category = Category.create(slug="legal", position=1)
    CategoryText.create(category=category, locale="en", name="Legal help", description="")
    thread = posting.create_thread(category, people.requester, THREAD_TITLE, "Who knows a good lawyer?")
    posting.add_reply(thread, people.recipient, "Try the Refugee Council, ask for Jan @amira")
    organiser = make_member("olga", "organiser")
    start = utcnow() + datetime.timedelta(days=3)
    meetup = meetups.create_meetup(organiser, title=MEETUP_TITLE, starts_at=start,
                                   ends_at=start + datetime.timedelta(hours=2), public_area="Groningen centre",
                                   private_address="Vismarkt 1", language_list=["en"])
    attendance.sign_up(meetup, people.requester)
    meetups.message_attendees(meetup, organiser, MEETUP_MESSAGE)
    meetups.cancel_meetup(meetup, organiser)
    mine = mails_to(smtp_server, people.requester.email)
    assert len(mine) == len(notifications_of(people.requester)) >= 3
    forbidden = pseudonyms(people) + ["olga", THREAD_TITLE, "Refugee Council", "lawyer", MEETUP_TITLE,
                                      MEETUP_MESSAGE, "Vismarkt", "Groningen", "Legal help"]
    for mail in mine:
        assert_neutral(mail, forbidden)


def test_an_approved_application_is_mailed_neutrally(people, smtp_server):
    from portal.auth.models import Application

    applicant = set_fields(people.applicant, email="new-person@mail.test")
    application = Application.get(Application.member == applicant.id)
    people.browser(people.moderator).submit(f"/moderation/applications/{application.id}", {"decision": "approve"})
    mail, = smtp_server.received
    assert mail.recipients == ["new-person@mail.test"]
    assert_neutral(mail, pseudonyms(people) + ["nour", "approved", "member"])


# transactions and failures ---------------------------------------------------------------------------------

def test_nothing_is_mailed_when_the_transaction_rolls_back(with_email, smtp_server, monkeypatch):
    people = with_email
    introduction = people.requested()
    real_send = notify.send

    def send_then_fail(*args, **kwargs):
        real_send(*args, **kwargs)
        raise RuntimeError("the database went away after the notification was written")

    monkeypatch.setattr(notify, "send", send_then_fail)
    with pytest.raises(RuntimeError):
        flow.approve(introduction, people.moderator)
    # neither the step, nor the notification, nor the e-mail happened
    assert state_of(introduction) == "requested"
    assert Notification.select().count() == 0
    assert smtp_server.received == []


def test_a_rolled_back_notification_is_not_mailed(with_email, smtp_server):
    people = with_email
    with pytest.raises(ZeroDivisionError):
        with transaction():
            notify.send(people.recipient.id, "intro_received", actor=people.requester.id)
            raise ZeroDivisionError
    assert Notification.select().count() == 0
    assert smtp_server.received == []
    # the next committed one is mailed as usual
    with transaction():
        notify.send(people.recipient.id, "intro_received", actor=people.requester.id)
    assert len(smtp_server.received) == 1


def test_an_unreachable_mail_server_does_not_stop_the_step(with_email, app, closed_port):
    people = with_email
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port)
    introduction = people.requested()
    response = people.moderate(introduction, "approve")
    assert response.status_code == 303
    assert state_of(introduction) == "approved"
    assert [n.kind for n in notifications_of(people.recipient)] == ["intro_received"]
    # and the recipient can go on to answer
    response = people.browser(people.recipient).submit(f"/introductions/{introduction.id}/accept", {})
    assert response.status_code == 303 and state_of(introduction) == "introduced"
    assert "amira would like to be introduced to you." in page_of(people.browser(people.recipient).get(
        "/notifications"))
