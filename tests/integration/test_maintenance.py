"""Keeping less, and keeping it safe: the retention purge, backups while the portal runs, restoring."""

import datetime
import sqlite3
import threading
import uuid

import pytest

from portal import create_app, db
from portal.auth import tokens
from portal.auth.models import Application, Invite, ResetToken, SetupToken
from portal.db import is_sqlite, transaction, utcnow
from portal.introductions import flow
from portal.introductions.models import ConversationMessage, Introduction
from portal.members.models import Member, Region
from portal.notifications.models import Notification
from tests.conftest import PASSWORD, Client, make_member


def days_ago(days, minutes=0):
    return utcnow() - datetime.timedelta(days=days, minutes=minutes)


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def exists(row):
    return type(row).select().where(type(row).id == row.id).exists()


# the purge ---------------------------------------------------------------------------------------

def rejected_applicant(handle, days):
    member = make_member(handle, "applicant")
    with transaction():
        Application.update(status="rejected", decided_at=days_ago(days)).where(
            Application.member == member).execute()
    return member


def conversation(requester, recipient, moderator, ended_days_ago=None):
    """An introduction with two messages; ended some days ago, or still going."""
    introduction = flow.approve(flow.request_introduction(requester, recipient, note="why", first_message="hi",
                                                          shares={}), moderator)
    introduction = flow.accept(introduction, recipient, {})
    flow.send_message(introduction, requester, "zq-purge hello")
    flow.send_message(introduction, recipient, "zq-purge hello back")
    if ended_days_ago is not None:
        flow.end(introduction, requester)
        with transaction():
            Introduction.update(ended_at=days_ago(ended_days_ago)).where(Introduction.id == introduction.id).execute()
    return introduction


def messages_of(introduction):
    return ConversationMessage.select().where(ConversationMessage.introduction == introduction.id).count()


def notification(member, days, read):
    with transaction():
        return Notification.create(member=member, kind="reply", created_at=days_ago(days),
                                   read_at=days_ago(days) if read else None)


def link(model, expires_in_hours, used=False, **fields):
    with transaction():
        return model.create(token_hash=tokens.digest(uuid.uuid4().hex), created_at=days_ago(2),
                            expires_at=utcnow() + datetime.timedelta(hours=expires_in_hours),
                            used_at=days_ago(1) if used else None, **fields)


def invite(expires_in_hours, used_by=None):
    with transaction():
        return Invite.create(code_hash=tokens.digest(uuid.uuid4().hex), created_at=days_ago(20),
                             expires_at=utcnow() + datetime.timedelta(hours=expires_in_hours),
                             used_by=used_by, used_at=days_ago(15) if used_by else None)


def test_purge_removes_old_rejected_applications_and_keeps_newer_ones(app):
    old = rejected_applicant("Old-reject", 31)
    recent = rejected_applicant("New-reject", 29)
    waiting = make_member("Still-waiting", "applicant")
    with transaction():
        Application.update(created_at=days_ago(300)).where(Application.member == waiting).execute()
    approved = make_member("Member-now")
    with transaction():
        Application.update(decided_at=days_ago(300)).where(Application.member == approved).execute()

    result = run(app, "purge")
    assert result.exit_code == 0, result.output
    assert "rejected applications: 1" in result.output
    assert not Member.select().where(Member.id == old.id).exists()
    assert not Application.select().where(Application.member == old.id).exists()
    for kept in (recent, waiting, approved):
        assert exists(kept) and Application.select().where(Application.member == kept.id).exists()


def test_purge_removes_messages_of_long_ended_conversations_only(app):
    a, b, c, d = (make_member(handle) for handle in ("amira", "bashir", "carla", "dana"))
    moderator = make_member("mona", "moderator")
    long_ended = conversation(a, b, moderator, ended_days_ago=91)
    recently_ended = conversation(a, c, moderator, ended_days_ago=89)
    going_on = conversation(a, d, moderator)
    with transaction():
        Introduction.update(created_at=days_ago(400)).where(Introduction.id == going_on.id).execute()
        ConversationMessage.update(created_at=days_ago(400)).execute()

    result = run(app, "purge")
    assert result.exit_code == 0, result.output
    assert "messages of ended conversations: 2" in result.output
    assert messages_of(long_ended) == 0
    assert messages_of(recently_ended) == 2 and messages_of(going_on) == 2
    # the introduction itself stays: both sides still see that it ended
    assert Introduction.get_by_id(long_ended.id).state == "ended"


def test_purge_removes_old_read_notifications_only(app):
    member = make_member("Sami")
    old_read = notification(member, 61, read=True)
    new_read = notification(member, 59, read=True)
    old_unread = notification(member, 200, read=False)

    result = run(app, "purge")
    assert result.exit_code == 0, result.output
    assert "read notifications: 1" in result.output
    assert not exists(old_read)
    assert exists(new_read) and exists(old_unread)


def test_purge_removes_expired_and_used_links_and_expired_unused_invites(app):
    member, moderator = make_member("Sami"), make_member("Mo", "moderator")
    gone = [link(SetupToken, -1), link(SetupToken, 20, used=True),
            link(ResetToken, -1, member=member), link(ResetToken, 20, used=True, member=member),
            invite(-1)]
    kept = [link(SetupToken, 20), link(ResetToken, 20, member=member),
            invite(24 * 7), invite(-1, used_by=moderator), invite(24, used_by=moderator)]

    result = run(app, "purge")
    assert result.exit_code == 0, result.output
    assert "expired or used links: 5" in result.output
    assert [exists(row) for row in gone] == [False] * len(gone)
    assert [exists(row) for row in kept] == [True] * len(kept)


def test_purge_periods_are_settings(app):
    app.config.update(PURGE_REJECTED_DAYS=5, PURGE_CONVERSATION_DAYS=5, PURGE_NOTIFICATION_DAYS=5)
    member = make_member("Sami")
    rejected = rejected_applicant("Old-reject", 6)
    ended = conversation(member, make_member("Lina"), make_member("Mo", "moderator"), ended_days_ago=6)
    read = notification(member, 6, read=True)
    result = run(app, "purge")
    assert result.exit_code == 0, result.output
    assert not exists(rejected) and messages_of(ended) == 0 and not exists(read)


def test_purge_twice_removes_nothing_more(app):
    rejected_applicant("Old-reject", 31)
    notification(make_member("Sami"), 61, read=True)
    run(app, "purge")
    members, notifications = Member.select().count(), Notification.select().count()
    result = run(app, "purge")
    assert result.exit_code == 0
    assert all(line.endswith(": 0") for line in result.output.strip().splitlines()), result.output
    assert (Member.select().count(), Notification.select().count()) == (members, notifications)


# backups ---------------------------------------------------------------------------------------

def needs_sqlite():
    if not is_sqlite():
        pytest.skip("backup and restore are for SQLite; PostgreSQL uses pg_dump and pg_restore")


def needs_postgresql():
    if is_sqlite():
        pytest.skip("this is about PostgreSQL")


class Writer(threading.Thread):
    """Keeps adding rows, as the running portal would, until told to stop."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.written = 0
        self.wanted, self.reached = 0, threading.Event()
        self.error = None

    def wait_for(self, more):
        """Block until the writer has written `more` further rows (an event, not a sleep)."""
        self.wanted = self.written + more
        self.reached.clear()
        assert self.reached.wait(timeout=60), "the writer stopped writing"

    def run(self):
        try:
            while not self.stop.is_set():
                with transaction():
                    Region.create(name=f"written-{uuid.uuid4().hex}")
                    Member.update(bio=f"edited {self.written}").where(Member.handle == "Sami").execute()
                self.written += 1
                if self.written >= self.wanted:
                    self.reached.set()
        except Exception as error:
            self.error = error
            self.reached.set()
        finally:
            # each thread has its own connection: close it
            db.database.close()


def backup_while_writing(app, target):
    """Back up with the CLI while another thread writes before, during and after; returns the writer."""
    make_member("Sami")
    writer = Writer()
    writer.start()
    try:
        writer.wait_for(10)
        result = run(app, "backup", str(target))
        # still writing afterwards: the backup did not stop the portal, and overlapped its writes
        writer.wait_for(10)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert f"Backup written to {target}" in result.output
    return writer


def integrity(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()


def table_contents(path):
    """{table: all rows} of a SQLite file, for comparing two files."""
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        # sorted here: some of the full-text index's tables have no rowid to order by
        return {table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                for table in tables}
    finally:
        connection.close()


def live_path(app):
    return app.config["DATABASE_URL"].removeprefix("sqlite:///")


def test_backup_while_another_thread_writes_is_consistent(app, tmp_path):
    needs_sqlite()
    target = tmp_path / "backups" / "harbour.db"
    target.parent.mkdir()
    writer = backup_while_writing(app, target)
    assert integrity(target) == [("ok",)]
    regions_in_backup = table_contents(target)["region"]
    # some of the rows, not all: it was a snapshot of a database in use
    assert 10 <= len(regions_in_backup) < writer.written
    assert Region.select().count() == writer.written


def test_backup_does_not_overwrite_a_file(app, tmp_path):
    needs_sqlite()
    target = tmp_path / "existing.db"
    target.write_bytes(b"something precious")
    result = run(app, "backup", str(target))
    assert result.exit_code != 0
    assert "exists already" in result.output
    assert target.read_bytes() == b"something precious"


def test_restore_refuses_to_overwrite_without_force(app, tmp_path):
    needs_sqlite()
    target = tmp_path / "backup.db"
    backup_while_writing(app, target)
    after_backup = make_member("Later")
    result = run(app, "restore", str(target))
    assert result.exit_code != 0
    assert "A database exists already. Stop the portal and add --force to replace it." in result.output
    assert exists(after_backup)


@pytest.mark.parametrize("damage", ["garbage", "damaged pages"])
def test_restore_refuses_a_corrupt_file(app, tmp_path, damage):
    needs_sqlite()
    make_member("Sami")
    target = tmp_path / "backup.db"
    if damage == "garbage":
        target.write_bytes(b"this is not a database at all \x00\x01\x02" * 500)
    else:
        assert run(app, "backup", str(target)).exit_code == 0
        data = bytearray(target.read_bytes())
        # keep the header page, scribble over everything after it
        data[4096:] = b"\xde\xad\xbe\xef" * ((len(data) - 4096) // 4)
        target.write_bytes(bytes(data))
    before = table_contents(live_path(app))
    result = run(app, "restore", str(target), "--force")
    assert result.exit_code != 0
    # a clear refusal, not a crash with a traceback
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "integrity" in result.output.lower()
    assert table_contents(live_path(app)) == before


def test_restore_into_a_fresh_instance_brings_back_every_row(app, tmp_path):
    needs_sqlite()
    target = tmp_path / "backup.db"
    backup_while_writing(app, target)
    backed_up = table_contents(target)

    # a new server: a new, empty database path
    fresh_path = tmp_path / "fresh" / "harbour.db"
    fresh = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{fresh_path}", "SECRET_KEY": "another key",
                        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "REQUIRE_STAFF_2FA": False,
                        "BASE_URL": "http://localhost"})
    fresh.test_client_class = Client
    result = run(fresh, "restore", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert integrity(fresh_path) == [("ok",)]
    restored = table_contents(fresh_path)
    assert {table: len(rows) for table, rows in restored.items()} == \
        {table: len(rows) for table, rows in backed_up.items()}
    assert restored == backed_up
    # and the restored site works: a member from the backup signs in
    browser = fresh.test_client()
    assert browser.submit("/login", {"handle": "Sami", "password": PASSWORD}).status_code == 303


def test_restore_with_force_replaces_the_live_database(app, tmp_path):
    needs_sqlite()
    target = tmp_path / "backup.db"
    make_member("Sami")
    assert run(app, "backup", str(target)).exit_code == 0
    make_member("Later")
    result = run(app, "restore", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert f"Restored {target}" in result.output
    assert membership_handles() == ["Sami"]


def membership_handles():
    return [member.handle for member in Member.select().order_by(Member.id)]


def test_restore_of_a_missing_file_says_so(app, tmp_path):
    needs_sqlite()
    result = run(app, "restore", str(tmp_path / "nowhere.db"), "--force")
    assert result.exit_code != 0 and "nowhere.db" in result.output


def test_a_restored_copy_keeps_no_stale_write_ahead_log(app, tmp_path):
    needs_sqlite()
    target = tmp_path / "backup.db"
    make_member("Sami")
    assert run(app, "backup", str(target)).exit_code == 0
    make_member("Later")
    assert run(app, "restore", str(target), "--force").exit_code == 0
    # the database opens as the backup, not as the backup plus the old write-ahead log replayed on top
    assert integrity(live_path(app)) == [("ok",)]
    assert table_contents(live_path(app)) == table_contents(target)


def test_on_postgresql_backup_says_to_use_pg_dump(app, tmp_path):
    needs_postgresql()
    result = run(app, "backup", str(tmp_path / "backup.db"))
    assert result.exit_code != 0
    assert "pg_dump" in result.output
    assert not (tmp_path / "backup.db").exists()
    result = run(app, "restore", str(tmp_path / "backup.db"), "--force")
    assert result.exit_code != 0 and "pg_restore" in result.output
