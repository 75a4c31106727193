"""A "no" reads the same whoever said it, also over time.

The attack: the requester watches their request. If it read "With the moderators", then "Waiting for
an answer" once approved, a later "not possible" could only come from the other member; and a "not
possible" that arrives within the hour is most likely the moderators'. So the requester sees one open
state until the end, and is told "not possible" only when the request would have expired, in the same
words and with the same notification, whether a moderator said no, the other member said no (with or
without blocking), or nobody answered. Each moment is compared across every path: the page, the list,
the notifications and the export.
"""

import json
import re

import pytest

from portal.introductions import flow
from portal.introductions.models import Introduction
from portal.notifications.models import Notification
from tests.conftest import make_member
from tests.helpers import main_of, page_of
from tests.introduction_fixtures import ALREADY_OPEN, NOT_POSSIBLE, age

CSRF_VALUE = re.compile(r'name="csrf_token"(?: type="hidden")? value="[^"]*"')
# how each path goes on from "requested": (what the moderator does, what the other member does)
PATHS = {
    "declined by a moderator": ("decline", None),
    "declined by the other member": ("approve", "decline"),
    "declined and blocked by the other member": ("approve", "block"),
    "nobody answered": ("approve", None),
    "the moderators never decided": (None, None),
}


@pytest.fixture
def watched(people, app):
    """One request of amira's per path, each to a different member."""
    app.config["INTRODUCTIONS_MAX_OPEN"] = 10
    requests = {}
    for number, path in enumerate(PATHS):
        recipient = make_member(f"other-{number}")
        requests[path] = (flow.request_introduction(people.requester, recipient, note="We both cook.",
                                                    first_message="Hello!", shares={}), recipient)
    return requests


def moderators_step(people, watched):
    for path, (introduction, _recipient) in watched.items():
        step = PATHS[path][0]
        if step == "approve":
            flow.approve(introduction, people.moderator)
        elif step == "decline":
            flow.decline_by_moderator(introduction, people.moderator, "Not now.")


def members_step(people, watched):
    for path, (introduction, recipient) in watched.items():
        step = PATHS[path][1]
        if step:
            flow.decline(Introduction.get_by_id(introduction.id), recipient, block=step == "block")


def the_end(watched):
    """Every request reaches the expiry age, and the next page anyone opens runs the expiry."""
    for introduction, _recipient in watched.values():
        age(introduction, 31)


def what_the_requester_sees(people, watched):
    """{path: everything the requester can read about that request}, with names and ids taken out."""
    browser = people.browser(people.requester)
    listing = main_of(page_of(browser.get("/introductions")))
    rows = dict(re.findall(r'<li><a href="/introductions/(\d+)">(.*?)</li>', listing, re.S))
    notifications = page_of(browser.get("/notifications"))
    export = json.loads(page_of(browser.get("/account/export.json")))
    exported = {row["id"]: row for row in export["introductions"]}
    seen = {}
    for path, (introduction, recipient) in watched.items():
        def anonymous(text, introduction=introduction, recipient=recipient):
            # the CSRF token is signed with the time: it differs between any two pages
            text = CSRF_VALUE.sub('name="csrf_token" value=""', text)
            return (text.replace(recipient.handle, "OTHER").replace(f"/introductions/{introduction.id}", "/ID")
                    .replace(f"/notifications/{introduction.id}", "/N"))
        row = exported[introduction.id]
        told = list(Notification.select().where(Notification.member == people.requester.id,
                                                Notification.target_id == introduction.id))
        seen[path] = {
            "page": anonymous(main_of(page_of(browser.get(f"/introductions/{introduction.id}")))),
            "list row": anonymous(rows[str(introduction.id)]),
            "notifications": [(n.kind, n.actor_id, n.target_type) for n in told],
            "export": {key: (value is not None if key.endswith("_at") else value) for key, value in row.items()
                       if key not in ("id", "recipient", "created_at")},
            "asking again": anonymous(main_of(page_of(browser.get(f"/introductions/new?to={recipient.handle}")))),
        }
    # the notifications page shows the same lines for every path (the links differ only in their ids)
    lines = re.findall(r'<a href="/notifications/\d+">(.*?)</a>', notifications)
    return seen, lines


def all_the_same(seen):
    first, *others = seen.values()
    for path, view in seen.items():
        for part in first:
            assert view[part] == first[part], f"{path}: {part} differs"
    return first


def test_the_requester_sees_the_same_at_every_moment_whoever_said_no(people, watched):
    moments = []
    for step in (lambda: None, lambda: moderators_step(people, watched), lambda: members_step(people, watched)):
        step()
        seen, lines = what_the_requester_sees(people, watched)
        view = all_the_same(seen)
        # one neutral open state, nothing told yet, nothing the requester could tell apart
        assert re.search(r'<p class="state"><strong>Waiting for an answer</strong></p>', view["page"])
        assert view["export"]["state"] == "open" and view["export"]["ended_at"] is False
        assert view["notifications"] == [] and lines == []
        assert ALREADY_OPEN in view["asking again"]
        moments.append(view)
    # and the open state does not change from one moment to the next either
    assert moments[0] == moments[1] == moments[2]

    the_end(watched)
    seen, lines = what_the_requester_sees(people, watched)
    for path in ("declined and blocked by the other member",):
        # blocking prevents new requests (with the words used for every "cannot"): only the new form differs
        seen[path]["asking again"] = seen["declined by a moderator"]["asking again"]
    view = all_the_same(seen)
    assert re.search(rf'<p class="state"><strong>{re.escape(NOT_POSSIBLE)}</strong></p>', view["page"])
    assert view["export"]["state"] == "not_possible" and view["export"]["ended_at"] is True
    assert view["notifications"] == [("intro_not_possible", None, "introduction")]
    assert lines == ["An introduction you asked for is not possible right now."] * len(PATHS)


def test_the_moderators_no_is_not_told_before_the_end(people, watched):
    moderators_step(people, watched)
    introduction, _recipient = watched["declined by a moderator"]
    age(introduction, 29)
    people.browser(people.requester).get("/introductions")
    assert Notification.select().where(Notification.member == people.requester.id).count() == 0
    age(introduction, 31)
    people.browser(people.requester).get("/introductions")
    told, = Notification.select().where(Notification.member == people.requester.id)
    assert (told.kind, told.target_id) == ("intro_not_possible", introduction.id)
    # told once, however often the list is opened
    people.browser(people.requester).get("/introductions")
    assert Notification.select().where(Notification.member == people.requester.id).count() == 1


def test_a_no_not_yet_told_still_counts_toward_the_limit_and_can_be_withdrawn(people, watched, app):
    moderators_step(people, watched)
    members_step(people, watched)
    app.config["INTRODUCTIONS_MAX_OPEN"] = len(PATHS)
    page = main_of(page_of(people.browser(people.requester).get("/introductions/new?to=carla")))
    assert f"You have {len(PATHS)} open requests." in page
    for path, (introduction, _recipient) in watched.items():
        response = people.browser(people.requester).submit(f"/introductions/{introduction.id}/withdraw", {})
        assert response.status_code == 303, path
        assert Introduction.get_by_id(introduction.id).state == "withdrawn"
    # the staff still know what happened: the moderator's and the member's no stay in the record
    assert Introduction.select().where(Introduction.declined_by != "").count() == 3


def test_the_other_member_still_sees_their_own_answer_at_once(people, watched):
    moderators_step(people, watched)
    members_step(people, watched)
    introduction, recipient = watched["declined by the other member"]
    page = main_of(page_of(people.browser(recipient).get(f"/introductions/{introduction.id}")))
    assert "You said no" in page and NOT_POSSIBLE not in page


def test_a_yes_is_told_at_once(people, watched):
    introduction, recipient = watched["nobody answered"]
    flow.accept(flow.approve(introduction, people.moderator), recipient, {})
    told, = Notification.select().where(Notification.member == people.requester.id)
    assert told.kind == "intro_accepted"


def test_declines_made_before_the_upgrade_count_as_told(people, app):
    """Migration 0007: those were told at once; they must not be told again, nor look open again."""
    import importlib

    from portal import db

    introduction = flow.decline_by_moderator(people.requested(), people.moderator)
    Introduction.update(ended_at=None).where(Introduction.id == introduction.id).execute()
    importlib.import_module("portal.migrations.0007_neutral_no").up(None, db.database)
    introduction = Introduction.get_by_id(introduction.id)
    assert introduction.ended_at == introduction.decided_at
    assert introduction.requester_state == "not_possible"
    age(introduction, 31)
    assert flow.expire_stale() == 0


def test_the_export_does_not_show_whom_a_moderator_asked_to_be_the_buddy(people):
    """As on the page: that a buddy was chosen (and who) stays unknown until both are introduced."""
    request = people.buddy_request()
    browser = people.browser(people.requester)
    before = json.loads(page_of(browser.get("/account/export.json")))["introductions"]
    flow.match_buddy(request, people.moderator, people.buddy)
    after = json.loads(page_of(browser.get("/account/export.json")))["introductions"]
    assert before == after
    assert after[0]["recipient"] is None and after[0]["state"] == "open"
    flow.accept(Introduction.get_by_id(request.id), people.buddy, {})
    introduced, = json.loads(page_of(browser.get("/account/export.json")))["introductions"]
    assert introduced["recipient"] == people.buddy.id and introduced["state"] == "introduced"
