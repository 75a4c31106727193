"""What a deleted member leaves behind: nothing in others' quotes and mentions, nothing in the file."""

import datetime
from pathlib import Path

import pytest

from portal.account import data_rights
from portal.db import is_sqlite, transaction, utcnow
from portal.forum import posting, search
from portal.forum.models import Post, PostRevision, Thread
from portal.introductions import flow
from portal.introductions.models import Introduction
from portal.maintenance import purge
from portal.text import quote_markdown
from tests.conftest import make_member
from tests.forum_fixtures import make_category

WORDS = ["qxvelopraunt", "zymbrithelk", "glorptawindle", "frenquolisto"]


@pytest.fixture
def forum(app):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    return make_category("talk")


def test_quotes_and_mentions_of_a_deleted_member_disappear_everywhere(app, forum):
    leaving, staying = make_member("Leavingperson"), make_member("staying")
    thread = posting.create_thread(forum, staying, "Open talk", "Say hello")
    said = posting.add_reply(thread, leaving, f"I know a {WORDS[0]} lawyer")
    reply = posting.add_reply(thread, staying,
                              quote_markdown(leaving.handle, said.body) + "Thanks @leavingperson, and @staying too")
    posting.edit_post(Post.get_by_id(reply.id), staying, Post.get_by_id(reply.id).body + " (edited)")

    data_rights.delete_account(leaving, keep_posts=False)

    reply = Post.get_by_id(reply.id)
    for text in (reply.body, reply.html, *(r.body for r in PostRevision.select().where(PostRevision.post == reply))):
        assert WORDS[0] not in text and "eavingperson" not in text.lower()
    assert "A quote from a former member was removed." in reply.body
    assert "@former member" in reply.body and "@staying" in reply.body
    page = search.search(staying, WORDS[0], 1)
    assert page.total == 0


def test_a_quote_of_kept_posts_is_credited_to_former_member(app, forum):
    leaving, staying = make_member("keeper"), make_member("quoter")
    thread = posting.create_thread(forum, staying, "Open talk", "Say hello")
    said = posting.add_reply(thread, leaving, "Words I keep")
    reply = posting.add_reply(thread, staying, quote_markdown(leaving.handle, said.body) + "Agreed")
    data_rights.delete_account(leaving, keep_posts=True)
    body = Post.get_by_id(reply.id).body
    assert body.startswith("**former member:**\n> Words I keep") and "keeper" not in body


def test_deleting_my_posts_keeps_the_thread_i_started_for_the_others(app, client, forum):
    starter, other = make_member("starter"), make_member("answerer")
    thread = posting.create_thread(forum, starter, f"About {WORDS[1]}", f"My {WORDS[1]} question")
    answer = posting.add_reply(thread, other, "An answer worth keeping")
    lonely = posting.create_thread(forum, starter, "Nobody answered", "Alone")
    data_rights.delete_account(starter, keep_posts=False)

    kept = Thread.get_by_id(thread.id)
    assert kept.status == "visible" and kept.title == ""
    assert Post.get_by_id(answer.id).status == "visible"
    assert Thread.get_by_id(lonely.id).status == "deleted"
    from tests.forum_fixtures import sign_in
    page = sign_in(app, other).get(f"/forum/t/{thread.id}").get_data(as_text=True)
    assert "An answer worth keeping" in page and "Removed thread title" in page and WORDS[1] not in page


def test_no_word_of_a_deleted_member_is_left_in_the_database_file(app, forum):
    if not is_sqlite():
        pytest.skip("PostgreSQL keeps its own files; this reads SQLite's")
    leaving, staying = make_member("wordy"), make_member("reader")
    thread = posting.create_thread(forum, leaving, f"Title {WORDS[2]}", f"Opening {WORDS[2]} {WORDS[3]}")
    for n in range(30):
        posting.add_reply(thread, leaving, f"Reply {n} {WORDS[3]} {WORDS[2]}")
    posting.add_reply(thread, staying, "I stay")
    other = posting.create_thread(forum, staying, "Another", "Hello")
    posting.add_reply(other, staying, quote_markdown(leaving.handle, f"{WORDS[3]} said") + "ok")
    path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    assert WORDS[3].encode() in b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())

    data_rights.delete_account(leaving, keep_posts=False)

    for file in (path, Path(f"{path}-wal")):
        if file.exists():
            raw = file.read_bytes()
            for word in WORDS[2:]:
                assert word.encode() not in raw, (file.name, word)


def test_purge_removes_the_first_message_and_contact_details_of_long_ended_introductions(app):
    asker, other, moderator = make_member("asker"), make_member("other"), make_member("mod", "moderator")
    asked = flow.request_introduction(asker, other, note="zq-note", first_message="zq-first-message",
                                      shares={"phone": "+31 6 0000 1111"})
    done = flow.accept(flow.approve(asked, moderator), other, {"signal": "zq-signal"})
    flow.end(done, asker)
    with transaction():
        Introduction.update(ended_at=utcnow() - datetime.timedelta(days=400)).where(
            Introduction.id == done.id).execute()
    purge()
    ended = Introduction.get_by_id(done.id)
    assert ended.first_message == "" and ended.note_for_moderators == ""
    assert ended.requester_phone == "" and ended.recipient_signal == ""
    assert ended.state == "ended"
