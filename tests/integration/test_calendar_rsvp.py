"""Signing up: going, the waiting list, moving up, numbers in place via htmx, refusals, the last place."""

import pytest

from portal.calendar import attendance
from portal.calendar.models import Meetup, Rsvp
from portal.db import transaction, utcnow
from portal.notifications.models import Notification
from tests.calendar_fixtures import ADDRESS, numbers, rsvp_box, rsvp_state, states
from tests.conftest import make_member
from tests.helpers import HTMX, at_once, kinds_of, notifications_of, page_of, suspend


def rsvp(cal, member, meetup, going="yes", htmx=False):
    return cal.browser(member).submit(f"/calendar/{meetup.id}/rsvp", {"going": going},
                                      headers=HTMX if htmx else {})


def detail(cal, member, meetup):
    return page_of(cal.browser(member).get(f"/calendar/{meetup.id}"))


# going and the waiting list ---------------------------------------------------------------------

def test_a_member_goes_when_there_are_places_left_and_then_sees_the_address(cal):
    meetup = cal.meetup(capacity=3)
    assert ADDRESS not in detail(cal, cal.alice, meetup)
    assert "I'm going" in detail(cal, cal.alice, meetup)
    response = rsvp(cal, cal.alice, meetup)
    assert response.status_code == 303 and response.headers["Location"] == f"/calendar/{meetup.id}"
    assert rsvp_state(meetup, cal.alice) == "going"
    page = detail(cal, cal.alice, meetup)
    assert "You are going. The address is on this page now." in page
    assert ADDRESS in page and "You are going." in page and "I can't come anymore" in page
    assert numbers(page) == "1 going · 2 places left"


def test_without_a_capacity_everyone_is_going(cal):
    meetup = cal.meetup(capacity=None)
    for member in (cal.alice, cal.bob, cal.carol):
        rsvp(cal, member, meetup)
    assert set(states(meetup).values()) == {"going"}
    assert numbers(detail(cal, cal.dan, meetup)) == "3 going"


def test_when_full_members_join_the_waiting_list_and_do_not_see_the_address(cal):
    meetup = cal.meetup(capacity=1)
    rsvp(cal, cal.alice, meetup)
    page = detail(cal, cal.bob, meetup)
    assert "Join the waiting list" in page and "I'm going" not in page
    assert numbers(page) == "1 going · 0 places left"
    rsvp(cal, cal.bob, meetup)
    assert rsvp_state(meetup, cal.bob) == "waiting"
    page = detail(cal, cal.bob, meetup)
    assert "The meet-up is full. You are on the waiting list" in page
    assert "You are on the waiting list." in page and "Leave the waiting list" in page
    assert ADDRESS not in page
    assert numbers(page) == "1 going · 0 places left · 1 waiting"


def test_signing_up_twice_keeps_one_place(cal):
    meetup = cal.meetup(capacity=2)
    rsvp(cal, cal.alice, meetup)
    rsvp(cal, cal.alice, meetup)
    assert Rsvp.select().where(Rsvp.meetup == meetup.id).count() == 1
    rsvp(cal, cal.bob, meetup)
    assert states(meetup) == {"alice": "going", "bob": "going"}


def test_cancelling_moves_the_first_on_the_waiting_list_up_and_tells_them(cal):
    meetup = cal.meetup(capacity=1)
    for member in (cal.alice, cal.bob, cal.carol):
        rsvp(cal, member, meetup)
    assert states(meetup) == {"alice": "going", "bob": "waiting", "carol": "waiting"}
    response = rsvp(cal, cal.alice, meetup, going="no")
    assert response.status_code == 303
    assert "You are no longer signed up." in detail(cal, cal.alice, meetup)
    # first come, first served: Bob waited longest
    assert states(meetup) == {"bob": "going", "carol": "waiting"}
    promoted, = notifications_of(cal.bob)
    assert (promoted.kind, promoted.target_type, promoted.target_id) == ("rsvp_promoted", "meetup", meetup.id)
    assert kinds_of(cal.carol) == [] and kinds_of(cal.alice) == []
    assert "A place came free: you are now going to Picnic in the park" in page_of(
        cal.browser(cal.bob).get("/notifications"))
    assert ADDRESS in detail(cal, cal.bob, meetup)


def test_leaving_the_waiting_list_moves_nobody_up(cal):
    meetup = cal.meetup(capacity=1)
    for member in (cal.alice, cal.bob, cal.carol):
        rsvp(cal, member, meetup)
    rsvp(cal, cal.bob, meetup, going="no")
    assert states(meetup) == {"alice": "going", "carol": "waiting"}
    assert Notification.select().count() == 0


def test_cancelling_when_not_signed_up_changes_nothing(cal):
    meetup = cal.meetup(capacity=1)
    rsvp(cal, cal.alice, meetup)
    rsvp(cal, cal.bob, meetup)
    assert rsvp(cal, cal.carol, meetup, going="no").status_code == 303
    assert states(meetup) == {"alice": "going", "bob": "waiting"}


# numbers in place via htmx ----------------------------------------------------------------------

def test_htmx_sign_ups_get_only_the_rsvp_box_with_the_new_numbers(cal):
    meetup = cal.meetup(capacity=2)
    rsvp(cal, cal.alice, meetup)
    response = rsvp(cal, cal.bob, meetup, htmx=True)
    assert response.status_code == 200
    fragment = page_of(response)
    assert "<html" not in fragment and "HX-Request" in response.headers.get("Vary", "")
    assert fragment.lstrip().startswith('<div id="rsvp-box"')
    assert numbers(fragment) == "2 going · 0 places left"
    assert "You are going. The address is on this page now." in fragment
    assert 'hx-post="/calendar/%d/rsvp"' % meetup.id in fragment

    fragment = page_of(rsvp(cal, cal.carol, meetup, htmx=True))
    assert numbers(fragment) == "2 going · 0 places left · 1 waiting"
    assert "You are on the waiting list." in fragment

    fragment = page_of(rsvp(cal, cal.alice, meetup, going="no", htmx=True))
    assert numbers(fragment) == "2 going · 0 places left"
    # Carol took Alice's place: Alice now could only join the waiting list
    assert "Join the waiting list" in fragment and "You are no longer signed up." in fragment
    assert states(meetup) == {"bob": "going", "carol": "going"}


def test_the_detail_page_has_the_rsvp_box_htmx_swaps(cal):
    meetup = cal.meetup(capacity=2)
    page = detail(cal, cal.alice, meetup)
    box = rsvp_box(page)
    assert 'hx-target="#rsvp-box"' in box and 'hx-swap="outerHTML"' in box
    # without JavaScript the same form posts normally
    assert f'action="/calendar/{meetup.id}/rsvp"' in box and 'method="post"' in box


# refusals -------------------------------------------------------------------------------------------

def cancelled(cal):
    meetup = cal.meetup(public=True)
    with transaction():
        Meetup.update(cancelled_at=utcnow()).where(Meetup.id == meetup.id).execute()
    return meetup


REFUSED = {
    "cancelled meet-up": ("alice", cancelled),
    "past meet-up": ("alice", lambda cal: cal.meetup(days_ahead=-2, public=True)),
    "suspended member": ("suspended", lambda cal: cal.meetup(public=True)),
    "applicant": ("applicant", lambda cal: cal.meetup(public=True)),
}


@pytest.mark.parametrize("who, make", REFUSED.values(), ids=REFUSED.keys())
def test_refused_sign_ups_are_403_and_store_nothing(cal, who, make):
    meetup = make(cal)
    if who == "suspended":
        suspend(cal.alice)
        who = "alice"
    member = getattr(cal, who)
    for htmx in (False, True):
        assert rsvp(cal, member, meetup, htmx=htmx).status_code == 403
    assert Rsvp.select().count() == 0
    assert "Join the waiting list" not in detail(cal, member, meetup)
    assert "I'm going" not in detail(cal, member, meetup)


def test_visitors_cannot_sign_up(cal):
    meetup = cal.meetup(public=True)
    assert cal.visitor().submit(f"/calendar/{meetup.id}/rsvp", {"going": "yes"}).status_code == 403
    assert Rsvp.select().count() == 0


def test_an_applicant_does_not_even_find_a_members_only_meetup(cal):
    meetup = cal.meetup(public=False)
    assert rsvp(cal, cal.applicant, meetup).status_code == 404
    assert Rsvp.select().count() == 0


def test_a_sign_up_without_the_csrf_token_is_refused(cal):
    meetup = cal.meetup()
    assert cal.browser(cal.alice).post(f"/calendar/{meetup.id}/rsvp", data={"going": "yes"}).status_code == 400
    assert Rsvp.select().count() == 0


def test_an_unknown_meetup_is_404(cal):
    assert rsvp(cal, cal.alice, Meetup(id=9999)).status_code == 404


@pytest.mark.parametrize("ended", ["cancelled", "past"])
def test_leaving_a_cancelled_or_past_meetup_moves_nobody_up(cal, ended):
    # "a place came free, you are now going" is wrong news for a meet-up that will not happen
    meetup = cal.meetup(capacity=1)
    cal.going(meetup, cal.alice, cal.bob)
    with transaction():
        change = ({"cancelled_at": utcnow()} if ended == "cancelled"
                  else {"starts_at": utcnow().replace(year=2020), "ends_at": utcnow().replace(year=2020, day=1)})
        Meetup.update(**change).where(Meetup.id == meetup.id).execute()
    rsvp(cal, cal.alice, meetup, going="no")
    assert kinds_of(cal.bob) == []


# the last place, taken twice at the same moment ---------------------------------------------------

def sign_up_together(cal, meetup, members):
    """Every member signs up in their own thread and connection, all released at once: {handle: state}."""
    results, errors = at_once(cal.app, lambda member: attendance.sign_up(Meetup.get_by_id(meetup.id), member), members)
    assert errors == []
    return dict(zip([member.handle for member in members], results, strict=True))


@pytest.mark.parametrize("capacity, people", [(1, 2), (2, 5)])
def test_members_racing_for_the_last_places_never_overfill_the_meetup(cal, capacity, people):
    members = [make_member(f"racer{n}") for n in range(people)]
    for round_ in range(5):
        meetup = cal.meetup(capacity=capacity, title=f"Round {round_}")
        results = sign_up_together(cal, meetup, members)
        stored = states(meetup)
        assert sorted(stored.values()) == sorted(["going"] * capacity + ["waiting"] * (people - capacity)), round_
        # what each member was told is what the database holds
        assert results == stored
