"""A moderator's or admin's stolen password, without their phone: while REQUIRE_STAFF_2FA is on, the
account has exactly a member's powers, on member pages too (portal/policy.py decides, once).

Each attack is made as a moderator and as an admin without two-factor sign-in; the same request by
staff with two-factor sign-in shows that the page would have had the secret to give away.
"""

import pytest

from portal.calendar.models import Meetup, Rsvp
from portal.forum import moderating, posting
from portal.forum.models import Post
from tests.helpers import set_fields
from tests.security.world import changes, client_as, snapshot, use_database_of

HIDDEN_WORD = "Zanzibarquill"
ADDRESS = "Secret Street 7"
NO_TWO_FACTOR = ["moderator_no_2fa", "admin_no_2fa"]


@pytest.fixture(scope="module")
def extras(world_app):
    """A reply hidden at once by an outing-risk flag, and a member who hid their profile."""
    use_database_of(world_app)
    with world_app.app_context():
        w = world_app.world
        thread = posting.create_thread(w.category, w.author, "Where to sleep tonight", "Any ideas?")
        reply = posting.add_reply(thread, w.author, f"My real name is {HIDDEN_WORD}, at the centre in the north")
        moderating.flag_post(reply, w.other, "outing")
        hidden = set_fields(w.buddy, profile_hidden=True, bio="Quietly volunteering")
        return {"thread": thread, "reply": Post.get_by_id(reply.id), "hidden": hidden}


def as_role(world_app, world, role):
    return client_as(world_app, getattr(world, role))


def page(response):
    return response.get_data(as_text=True)


def test_the_hidden_reply_is_hidden(world, extras):
    assert extras["reply"].status == "hidden"


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_no_exact_address_or_attendee_list_on_the_meetup_page(world_app, world, role):
    with_two_factor = page(as_role(world_app, world, "moderator").get(f"/calendar/{world.meetup.id}"))
    assert ADDRESS in with_two_factor and world.attendee.handle in with_two_factor
    response = as_role(world_app, world, role).get(f"/calendar/{world.meetup.id}")
    assert response.status_code == 200
    assert ADDRESS not in page(response)
    assert world.attendee.handle not in page(response)


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_no_exact_address_in_the_edit_form_or_the_calendar_file(world_app, world, role):
    client = as_role(world_app, world, role)
    edit = client.get(f"/calendar/{world.meetup.id}/edit")
    assert edit.status_code == 403 and ADDRESS not in page(edit)
    ics = client.get(f"/calendar/{world.meetup.id}.ics")
    assert ics.status_code == 200 and ADDRESS not in page(ics)
    assert ADDRESS in page(as_role(world_app, world, "moderator").get(f"/calendar/{world.meetup.id}.ics"))


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_cannot_remove_an_attendee(world_app, world, role):
    client = as_role(world_app, world, role)
    before = snapshot()
    response = client.submit(f"/calendar/{world.meetup.id}/attendees/{world.attendee.id}/remove")
    assert response.status_code == 403
    assert changes(before, snapshot()) == {}
    assert Rsvp.get(Rsvp.meetup == world.meetup, Rsvp.member == world.attendee).state == "going"


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_cannot_cancel_someone_elses_meetup(world_app, world, role):
    client = as_role(world_app, world, role)
    before = snapshot()
    response = client.submit(f"/calendar/{world.meetup.id}/cancel")
    assert response.status_code == 403
    assert changes(before, snapshot()) == {}
    assert Meetup.get_by_id(world.meetup.id).cancelled_at is None


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_cannot_edit_someone_elses_post(world_app, world, role):
    client = as_role(world_app, world, role)
    before = snapshot()
    assert client.get(f"/forum/p/{world.post.id}/edit").status_code == 403
    response = client.submit(f"/forum/p/{world.post.id}/edit", {"body": "Taken over", "note": ""})
    assert response.status_code == 403
    assert changes(before, snapshot()) == {}
    assert "Taken over" not in Post.get_by_id(world.post.id).body


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_cannot_read_post_history(world_app, world, role):
    assert as_role(world_app, world, role).get(f"/forum/p/{world.post.id}/history").status_code == 403


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_cannot_read_a_post_hidden_for_outing_risk_on_the_thread_page(world_app, world, extras, role):
    path = f"/forum/t/{extras['thread'].id}"
    assert HIDDEN_WORD in page(as_role(world_app, world, "moderator").get(path))
    response = as_role(world_app, world, role).get(path)
    assert response.status_code == 200
    assert HIDDEN_WORD not in page(response)
    # nor through the link that lands on the post
    landing = as_role(world_app, world, role).get(f"/forum/p/{extras['reply'].id}")
    assert landing.status_code == 404 and HIDDEN_WORD not in page(landing)


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_cannot_find_a_post_hidden_for_outing_risk_in_search(world_app, world, extras, role):
    path = f"/forum/search?q={HIDDEN_WORD}"
    # the search box repeats the query: look for the rest of the post
    assert "real name" in page(as_role(world_app, world, "moderator").get(path))
    response = as_role(world_app, world, role).get(path)
    assert response.status_code == 200
    assert "real name" not in page(response)


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_cannot_open_a_hidden_profile(world_app, world, extras, role):
    path = f"/members/{extras['hidden'].handle}"
    assert "Quietly volunteering" in page(as_role(world_app, world, "moderator").get(path))
    response = as_role(world_app, world, role).get(path)
    assert response.status_code == 404
    assert "Quietly volunteering" not in page(response)


@pytest.mark.parametrize("role", NO_TWO_FACTOR)
def test_staff_pages_send_them_to_set_up_two_factor(world_app, world, role):
    response = as_role(world_app, world, role).get("/moderation")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/security")
    security = page(as_role(world_app, world, role).get("/account/security"))
    assert "powers only" in security and "Staff accounts need two-factor sign-in." in security
