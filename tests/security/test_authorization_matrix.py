"""Who may open what: one row per address and method of app.url_map, one column per kind of person.

The table below is the portal's access policy written out. test_every_route_has_a_row walks the
url map, so a new route without a row (or a row for a route that is gone) fails the suite.

How a cell is checked:
- GET: every cell is requested (a GET to a POST-only address answers 405), and every answer, whatever
  its status, must carry the security headers (see test_privacy_in_browser.py).
- POST: every refusal (403, 404, a redirect to sign in or to set up two-factor sign-in, and the
  other non-"ok" outcomes) is sent with a valid CSRF token and the data the form would need, and
  the database must be exactly as before. An "ok" cell means the person may use the endpoint;
  it is not sent here (the feature's own tests do that, on a database of their own).

The people (tests/security/world.py): visitor (not signed in), applicant (application pending),
member, suspended (a member who is read-only for a week), organiser, moderator_no_2fa and
admin_no_2fa (staff without two-factor sign-in while REQUIRE_STAFF_2FA is on: everywhere a member's
powers, and the staff area sends them to set it up), moderator and admin (both with two-factor sign-in). The things: the thread and post are by another member, the meet-up is
members-only and the organiser's own, the introduction is the member's own with someone else
(staff never read conversations), the notification is the member's, the moderation introduction
routes name a waiting buddy request, the sanction routes name a plain member, and the device named
is that member's.
"""

from dataclasses import dataclass

import pytest

from tests.security.world import (
    ROLES,
    account_of,
    changes,
    client_as,
    location_of,
    path_for,
    post_data,
    security_header_problems,
    snapshot,
)


@dataclass(frozen=True)
class Redirect:
    """A 3xx to this address (query and fragment ignored); <parameters> are filled from the world."""

    to: str

    def __repr__(self):
        return f"->{self.to}"


OK = "ok"  # allowed (a POST cell that is not sent)
LOGIN = Redirect("/login")
TWO_FA = Redirect("/account/security")  # staff without two-factor sign-in: set it up first
HOME = Redirect("/")
APPLICATION = Redirect("/application")
NEUTRAL = Redirect("http://neutral.invalid/weather")
TO_THREAD = Redirect("/forum/t/<thread_id>")
TO_INTRO = Redirect("/introductions/<introduction_id>")

# rows that many addresses share; columns in the order of ROLES (staff "no 2FA" columns: exactly a member's powers):
#              visitor applicant member suspended organiser mod-no-2fa admin-no-2fa moderator admin
ALL_200 =     (200,    200,      200,   200,      200,      200,       200,         200,      200)
ALL_OK =      (OK,     OK,       OK,    OK,       OK,       OK,        OK,          OK,       OK)
ALL_404 =     (404,    404,      404,   404,      404,      404,       404,         404,      404)
POST_ONLY =   (405,    405,      405,   405,      405,      405,       405,         405,      405)  # GET to a POST address
SIGNED_IN =   (LOGIN,  200,      200,   200,      200,      200,       200,         200,      200)
SIGNED_IN_P = (LOGIN,  OK,       OK,    OK,       OK,       OK,        OK,          OK,       OK)
MEMBERS =     (LOGIN,  403,      200,   200,      200,      200,       200,         200,      200)
MEMBERS_P =   (LOGIN,  403,      OK,    OK,       OK,       OK,        OK,          OK,       OK)
WRITERS =     (LOGIN,  403,      200,   403,      200,      200,       200,         200,      200)
WRITERS_P =   (LOGIN,  403,      OK,    403,      OK,       OK,        OK,          OK,       OK)
# for visitors and applicants, profiles (and members-only meet-ups) do not exist
PROFILES =    (404,    404,      200,   200,      200,      200,       200,         200,      200)
ORGANISER =   (LOGIN,  403,      403,   403,      200,      403,       403,         200,      200)
ORGANISER_P = (LOGIN,  403,      403,   403,      OK,       403,       403,         OK,       OK)
# someone else's post: only staff edit it and read its history
STAFF_ONLY =  (LOGIN,  403,      403,   403,      403,      403,       403,         200,      200)
STAFF_ONLY_P = (LOGIN, 403,      403,   403,      403,      403,       403,         OK,       OK)
OWN_INTRO_P = (LOGIN,  403,      OK,    404,      404,      404,       404,         404,      404)  # only the two in it
OWN =         (LOGIN,  403,      200,   404,      404,      404,       404,         404,      404)  # the member's own thing
OWN_P =       OWN_INTRO_P
HELPER_P =    (LOGIN,  403,      403,   403,      403,      TWO_FA,    TWO_FA,      OK,       404)  # staff who help with it
# the staff area: staff without two-factor sign-in are sent to set it up
STAFF =       (LOGIN,  403,      403,   403,      403,      TWO_FA,    TWO_FA,      200,      200)
STAFF_P =     (LOGIN,  403,      403,   403,      403,      TWO_FA,    TWO_FA,      OK,       OK)
ADMIN =       (LOGIN,  403,      403,   403,      403,      TWO_FA,    TWO_FA,      403,      200)
ADMIN_P =     (LOGIN,  403,      403,   403,      403,      TWO_FA,    TWO_FA,      403,      OK)
SIGNED_OUT =  (200,    HOME,     HOME,  HOME,     HOME,     HOME,      HOME,        HOME,     HOME)

MATRIX = {
    # public pages --------------------------------------------------------------------------------------------------
    ("/", "GET"):                                                    (200, APPLICATION, 200, 200, 200, 200, 200, 200, 200),
    ("/rules", "GET"):                                               ALL_200,
    ("/help", "GET"):                                                ALL_200,
    ("/healthz", "GET"):                                             ALL_200,
    ("/manifest.webmanifest", "GET"):                                ALL_200,
    ("/static/<path:filename>", "GET"):                              ALL_200,
    ("/exit", "GET"):                                                (NEUTRAL,) * 9,
    ("/language", "GET"):                                            POST_ONLY,
    ("/language", "POST"):                                           ALL_OK,
    # joining and signing in ----------------------------------------------------------------------------------------
    ("/apply", "GET"):                                               SIGNED_OUT,
    ("/apply", "POST"):                                              (OK, HOME, HOME, HOME, HOME, HOME, HOME, HOME, HOME),
    ("/application", "GET"):                                         (LOGIN, 200, HOME, HOME, HOME, HOME, HOME, HOME, HOME),
    # choosing the pseudonym: only between approval and the first choice (nobody in the world is there)
    ("/welcome", "GET"):                                             (LOGIN, HOME, HOME, HOME, HOME, HOME, HOME, HOME, HOME),
    ("/welcome", "POST"):                                            (LOGIN, HOME, HOME, HOME, HOME, HOME, HOME, HOME, HOME),
    ("/login", "GET"):                                               ALL_200,
    ("/login", "POST"):                                              ALL_OK,
    # no first step was taken in this session: back to the first step
    ("/login/code", "GET"):                                          (LOGIN,) * 9,
    ("/login/code", "POST"):                                         (LOGIN,) * 9,
    # only after a recovery code replaced the password in this session
    ("/login/code/lost", "GET"):                                     POST_ONLY,
    ("/login/code/lost", "POST"):                                    (LOGIN,) * 9,
    ("/logout", "GET"):                                              POST_ONLY,
    # signing out deletes the device record: a change, so not sent here (tests/integration/test_signed_in_devices.py)
    ("/logout", "POST"):                                             (HOME, *[OK] * 8),
    ("/recover", "GET"):                                             ALL_200,
    ("/recover", "POST"):                                            ALL_OK,
    # the link is the key, whoever holds it
    ("/reset/<token>", "GET"):                                       ALL_200,
    ("/reset/<token>", "POST"):                                      ALL_OK,
    # the first admin's setup link works only while there is no admin
    ("/setup/<token>", "GET"):                                       ALL_404,
    ("/setup/<token>", "POST"):                                      ALL_404,
    # one's own account ---------------------------------------------------------------------------------------------
    ("/account", "GET"):                                             SIGNED_IN,
    ("/account", "POST"):                                            SIGNED_IN_P,
    ("/account/calendar-feed", "GET"):                               POST_ONLY,
    ("/account/calendar-feed", "POST"):                              MEMBERS_P,
    ("/account/calendar-feed/revoke", "GET"):                        POST_ONLY,
    ("/account/calendar-feed/revoke", "POST"):                       SIGNED_IN_P,
    ("/account/delete", "GET"):                                      SIGNED_IN,
    ("/account/delete", "POST"):                                     SIGNED_IN_P,
    ("/account/export", "GET"):                                      SIGNED_IN,
    ("/account/export.json", "GET"):                                 SIGNED_IN,
    ("/account/recovery-codes", "GET"):                              POST_ONLY,
    ("/account/recovery-codes", "POST"):                             SIGNED_IN_P,
    ("/account/security", "GET"):                                    SIGNED_IN,
    ("/account/sign-in-name", "GET"):                                SIGNED_IN,
    ("/account/sign-in-name", "POST"):                               SIGNED_IN_P,
    ("/account/security", "POST"):                                   SIGNED_IN_P,
    ("/account/sessions/end", "GET"):                                POST_ONLY,
    ("/account/sessions/end", "POST"):                               SIGNED_IN_P,
    # the device named is someone else's: nobody but its owner may sign it out
    ("/account/devices/<int:device_id>/end", "GET"):                 POST_ONLY,
    ("/account/devices/<int:device_id>/end", "POST"):                (LOGIN, *[404] * 8),
    # nobody has a secret waiting for confirmation in this session
    ("/account/two-factor/confirm", "GET"):                          POST_ONLY,
    ("/account/two-factor/confirm", "POST"):                         (LOGIN, 404, 404, 404, 404, 404, 404, 404, 404),
    ("/account/two-factor/disable", "GET"):                          POST_ONLY,
    ("/account/two-factor/disable", "POST"):                         (LOGIN, 404, 404, 404, 404, 404, 404, OK, OK),
    ("/account/two-factor/start", "GET"):                            POST_ONLY,
    ("/account/two-factor/start", "POST"):                           (LOGIN, OK, OK, OK, OK, OK, OK, 404, 404),
    # members and their profiles ------------------------------------------------------------------------------------
    ("/members", "GET"):                                             PROFILES,
    ("/members/<handle>", "GET"):                                    PROFILES,
    # the forum (the post is another member's: only staff edit it, only its author deletes it) ----------------------
    ("/forum", "GET"):                                               MEMBERS,
    ("/forum/<slug>", "GET"):                                        MEMBERS,
    ("/forum/search", "GET"):                                        MEMBERS,
    ("/forum/new", "GET"):                                           WRITERS,
    ("/forum/new", "POST"):                                          WRITERS_P,
    ("/forum/new/check", "GET"):                                     POST_ONLY,
    ("/forum/new/check", "POST"):                                    MEMBERS_P,
    ("/forum/t/<int:thread_id>", "GET"):                             MEMBERS,
    ("/forum/t/<int:thread_id>/reply", "GET"):                       POST_ONLY,
    ("/forum/t/<int:thread_id>/reply", "POST"):                      WRITERS_P,
    ("/forum/t/<int:thread_id>/subscription", "GET"):                POST_ONLY,
    ("/forum/t/<int:thread_id>/subscription", "POST"):               MEMBERS_P,
    ("/forum/p/<int:post_id>", "GET"):                               (LOGIN, 403, *[TO_THREAD] * 7),
    # staff powers on member pages need two-factor sign-in too (here and on others' meet-ups below)
    ("/forum/p/<int:post_id>/edit", "GET"):                          STAFF_ONLY,
    ("/forum/p/<int:post_id>/edit", "POST"):                         STAFF_ONLY_P,
    ("/forum/p/<int:post_id>/history", "GET"):                       STAFF_ONLY,
    # the question "delete this post?" is asked of its author only, like the deleting itself
    ("/forum/p/<int:post_id>/delete", "GET"):                        (LOGIN, 403, 403, 403, 403, 403, 403, 403, 403),
    ("/forum/p/<int:post_id>/delete", "POST"):                       (LOGIN, 403, 403, 403, 403, 403, 403, 403, 403),
    ("/forum/p/<int:post_id>/flag", "GET"):                          WRITERS,
    ("/forum/p/<int:post_id>/flag", "POST"):                         WRITERS_P,
    # the calendar (a members-only meet-up, the organiser's own) ----------------------------------------------------
    # (staff with two-factor sign-in manage every meet-up and see its address; without it, like a member)
    ("/calendar", "GET"):                                            ALL_200,
    ("/calendar/<int:meetup_id>", "GET"):                            PROFILES,
    ("/calendar/<int:meetup_id>.ics", "GET"):                        (403, 403, 200, 200, 200, 200, 200, 200, 200),
    ("/calendar/feed/<token>.ics", "GET"):                           ALL_200,
    ("/calendar/new", "GET"):                                        ORGANISER,
    ("/calendar/new", "POST"):                                       ORGANISER_P,
    ("/calendar/<int:meetup_id>/edit", "GET"):                       ORGANISER,
    ("/calendar/<int:meetup_id>/edit", "POST"):                      ORGANISER_P,
    ("/calendar/<int:meetup_id>/cancel", "GET"):                     POST_ONLY,
    ("/calendar/<int:meetup_id>/cancel", "POST"):                    ORGANISER_P,
    ("/calendar/<int:meetup_id>/message", "GET"):                    POST_ONLY,
    ("/calendar/<int:meetup_id>/message", "POST"):                   (LOGIN, 404, 403, 403, OK, 403, 403, OK, OK),
    ("/calendar/<int:meetup_id>/attendees/<int:member_id>/remove", "GET"):  POST_ONLY,
    ("/calendar/<int:meetup_id>/attendees/<int:member_id>/remove", "POST"): ORGANISER_P,
    ("/calendar/<int:meetup_id>/rsvp", "GET"):                       POST_ONLY,
    ("/calendar/<int:meetup_id>/rsvp", "POST"):                      (403, 404, OK, 403, OK, OK, OK, OK, OK),
    # introductions (the member's own, with someone else) -----------------------------------------------------------
    ("/introductions", "GET"):                                       MEMBERS,
    # a suspended member may read the forms; the request itself is refused (422, nothing stored)
    ("/introductions/new", "GET"):                                   MEMBERS,
    ("/introductions/new", "POST"):                                  (LOGIN, 403, OK, 422, OK, OK, OK, OK, OK),
    ("/introductions/buddy", "GET"):                                 MEMBERS,
    ("/introductions/buddy", "POST"):                                (LOGIN, 403, OK, 422, OK, OK, OK, OK, OK),
    ("/introductions/<int:introduction_id>", "GET"):                 (LOGIN, 403, 200, 404, 404, 404, 404, 404, 404),
    ("/introductions/<int:introduction_id>/accept", "GET"):          POST_ONLY,
    ("/introductions/<int:introduction_id>/accept", "POST"):         OWN_INTRO_P,
    ("/introductions/<int:introduction_id>/decline", "GET"):         POST_ONLY,
    ("/introductions/<int:introduction_id>/decline", "POST"):        OWN_INTRO_P,
    ("/introductions/<int:introduction_id>/withdraw", "GET"):        POST_ONLY,
    ("/introductions/<int:introduction_id>/withdraw", "POST"):       OWN_INTRO_P,
    ("/introductions/<int:introduction_id>/end", "GET"):             POST_ONLY,
    ("/introductions/<int:introduction_id>/end", "POST"):            OWN_INTRO_P,
    ("/introductions/<int:introduction_id>/messages", "GET"):        POST_ONLY,
    ("/introductions/<int:introduction_id>/messages", "POST"):       OWN_INTRO_P,
    ("/introductions/<int:introduction_id>/messages/<int:message_id>/report", "GET"):  POST_ONLY,
    ("/introductions/<int:introduction_id>/messages/<int:message_id>/report", "POST"): OWN_INTRO_P,
    # notifications (the one named is the member's) -----------------------------------------------------------------
    # a safety check-in is its member's alone: for everyone else it does not exist
    ("/check-in/<int:check_id>", "GET"):                             (LOGIN, 404, 200, 404, 404, 404, 404, 404, 404),
    ("/check-in/<int:check_id>", "POST"):                            (LOGIN, 404, OK,  404, 404, 404, 404, 404, 404),
    ("/notifications", "GET"):                                       MEMBERS,
    ("/notifications/<int:notification_id>", "GET"):                 (LOGIN, 403, TO_INTRO, 404, 404, 404, 404, 404, 404),
    ("/notifications/read", "GET"):                                  POST_ONLY,
    ("/notifications/read", "POST"):                                 MEMBERS_P,
    # support requests (the one named is the member's own) and vouching (the member was named as voucher) -----------
    # a read-only member may ask for help too: someone unsafe where they live must always be able to
    ("/support", "GET"):                                             MEMBERS,
    ("/support/new", "GET"):                                         MEMBERS,
    ("/support/new", "POST"):                                        MEMBERS_P,
    ("/support/<int:request_id>", "GET"):                            OWN,
    ("/support/<int:request_id>/messages", "GET"):                   POST_ONLY,
    ("/support/<int:request_id>/messages", "POST"):                  OWN_P,
    ("/support/<int:request_id>/close", "GET"):                      POST_ONLY,
    ("/support/<int:request_id>/close", "POST"):                     OWN_P,
    ("/account/vouches", "GET"):                                     MEMBERS,
    ("/account/vouches/<int:vouch_id>/<answer>", "GET"):             POST_ONLY,
    ("/account/vouches/<int:vouch_id>/<answer>", "POST"):            OWN_P,
    # the staff area ------------------------------------------------------------------------------------------------
    ("/moderation/alerts", "GET"):                                   STAFF,
    ("/moderation/alerts/settings", "GET"):                          STAFF,
    ("/moderation/alerts/settings", "POST"):                         STAFF_P,
    # every moderator sees that a request exists; only those who help (here: the moderator) read and write in it
    ("/moderation/support", "GET"):                                  STAFF,
    ("/moderation/support/<int:request_id>", "GET"):                 STAFF,
    ("/moderation/support/<int:request_id>/take", "GET"):            POST_ONLY,
    ("/moderation/support/<int:request_id>/take", "POST"):           STAFF_P,
    ("/moderation/support/<int:request_id>/messages", "GET"):        POST_ONLY,
    ("/moderation/support/<int:request_id>/messages", "POST"):       HELPER_P,
    ("/moderation/support/<int:request_id>/waiting", "GET"):         POST_ONLY,
    ("/moderation/support/<int:request_id>/waiting", "POST"):        HELPER_P,
    ("/moderation/support/<int:request_id>/close", "GET"):           POST_ONLY,
    ("/moderation/support/<int:request_id>/close", "POST"):          HELPER_P,
    ("/moderation/support/<int:request_id>/helpers", "GET"):         POST_ONLY,
    ("/moderation/support/<int:request_id>/helpers", "POST"):        HELPER_P,
    ("/moderation/members/<int:member_id>/notes", "GET"):            POST_ONLY,
    ("/moderation/members/<int:member_id>/notes", "POST"):           STAFF_P,
    ("/moderation/members/<int:member_id>/notes/<int:note_id>/delete", "GET"):  POST_ONLY,
    ("/moderation/members/<int:member_id>/notes/<int:note_id>/delete", "POST"): STAFF_P,
    ("/moderation", "GET"):                                          STAFF,
    ("/moderation/applications", "GET"):                             STAFF,
    ("/moderation/applications/<int:application_id>", "GET"):        POST_ONLY,
    ("/moderation/applications/<int:application_id>", "POST"):       STAFF_P,
    ("/moderation/invites", "GET"):                                  STAFF,
    ("/moderation/invites", "POST"):                                 STAFF_P,
    ("/moderation/log", "GET"):                                      STAFF,
    ("/moderation/members", "GET"):                                  STAFF,
    ("/moderation/members/<int:member_id>", "GET"):                  STAFF,
    ("/moderation/members/<int:member_id>/warn", "GET"):             POST_ONLY,
    ("/moderation/members/<int:member_id>/warn", "POST"):            STAFF_P,
    ("/moderation/members/<int:member_id>/suspend", "GET"):          POST_ONLY,
    ("/moderation/members/<int:member_id>/suspend", "POST"):         STAFF_P,
    ("/moderation/members/<int:member_id>/unsuspend", "GET"):        POST_ONLY,
    ("/moderation/members/<int:member_id>/unsuspend", "POST"):       STAFF_P,
    ("/moderation/members/<int:member_id>/ban", "GET"):              POST_ONLY,
    ("/moderation/members/<int:member_id>/ban", "POST"):             STAFF_P,
    ("/moderation/members/<int:member_id>/reset-link", "GET"):       POST_ONLY,
    ("/moderation/members/<int:member_id>/reset-link", "POST"):      STAFF_P,
    ("/moderation/members/<int:member_id>/role", "GET"):             POST_ONLY,
    ("/moderation/members/<int:member_id>/role", "POST"):            ADMIN_P,
    ("/moderation/members/<int:member_id>/buddy", "GET"):            POST_ONLY,
    ("/moderation/members/<int:member_id>/buddy", "POST"):           ADMIN_P,
    ("/moderation/posts", "GET"):                                    STAFF,
    ("/moderation/posts/<int:post_id>/<action>", "GET"):             POST_ONLY,
    ("/moderation/posts/<int:post_id>/<action>", "POST"):            STAFF_P,
    ("/moderation/threads/<int:thread_id>/<action>", "GET"):         POST_ONLY,
    ("/moderation/threads/<int:thread_id>/<action>", "POST"):        STAFF_P,
    ("/moderation/introductions", "GET"):                            STAFF,
    ("/moderation/introductions/<int:introduction_id>/<decision>", "GET"):   POST_ONLY,
    ("/moderation/introductions/<int:introduction_id>/<decision>", "POST"):  STAFF_P,
    ("/moderation/introductions/<int:introduction_id>/buddies", "GET"):  STAFF,
    ("/moderation/introductions/<int:introduction_id>/match/<int:buddy_id>", "GET"):  POST_ONLY,
    ("/moderation/introductions/<int:introduction_id>/match/<int:buddy_id>", "POST"): STAFF_P,
    ("/moderation/reports/<int:report_id>/resolve", "GET"):          POST_ONLY,
    ("/moderation/reports/<int:report_id>/resolve", "POST"):         STAFF_P,
    # the admin area (the help directory is kept by moderators too) -------------------------------------------------
    ("/admin", "GET"):                                               ADMIN,
    ("/admin/categories", "GET"):                                    ADMIN,
    ("/admin/categories", "POST"):                                   ADMIN_P,
    ("/admin/categories/<int:category_id>", "GET"):                  ADMIN,
    ("/admin/categories/<int:category_id>", "POST"):                 ADMIN_P,
    ("/admin/categories/<int:category_id>/move", "GET"):             POST_ONLY,
    ("/admin/categories/<int:category_id>/move", "POST"):            ADMIN_P,
    ("/admin/categories/<int:category_id>/archive", "GET"):          POST_ONLY,
    ("/admin/categories/<int:category_id>/archive", "POST"):         ADMIN_P,
    ("/admin/texts", "GET"):                                         ADMIN,
    ("/admin/texts/<key>", "GET"):                                   ADMIN,
    ("/admin/texts/<key>", "POST"):                                  ADMIN_P,
    ("/admin/mail", "GET"):                                          ADMIN,
    ("/admin/mail/test", "GET"):                                     POST_ONLY,
    ("/admin/mail/test", "POST"):                                    ADMIN_P,
    ("/admin/mail/test/<task_id>", "GET"):                           ADMIN,
    ("/admin/regions", "GET"):                                       ADMIN,
    ("/admin/regions", "POST"):                                      ADMIN_P,
    ("/admin/regions/<int:region_id>", "GET"):                       POST_ONLY,
    ("/admin/regions/<int:region_id>", "POST"):                      ADMIN_P,
    ("/admin/regions/<int:region_id>/move", "GET"):                  POST_ONLY,
    ("/admin/regions/<int:region_id>/move", "POST"):                 ADMIN_P,
    ("/admin/regions/<int:region_id>/delete", "GET"):                POST_ONLY,
    ("/admin/regions/<int:region_id>/delete", "POST"):               ADMIN_P,
    ("/admin/intake", "GET"):                                        ADMIN,
    ("/admin/intake", "POST"):                                       ADMIN_P,
    ("/admin/intake/<int:question_id>/delete", "GET"):               POST_ONLY,
    ("/admin/intake/<int:question_id>/delete", "POST"):              ADMIN_P,
    ("/admin/invite-batches", "GET"):                                ADMIN,
    ("/admin/invite-batches", "POST"):                               ADMIN_P,
    ("/admin/help", "GET"):                                          STAFF,
    ("/admin/help/new", "GET"):                                      STAFF,
    ("/admin/help/new", "POST"):                                     STAFF_P,
    ("/admin/help/<int:entry_id>", "GET"):                           STAFF,
    ("/admin/help/<int:entry_id>", "POST"):                          STAFF_P,
    ("/admin/help/<int:entry_id>/delete", "GET"):                    POST_ONLY,
    ("/admin/help/<int:entry_id>/delete", "POST"):                   STAFF_P,
}


def outcome(rule, method, role):
    return MATRIX[(rule, method)][ROLES.index(role)]


def cases(method, sent_only):
    return [pytest.param(rule, role, id=f"{method} {rule} as {role}")
            for (rule, row_method), row in MATRIX.items() if row_method == method
            for role, expected in zip(ROLES, row, strict=True) if not (sent_only and expected == OK)]


def routes_of(app):
    """(rule, method) of every route; GET too for POST-only routes (it must answer 405)."""
    found = set()
    for rule in app.url_map.iter_rules():
        for method in (rule.methods - {"HEAD", "OPTIONS"}) | {"GET"}:
            found.add((rule.rule, method))
    return found


def test_every_route_has_a_row(world_app):
    routes = routes_of(world_app)
    assert sorted(routes - set(MATRIX)) == [], "routes without a row in MATRIX: add them with their expected outcomes"
    assert sorted(set(MATRIX) - routes) == [], "rows in MATRIX for routes that do not exist any more"
    for key, row in MATRIX.items():
        assert len(row) == len(ROLES), key


def check(response, expected, rule, role, w):
    status = response.status_code
    where = f"{rule} as {role}: {status} {response.headers.get('Location', '')}"
    if isinstance(expected, Redirect):
        assert 300 <= status < 400, where
        assert location_of(response) == path_for(expected.to, w), where
    elif expected == OK:
        assert 200 <= status < 400, where
        assert location_of(response) not in (LOGIN.to, TWO_FA.to), where
    else:
        assert status == expected, where
    if status >= 400:
        # the portal's own error page, never a traceback or a bare werkzeug page
        assert "Traceback" not in response.get_data(as_text=True), where
        assert response.mimetype == "text/html", where


@pytest.mark.parametrize(("rule", "role"), cases("GET", sent_only=False))
def test_get(world_app, world, rule, role):
    client = client_as(world_app, account_of(world, role))
    path = path_for(rule, world)
    with client.get(path) as response:
        check(response, outcome(rule, "GET", role), rule, role, world)
        # whatever the answer, it carries the security headers (tests/security/test_privacy_in_browser.py)
        assert security_header_problems(response.headers, path) == [], f"GET {path} as {role}"


@pytest.mark.parametrize(("rule", "role"), cases("POST", sent_only=True))
def test_refused_post_changes_nothing(world_app, world, rule, role):
    client = client_as(world_app, account_of(world, role))
    before = snapshot()
    response = client.submit(path_for(rule, world), post_data(rule, world))
    check(response, outcome(rule, "POST", role), rule, role, world)
    assert changes(before, snapshot()) == {}, f"POST {rule} as {role} changed the database"
