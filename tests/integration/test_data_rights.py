"""Data rights: export everything about me, and delete my account for real."""

import datetime
import json
import re
from types import SimpleNamespace

import pyotp
import pytest

from portal import db
from portal.audit import AuditEntry
from portal.auth import membership, notes, sanctions
from portal.auth.models import Application, Vouch
from portal.calendar import attendance
from portal.calendar.models import Rsvp
from portal.db import is_sqlite, transaction
from portal.forum import moderating, posting
from portal.forum.models import Post, PostRevision, Thread
from portal.introductions import flow, reports
from portal.introductions.models import ConversationMessage, Introduction, MessageReport
from portal.members.models import Block, Member, RecoveryCode
from portal.models import ALL_MODELS
from portal.notifications import notify
from portal.notifications.models import Notification
from portal.support import flow as support
from portal.support.models import SupportRequest
from tests.calendar_fixtures import add_meetup
from tests.conftest import PASSWORD, make_member
from tests.forum_fixtures import make_category, opening_post
from tests.helpers import page_of, set_fields, sign_in

HANDLE = "Zephyrine"
BIO = "zq-bio: walks along the canal with my dog"
EMAIL = "zephyrine.private@example.org"
# every text the member wrote (or that was written about them), each findable on its own
TEXT = {
    "title": "zq-thread-title about housing",
    "opening": "zq-opening-post text",
    "reply_before_edit": "zq-reply first version",
    "reply": "zq-reply edited version",
    "reply_elsewhere": "zq-reply in someone elses thread",
    "flag_note": "zq-flag-note this is spam",
    "intro_note": "zq-intro-note we both cook",
    "first_message": "zq-first-message hello there",
    "phone": "+31 6 1234 9876",
    "signal": "zq-signal-handle",
    "moderator_note": "zq-moderator-note looks fine",
    "message_one": "zq-message one from the member",
    "message_two": "zq-message two from the member",
    "message_from_other": "zq-message from the other side",
    "report_note": "zq-report-note this message scared me",
    "warning": f"Dear {HANDLE}, zq-warning please be kind",
    "vetting_note": "zq-vetting-note internal",
    "support_text": "zq-support-request I need a safe room",
    "support_contact": "zq-support-contact signal handle",
    "support_message": "zq-support-message from the member",
    "staff_answer": "zq-staff-answer we found a place",
    "staff_note": "zq-staff-note met at the welcome evening",
}
# what stays when the member chooses to keep their forum posts
KEPT_POSTS = {"title", "opening", "reply", "reply_elsewhere"}
KEPT_TABLES = {"post", "thread", "post_search"}


def busy_member(app):
    """A member who has touched every feature of the portal, and the people around them."""
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    member = make_member(HANDLE, email=EMAIL)
    member = set_fields(member, bio=BIO, timezone="Europe/Brussels", visible_to_attendees=True)
    with transaction():
        Application.update(note=TEXT["vetting_note"]).where(Application.member == member).execute()
    other, waiting, blocked = make_member("Quillon"), make_member("Waitwell"), make_member("Blockee")
    moderator, organiser = make_member("Moderata", "moderator"), make_member("Orga", "organiser")

    # the forum: a thread with an edited reply, a reply elsewhere, a flag, a subscription
    category = make_category("housing")
    thread = posting.create_thread(category, member, TEXT["title"], TEXT["opening"])
    reply = posting.add_reply(thread, member, TEXT["reply_before_edit"])
    posting.edit_post(reply, member, TEXT["reply"])
    elsewhere = posting.create_thread(category, other, "A thread by someone else", "Their opening post")
    posting.add_reply(elsewhere, member, TEXT["reply_elsewhere"])
    moderating.flag_post(opening_post(elsewhere), member, "spam", TEXT["flag_note"])
    posting.set_subscription(elsewhere, member, True)
    # someone replies in the member's thread: the member gets a notification
    posting.add_reply(thread, other, "A reply from someone else")

    # a full meet-up: the member has the last place, someone waits
    meetup = add_meetup(organiser, capacity=1, title="Board games evening")
    assert attendance.sign_up(meetup, member) == "going"
    assert attendance.sign_up(meetup, waiting) == "waiting"

    # an introduction, accepted, with a conversation and reported messages both ways
    introduction = flow.request_introduction(
        member, other, note=TEXT["intro_note"], first_message=TEXT["first_message"],
        shares={"phone": TEXT["phone"], "signal": TEXT["signal"]})
    introduction = flow.approve(introduction, moderator, TEXT["moderator_note"])
    introduction = flow.accept(introduction, Member.get_by_id(other.id), {"email": "quillon@example.org"})
    mine = flow.send_message(introduction, member, TEXT["message_one"])
    theirs = flow.send_message(introduction, other, TEXT["message_from_other"])
    flow.send_message(introduction, member, TEXT["message_two"])
    reports.report_message(mine, Member.get_by_id(other.id), "Reported by the other side")
    reports.report_message(theirs, member, TEXT["report_note"])

    # a block, a calendar feed address, a warning (with its notification and audit entry)
    with transaction():
        Block.create(blocker=member, blocked=blocked)
        warning = sanctions.warn(member, moderator, TEXT["warning"])
        notify.send(member.id, "warning", target_type="warning", target_id=warning.id)
    member = set_fields(member, feed_token_hash="f" * 64)

    # a support request with a thread, a staff note, and an applicant who named the member as voucher
    request = support.take(support.open_request(member, category="unsafe", text=TEXT["support_text"], language="ar",
                                                contact=TEXT["support_contact"]), moderator)
    support.post_message(request, member, TEXT["support_message"])
    support.post_message(request, moderator, TEXT["staff_answer"])
    notes.add_note(member, moderator, TEXT["staff_note"])
    applicant, _codes = membership.apply("Hopeful", PASSWORD, languages=["en"], vouch_handle=HANDLE)
    return SimpleNamespace(member=member, other=other, waiting=waiting, blocked=blocked, moderator=moderator,
                           organiser=organiser, thread=thread, reply=reply, elsewhere=elsewhere, meetup=meetup,
                           introduction=introduction)


def text_fields(model):
    return [field for field in model._meta.sorted_fields if field.field_type in ("VARCHAR", "TEXT")]


def everything_stored():
    """(table, column, row id, value) for every text value in the database."""
    for model in ALL_MODELS:
        fields = text_fields(model)
        if not fields:
            continue
        # as the database holds them: past the fields, which turn some (lists of codes) into other types
        for row in db.database.execute_sql(*model.select(model._meta.primary_key, *fields).sql()).fetchall():
            for field, value in zip(fields, row[1:], strict=False):
                if value:
                    yield model._meta.table_name, field.name, row[0], value
    if is_sqlite():
        # the forum's full-text index keeps its own copy of titles and bodies
        cursor = db.database.execute_sql("SELECT rowid, title, body FROM post_search")
        for rowid, title, body in cursor.fetchall():
            yield "post_search", "title", rowid, title or ""
            yield "post_search", "body", rowid, body or ""


def found_anywhere(needles):
    """{needle: [(table, column, row id)]} for each needle found anywhere (case-insensitive)."""
    found = {}
    for table, column, row_id, value in everything_stored():
        for needle in needles:
            if needle.casefold() in value.casefold():
                found.setdefault(needle, []).append((table, column, row_id))
    return found


def delete_account(browser, posts, code=None, **overrides):
    data = {"posts": posts, "password": PASSWORD, "confirm": "y"}
    if code:
        data["code"] = code
    data.update(overrides)
    return browser.submit("/account/delete", data)


# the search covers the whole database -----------------------------------------------------------

def test_every_table_of_the_database_is_searched(app):
    tables = set(db.database.get_tables())
    covered = {model._meta.table_name for model in ALL_MODELS} | {"schema_migration"}
    if is_sqlite():
        # the full-text index and its shadow tables (read through post_search itself)
        covered |= {table for table in tables if table.startswith("post_search")}
        # the planner's statistics (ANALYZE): row counts per index, no values
        covered |= {"sqlite_stat1"}
        if "sqlite_stat4" in tables:
            assert db.database.execute_sql("SELECT COUNT(*) FROM sqlite_stat4").fetchone()[0] == 0
            covered.add("sqlite_stat4")
    assert tables - covered == set()


# deleting for real -----------------------------------------------------------------------------

@pytest.mark.parametrize("posts", ["delete", "keep"])
def test_deleting_an_account_leaves_nothing_of_the_member(app, posts):
    cast = busy_member(app)
    member = cast.member
    browser = sign_in(app, member)
    sign_in(app, member)  # a second device, signed out with the account too
    secret = pyotp.random_base32()
    set_fields(member, totp_secret=secret)
    needles = [HANDLE, member.handle_key, BIO, EMAIL, *TEXT.values()]
    # the set-up really wrote every text somewhere: otherwise finding nothing proves nothing
    assert set(found_anywhere(needles)) == set(needles)

    response = delete_account(browser, posts, code=pyotp.TOTP(secret).now())
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "Your account is deleted. Take care." in page_of(browser.get("/"))

    kept = {TEXT[name] for name in KEPT_POSTS} if posts == "keep" else set()
    leftovers = {needle: places for needle, places in found_anywhere(needles).items()
                 if not (needle in kept and all(table in KEPT_TABLES for table, _, _ in places))}
    assert leftovers == {}, leftovers
    if posts == "keep":
        assert set(found_anywhere(kept)) == kept, "kept posts must still be there"

    # the rows themselves
    assert not Member.select().where(Member.id == member.id).exists()
    for model, condition in [(RecoveryCode, RecoveryCode.member == member.id),
                             (Rsvp, Rsvp.member == member.id),
                             (Notification, Notification.member == member.id),
                             (Block, Block.blocker == member.id),
                             (sanctions.MemberWarning, sanctions.MemberWarning.member == member.id),
                             (Application, Application.member == member.id),
                             (PostRevision, PostRevision.post.in_([cast.reply.id])),
                             (ConversationMessage, ConversationMessage.introduction == cast.introduction.id),
                             (MessageReport, MessageReport.author == member.id),
                             (SupportRequest, SupportRequest.member == member.id),
                             (notes.StaffNote, notes.StaffNote.member == member.id),
                             (Vouch, Vouch.voucher == member.id)]:
        assert not model.select().where(condition).exists(), model.__name__
    assert not Post.select().where(Post.author == member.id).exists()
    assert not Thread.select().where(Thread.author == member.id).exists()
    assert MessageReport.select().where(MessageReport.reporter.is_null()).count() == 0


@pytest.mark.parametrize("posts", ["delete", "keep"])
def test_what_others_see_after_an_account_is_deleted(app, posts):
    cast = busy_member(app)
    browser = sign_in(app, cast.member)
    assert delete_account(browser, posts).status_code == 303

    # the person waiting for the meet-up moves up and is told
    assert Rsvp.get(Rsvp.meetup == cast.meetup.id, Rsvp.member == cast.waiting.id).state == "going"
    assert Notification.select().where(Notification.member == cast.waiting.id,
                                       Notification.kind == "rsvp_promoted").exists()

    # the other side of the introduction sees an ended conversation with a former member
    other = sign_in(app, cast.other)
    page = page_of(other.get(f"/introductions/{cast.introduction.id}"))
    assert "This conversation has ended" in page and "former member" in page
    assert HANDLE not in page and TEXT["message_from_other"] not in page
    introduction = Introduction.get_by_id(cast.introduction.id)
    assert introduction.state == "ended" and introduction.requester_id is None
    assert Notification.select().where(Notification.member == cast.other.id,
                                       Notification.kind == "intro_ended").exists()

    # the forum: kept posts under "former member", or gone
    thread_page = other.get(f"/forum/t/{cast.thread.id}")
    if posts == "keep":
        page = page_of(thread_page)
        assert thread_page.status_code == 200
        assert TEXT["opening"] in page and TEXT["reply"] in page and "former member" in page
        assert HANDLE not in page and TEXT["reply_before_edit"] not in page
    else:
        # the thread stays for the one who replied in it; only the member's own words go
        page = page_of(thread_page)
        assert thread_page.status_code == 200
        assert "A reply from someone else" in page and "Removed thread title" in page
        assert TEXT["title"] not in page and TEXT["opening"] not in page and HANDLE not in page
        page = page_of(other.get(f"/forum/t/{cast.elsewhere.id}"))
        assert TEXT["reply_elsewhere"] not in page and HANDLE not in page


def test_the_audit_log_keeps_the_actions_but_not_who_they_were_about(app):
    cast = busy_member(app)
    actions = {entry.id: entry.action for entry in AuditEntry.select()}
    about_member = [entry.id for entry in AuditEntry.select().where(AuditEntry.target_member == cast.member.id)]
    assert {actions[entry_id] for entry_id in about_member} == {"member.warned", "introduction.approved",
                                                                "member.note_added"}
    browser = sign_in(app, cast.member)
    assert delete_account(browser, "delete").status_code == 303

    assert {entry.id: entry.action for entry in AuditEntry.select()} == actions
    for entry in AuditEntry.select().where(AuditEntry.id.in_(about_member)):
        assert entry.target_member_id is None and entry.note == ""
        assert entry.actor_id == cast.moderator.id
    log = page_of(sign_in(app, cast.moderator).get("/moderation/log"))
    assert "Member warned" in log and "former member" in log and HANDLE not in log


def test_a_deleted_member_cannot_sign_in_and_every_session_ends(app):
    member = make_member("Sami")
    browser, phone = sign_in(app, member), sign_in(app, member)
    codes = membership.issue_recovery_codes(member)
    assert delete_account(browser, "delete").status_code == 303
    assert browser.get("/account").status_code == 302
    assert phone.get("/account").status_code == 302
    response = app.test_client().submit("/login", {"handle": "Sami", "password": PASSWORD})
    assert response.status_code == 422
    response = app.test_client().submit("/recover", {"handle": "Sami", "code": codes[0],
                                                     "password": "a brand new password",
                                                     "password_repeat": "a brand new password"})
    assert response.status_code == 422
    # the pseudonym is free again
    assert not membership.login_name_taken("Sami")


def test_an_applicant_can_delete_their_application_and_account(app):
    applicant = make_member("Nour", "applicant")
    browser = sign_in(app, applicant)
    assert delete_account(browser, "delete").status_code == 303
    assert not Member.select().where(Member.id == applicant.id).exists()
    assert not Application.select().where(Application.member == applicant.id).exists()


# the confirmation ------------------------------------------------------------------------------

def test_a_wrong_password_keeps_the_account_and_the_choices_typed(app, client, login_as):
    member = login_as("member")
    response = delete_account(client, "keep", password="not my password")
    page = page_of(response)
    assert response.status_code == 422
    assert "This is not your current password." in page
    assert re.search(r'<input checked[^>]*name="posts"[^>]*value="keep"', page)
    assert not re.search(r'<input checked[^>]*value="delete"', page)
    assert re.search(r'<input checked[^>]*name="confirm"', page)
    assert "not my password" not in page
    assert Member.select().where(Member.id == member.id).exists()


@pytest.mark.parametrize("missing, message", [("confirm", "Tick this to confirm."),
                                              ("posts", "Choose what happens to your posts."),
                                              ("password", "Type your password.")])
def test_deleting_needs_every_confirmation(app, client, login_as, missing, message):
    member = login_as("member")
    data = {"posts": "delete", "password": PASSWORD, "confirm": "y"}
    del data[missing]
    response = client.submit("/account/delete", data)
    assert response.status_code == 422
    assert message in page_of(response)
    assert Member.select().where(Member.id == member.id).exists()


def test_deleting_needs_the_code_when_two_factor_is_on(app, client, login_as):
    member = login_as("member")
    secret = pyotp.random_base32()
    set_fields(member, totp_secret=secret)
    page = page_of(client.get("/account/delete"))
    assert re.search(r'<input[^>]*name="code"', page)
    response = delete_account(client, "delete")
    assert response.status_code == 422
    assert "This code is not right, or it was used already." in page_of(response)
    assert Member.select().where(Member.id == member.id).exists()
    assert delete_account(client, "delete", code=pyotp.TOTP(secret).now()).status_code == 303
    assert not Member.select().where(Member.id == member.id).exists()


def test_deleting_needs_a_csrf_token(app, client, login_as):
    member = login_as("member")
    response = client.post("/account/delete", data={"posts": "delete", "password": PASSWORD, "confirm": "y"})
    assert response.status_code in (400, 422)
    assert Member.select().where(Member.id == member.id).exists()


# the export ------------------------------------------------------------------------------------

def test_the_export_page_summarises_what_is_stored(app):
    cast = busy_member(app)
    page = page_of(sign_in(app, cast.member).get("/account/export"))
    rows = dict(re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td></tr>', page))
    assert rows["Forum posts"] == "3"
    assert rows["Earlier versions of your posts"] == "1"
    assert rows["Posts you reported"] == "1"
    assert rows["Meet-ups you signed up for"] == "1"
    assert rows["Introductions"] == "1"
    assert rows["Messages in your conversations"] == "3"
    assert rows["People you blocked"] == "1"
    assert rows["Warnings"] == "1"
    assert int(rows["Notifications"]) >= 2
    assert 'href="/account/export.json"' in page


def test_the_export_file_holds_everything_about_the_member(app):
    cast = busy_member(app)
    member = cast.member
    response = sign_in(app, member).get("/account/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))

    profile = data["profile"]
    assert profile["handle"] == HANDLE and profile["bio"] == BIO and profile["email"] == EMAIL
    # the settings are part of it
    assert profile["timezone"] == "Europe/Brussels" and profile["visible_to_attendees"] is True
    assert "locale" in profile and "profile_hidden" in profile
    assert [row["status"] for row in data["applications"]] == ["approved"]
    assert {row["title"] for row in data["threads_started"]} == {TEXT["title"]}
    assert {row["body"] for row in data["posts"]} == {TEXT["opening"], TEXT["reply"], TEXT["reply_elsewhere"]}
    assert [row["body"] for row in data["post_revisions"]] == [TEXT["reply_before_edit"]]
    assert [row["note"] for row in data["flags_made"]] == [TEXT["flag_note"]]
    assert {row["thread"] for row in data["subscriptions"]} == {cast.thread.id, cast.elsewhere.id}
    assert [(row["meetup"], row["state"]) for row in data["rsvps"]] == [(cast.meetup.id, "going")]
    [introduction] = data["introductions"]
    assert introduction["first_message"] == TEXT["first_message"]
    assert introduction["requester_phone"] == TEXT["phone"]
    assert {row["body"] for row in data["conversation_messages"]} == {
        TEXT["message_one"], TEXT["message_two"], TEXT["message_from_other"]}
    assert [row["blocked"] for row in data["blocks_made"]] == [cast.blocked.id]
    assert [row["message"] for row in data["warnings_received"]] == [TEXT["warning"]]
    assert {row["kind"] for row in data["notifications"]} >= {"reply", "warning", "intro_accepted"}
    [request] = data["support_requests"]
    assert (request["text"], request["contact"]) == (TEXT["support_text"], TEXT["support_contact"])
    assert [row["body"] for row in request["messages"]] == [TEXT["support_message"], TEXT["staff_answer"]]
    assert [row["state"] for row in data["vouches_asked_of_me"]] == ["asked"]
    assert data["staff_notes_exist"] is True


def test_the_export_file_never_holds_secrets_or_staff_notes(app):
    cast = busy_member(app)
    member = cast.member
    browser = sign_in(app, member)
    secret = pyotp.random_base32()
    member = set_fields(member, totp_secret=secret)
    text = page_of(browser.get("/account/export.json"))
    for name in ("password_hash", "totp_secret", "feed_token_hash", "handle_key", "code_hash", "token_hash"):
        assert name not in text
    for value in (member.password_hash, secret, member.feed_token_hash,
                  *[row.code_hash for row in RecoveryCode.select().where(RecoveryCode.member == member)]):
        assert value not in text
    # what moderators wrote for each other, and who warned, stay with the moderators
    assert TEXT["vetting_note"] not in text and TEXT["moderator_note"] not in text
    assert TEXT["staff_note"] not in text and "Moderata" not in text
    assert '"issued_by"' not in text
    # nothing about the other people's accounts either
    other = Member.get_by_id(cast.other.id)
    assert other.password_hash not in text and "Quillon" not in text


def test_the_export_does_not_show_a_request_no_moderator_has_approved(app):
    # a pending request stays invisible to the person asked, also in their export
    member, requester, moderator = make_member("Sami"), make_member("Lina"), make_member("Mo", "moderator")
    flow.request_introduction(requester, member, note="why", first_message="zq-unapproved hello",
                              shares={"phone": "+31 6 5555 0000"})
    declined = flow.request_introduction(make_member("Omar"), member, note="why",
                                         first_message="zq-declined hello", shares={})
    flow.decline_by_moderator(declined, moderator, "not a good match")
    text = page_of(sign_in(app, member).get("/account/export.json"))
    data = json.loads(text)
    assert data["introductions"] == []
    assert "zq-unapproved hello" not in text and "+31 6 5555 0000" not in text and "zq-declined hello" not in text


def test_the_export_does_not_tell_the_requester_who_said_no(app):
    # the requester reads the same neutral words whether a moderator or the other member said no
    member, moderator = make_member("Sami"), make_member("Mo", "moderator")
    first, second = make_member("Lina"), make_member("Omar")
    by_moderator = flow.request_introduction(member, first, note="why", first_message="hello", shares={})
    flow.decline_by_moderator(by_moderator, moderator, "no")
    by_member = flow.approve(flow.request_introduction(member, second, note="why", first_message="hello",
                                                       shares={}), moderator)
    flow.decline(by_member, Member.get_by_id(second.id))
    data = json.loads(page_of(sign_in(app, member).get("/account/export.json")))

    def what_it_says(record):
        # ids and moments differ anyway; which fields are filled in must not
        return {key: (bool(value) if key.endswith("_at") else value) for key, value in record.items()
                if key not in ("id", "recipient", "created_at")}

    records = {row["recipient"]: what_it_says(row) for row in data["introductions"]}
    assert records[first.id] == records[second.id]


def test_the_export_needs_a_signed_in_member(client):
    for path in ("/account/export", "/account/export.json"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_export_is_not_cached(app, client, login_as):
    login_as("member")
    assert client.get("/account/export.json").headers["Cache-Control"] == "no-store"


def test_a_used_code_cannot_delete_an_account(app, client, login_as):
    # the sign-in code was watched: it cannot be replayed to delete the account
    member = login_as("member")
    secret = pyotp.random_base32()
    set_fields(member, totp_secret=secret)
    totp = pyotp.TOTP(secret)
    step = totp.timecode(datetime.datetime.now())
    set_fields(member, totp_last_step=step)
    assert delete_account(client, "delete", code=totp.generate_otp(step)).status_code == 422
    assert Member.select().where(Member.id == member.id).exists()
