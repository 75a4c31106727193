"""Every POST endpoint refuses a request without a valid CSRF token: 400, and nothing changes.

The endpoints come from the authorization matrix (which test_every_route_has_a_row keeps equal to
app.url_map). Each is sent by someone who could otherwise use it, with the data its form needs,
so that the token is the only thing missing: without it the request would have done something.
"""

import pyotp
import pytest

from tests.helpers import row_counts
from tests.security.test_authorization_matrix import MATRIX, OK
from tests.security.world import ROLES, account_of, changes, client_as, path_for, post_data, snapshot

POST_RULES = sorted(rule for rule, method in MATRIX if method == "POST")

# endpoints nobody in the matrix may use as it stands, and who could
USER_OF = {
    "/forum/p/<int:post_id>/delete": "author",  # the post's own author
    "/account/two-factor/confirm": "member",  # with a secret waiting in the session (see session_for)
    "/login/code": "visitor",  # half-way through signing in as the moderator (see session_for)
    "/login/code/lost": "visitor",  # half-way through a recovery of the moderator's account (see session_for)
    "/logout": "member",
    "/account/devices/<int:device_id>/end": "target",  # the device's own member
    "/setup/<token>": "visitor",
    "/welcome": "newcomer",  # approved, still to choose a pseudonym
}


def user_of(rule):
    if rule in USER_OF:
        return USER_OF[rule]
    row = MATRIX[(rule, "POST")]
    return next(role for role, expected in zip(ROLES, row, strict=True) if expected == OK)


def session_for(rule, w):
    """What must be in the session for the endpoint to act, and the data that would then work."""
    if rule == "/account/two-factor/confirm":
        secret = pyotp.random_base32()
        return {"totp_pending": secret}, {"code": pyotp.TOTP(secret).now()}
    if rule == "/login/code":
        moderator = account_of(w, "moderator")
        return ({"pending_member": moderator.id, "pending_version": moderator.session_version,
                 "pending_next": "/"}, {"code": pyotp.TOTP(moderator.totp_secret).now()})
    if rule == "/login/code/lost":
        moderator = account_of(w, "moderator")
        return ({"pending_member": moderator.id, "pending_version": moderator.session_version,
                 "pending_next": "/", "pending_recovered": True}, {})
    return {}, {}


def client_for(app, w, rule):
    role = user_of(rule)
    member = None if role == "visitor" else account_of(w, role) if role in ROLES else getattr(w, role)
    session, data = session_for(rule, w)
    return client_as(app, member, **session), {**post_data(rule, w), **data}


@pytest.mark.parametrize("rule", POST_RULES)
def test_post_without_token_is_refused(world_app, world, rule):
    client, data = client_for(world_app, world, rule)
    counts, before = row_counts(), snapshot()
    response = client.post(path_for(rule, world), data=data)
    assert response.status_code == 400, f"{rule}: {response.status_code}"
    assert "Something went wrong with this form" in response.get_data(as_text=True)
    assert row_counts() == counts
    assert changes(before, snapshot()) == {}


@pytest.mark.parametrize("rule", POST_RULES)
def test_post_with_another_sessions_token_is_refused(world_app, world, rule):
    """A token is only good in the session it was made for (a page an attacker opened has one too)."""
    client, data = client_for(world_app, world, rule)
    attacker = client_as(world_app, None)
    before = snapshot()
    response = client.post(path_for(rule, world), data={**data, "csrf_token": attacker.csrf_token()})
    assert response.status_code == 400, f"{rule}: {response.status_code}"
    assert changes(before, snapshot()) == {}


def test_the_same_request_with_the_token_goes_through(world_app, world):
    """The sweep refuses for the token, not for something else: with it, the same request works."""
    client, data = client_for(world_app, world, "/notifications/read")
    response = client.submit(path_for("/notifications/read", world), data)
    assert response.status_code == 303
