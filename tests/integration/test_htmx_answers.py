"""One way to answer: htmx gets the fragment with its message in the live region, a plain form a 303."""

import pytest

from portal.moderation import vetting
from tests.conftest import make_member
from tests.helpers import HTMX, sign_in


@pytest.fixture
def refused_role_change(monkeypatch):
    """Make every role change meet the last-admin refusal, as two admins demoting each other at once do."""
    def refuse(*args, **kwargs):
        raise vetting.LastAdmin()
    monkeypatch.setattr(vetting, "set_role", refuse)


def test_a_refused_role_change_over_htmx_says_why_in_the_swapped_answer(client, login_as, refused_role_change):
    login_as("admin")
    other = make_member("other-admin", "admin")
    response = client.submit(f"/moderation/members/{other.id}/role", {"role": "member"}, headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="member-{other.id}"' in body
    assert 'hx-swap-oob="true"' in body and "The site needs at least one admin." in body
    assert "message-error" in body
    assert "HX-Request" in response.headers["Vary"]


def test_a_refused_role_change_without_javascript_is_flashed_on_the_next_page(client, login_as, refused_role_change):
    login_as("admin")
    other = make_member("other-admin", "admin")
    response = client.submit(f"/moderation/members/{other.id}/role", {"role": "member"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The site needs at least one admin." in page


def test_a_successful_role_change_over_htmx_announces_it(client, login_as):
    login_as("admin")
    member = make_member("newcomer")
    response = client.submit(f"/moderation/members/{member.id}/role", {"role": "organiser"}, headers=HTMX)
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert "newcomer has a new role." in body


def test_an_empty_reply_over_htmx_lands_in_the_reply_form(forum):
    browser = sign_in(forum.app, forum.bob)
    response = browser.submit(f"/forum/t/{forum.thread.id}/reply", {"body": ""}, headers=HTMX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#reply-form"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "<html" not in response.get_data(as_text=True)


def test_a_reply_over_htmx_is_announced_once(forum):
    browser = sign_in(forum.app, forum.bob)
    response = browser.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Thanks, that helps."}, headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.count("Your reply is posted.") == 1
    assert body.count('id="messages"') == 1


def test_a_reply_without_javascript_redirects_to_the_post(forum):
    browser = sign_in(forum.app, forum.bob)
    response = browser.submit(f"/forum/t/{forum.thread.id}/reply", {"body": "Thanks, that helps."})
    assert response.status_code == 303
    assert "/forum/p/" in response.headers["Location"]
