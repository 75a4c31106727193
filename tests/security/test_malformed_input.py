"""No input answers 500: every route of app.url_map, sent malformed values by a visitor, a member
and a moderator.

Huge and negative ids, NUL and other control characters, invalid UTF-8, overlong text, missing,
unknown and repeated fields, wrong types and impossible dates, in the path, the query string and
the body. The app runs with TESTING on, so an unhandled error raises here instead of becoming a
500 page; both count as a failure. One world, one app, one client per role and route: fast.
"""

import datetime
import re

import pytest

from tests.security.test_authorization_matrix import MATRIX, OK, outcome
from tests.security.world import PARAMETER, account_of, client_as, path_for, post_data, url_values

ROLES = ("visitor", "member", "moderator")
HUGE = (str(2**63), "9" * 40)
RAW_BAD_UTF8 = "%FF%FE%C0%AF"
QUERY_NAMES = ("region", "page", "quote", "month", "past", "to", "q", "language", "kind", "role", "field",
               "category", "invite", "next", "v")
QUERIES = [
    "?" + "&".join(f"{name}={2**63}&{name}=-1" for name in QUERY_NAMES),
    "?" + "&".join(f"{name}={value}" for name, value in
                   zip(QUERY_NAMES, ["%00", RAW_BAD_UTF8, "x" * 3000, "9999-99", "__class__", "meta[]"] * 3, strict=False)),
]
ODD_DATES = ("0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30", "-1-13-45")
# what these do to the signed-in test account would end the walk for the routes after them
ENDS_THE_SESSION = {"/account/delete", "/logout", "/exit", "/account/security", "/account/two-factor/disable",
                    "/account/sessions", "/recover", "/reset/<token>"}
DATE_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def routes(method):
    """Every rule of app.url_map answering method (the matrix's own test keeps it equal to url_map)."""
    return sorted(rule for rule, row_method in MATRIX if row_method == method)


def paths_with_bad_parameters(rule, w):
    """The rule with each of its parameters replaced by malformed values, one at a time."""
    values = url_values(rule, w)
    for name in PARAMETER.findall(rule):
        bad = (HUGE[0], "-1") if f"int:{name}>" in rule else ("%00", RAW_BAD_UTF8 + "x" * 3000)
        for value in bad:
            yield PARAMETER.sub(lambda match, n=name, v=value: v if match.group(1) == n else str(values[match.group(1)]),
                                rule)


def bad_bodies(data):
    """Form bodies: all fields malformed at once, then each field missing (or an odd date) in turn."""
    fields = sorted(set(data) | {"title", "body", "note", "text", "handle"})
    for value in ("a\x00b\x1b\x7f", "é" * 20_000, HUGE[0], "-1"):
        yield {**data, **{name: value for name in fields}}
    for name in data:
        yield {key: value for key, value in data.items() if key != name}
        if DATE_VALUE.match(str(data[name])):
            for odd in ODD_DATES:
                yield {**data, name: odd}
    yield {}
    yield {**data, "unknown": "x", "__class__": "x", "meta": "x", "validate": "x", "errors": "x", "data": "x"}
    yield {name: ["\x00", value] for name, value in data.items()}


def refusable(body):
    """Whether the form must refuse this body (a NUL somewhere), so it cannot end the session."""
    return any("\x00" in (value if isinstance(value, str) else "".join(map(str, value)))
               for value in body.values())


RAW_BODIES = ((f"{RAW_BAD_UTF8}={RAW_BAD_UTF8}&title={RAW_BAD_UTF8}&body=%00", "application/x-www-form-urlencoded"),
              ('{"title": "\\u0000", "body": [1, 2]}', "application/json"))


def status_of(client, method, path, **kwargs):
    """The status of one request; an unhandled exception counts as a 500."""
    try:
        with client.open(path, method=method, **kwargs) as response:
            return response.status_code
    except Exception as error:
        return f"500 ({type(error).__name__}: {str(error)[:120]})"


def failures_of(statuses):
    return [(where, status) for where, status in statuses if not isinstance(status, int) or status >= 500]


def test_a_nul_in_a_reply_is_refused_with_a_message_and_the_text_kept(world_app, world):
    client = client_as(world_app, account_of(world, "member"))
    typed = "I can help\x00 with the forms"
    response = client.submit(path_for("/forum/t/<int:thread_id>/reply", world), {"body": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "invisible control characters" in page
    assert "I can help" in page and "with the forms" in page


def test_ids_beyond_any_column_are_not_found(world_app, world):
    client = client_as(world_app, account_of(world, "member"))
    for path in (f"/forum/t/{2**63}", f"/calendar/{2**64}", f"/forum/t/{2**63 - 1}"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/calendar?region={2**63}").status_code == 200


def test_the_check_endpoint_knows_only_its_two_fields(world_app, world):
    client = client_as(world_app, account_of(world, "member"))
    for name in ("meta", "validate", "errors", "data", "__class__", "csrf_token", "category"):
        assert client.submit(f"/forum/new/check?field={name}", {"title": "x"}).status_code == 404, name
    assert client.submit("/forum/new/check?field=title", {"title": "A new thread"}).status_code == 200


def test_a_meetup_form_without_its_online_link_is_saved_as_empty(world_app, world):
    from portal.calendar.models import Meetup
    from tests.security.world import meetup_form

    client = client_as(world_app, account_of(world, "organiser"))
    form = meetup_form("No link given")
    del form["online_link"]
    assert client.submit("/calendar/new", form).status_code == 303
    assert Meetup.get(Meetup.title == "No link given").online_link == ""


def test_odd_dates_in_the_query_are_ignored(world_app, world):
    client = client_as(world_app, account_of(world, "member"))
    for month in ("0000-01", "9999-12", "0001-01", "2026-00", datetime.date.max.isoformat()):
        assert client.get(f"/calendar?month={month}").status_code in (200, 404), month


@pytest.mark.parametrize("rule", routes("GET"))
def test_no_get_answers_500(world_app, world, rule):
    statuses = []
    for role in ROLES:
        client = client_as(world_app, account_of(world, role))
        good = path_for(rule, world)
        for path in [*paths_with_bad_parameters(rule, world), *(good + query for query in QUERIES)]:
            statuses.append(((role, path[:160]), status_of(client, "GET", path)))
    assert failures_of(statuses) == []


@pytest.mark.parametrize("rule", routes("POST"))
def test_no_post_answers_500(world_app, world, rule):
    statuses = []
    # the whole walk of bodies for one person the form is meant for; the others are turned away first
    walker = next((role for role in ROLES if outcome(rule, "POST", role) == OK), None)
    for role in ROLES:
        client = client_as(world_app, account_of(world, role))
        data, token = post_data(rule, world), {"csrf_token": client.csrf_token()}
        path = path_for(rule, world)
        # sent to a real address with an odd query, the right data would delete the account itself
        sane = {name: "\x00" for name in data} if rule in ENDS_THE_SESSION else data
        for bad_path in [*paths_with_bad_parameters(rule, world), path + QUERIES[0]]:
            statuses.append(((role, bad_path[:160]), status_of(client, "POST", bad_path, data={**sane, **token})))
        bodies = bad_bodies(data) if role == walker else iter([{"title": "\x00", "body": HUGE[0]}])
        if rule in ENDS_THE_SESSION:
            bodies = filter(refusable, bodies)
        for body in bodies:
            statuses.append(((role, path, repr(body)[:200]), status_of(client, "POST", path, data={**body, **token})))
        if role == walker:
            for raw, kind in RAW_BODIES:
                if kind.endswith("urlencoded"):
                    raw += "&csrf_token=" + token["csrf_token"]
                statuses.append(((role, path, raw[:60]), status_of(client, "POST", path, data=raw.encode(),
                                                                   content_type=kind)))
    assert failures_of(statuses) == []
