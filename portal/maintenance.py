"""Keeping less: the retention purge; backups with SQLite's online backup API, and restoring them."""

import datetime
import os
import shutil
import sqlite3
from pathlib import Path

from flask import current_app

from portal.account import data_rights
from portal.auth import devices, intake
from portal.auth.models import Application, Invite, ResetToken, SetupToken
from portal.db import analyse, close_all, database, is_sqlite, private_file, transaction, utcnow
from portal.forum import search
from portal.introductions.models import CONTACT_FIELDS, ConversationMessage, Introduction
from portal.members.models import Member
from portal.notifications.models import Notification
from portal.support import flow as support


def _days_ago(setting):
    return utcnow() - datetime.timedelta(days=current_app.config[setting])


def purge():
    """Remove what is no longer needed; returns {what: how many}. The job queue runs it daily."""
    removed = {}
    rejected = list(Member.select().join(Application, on=(Application.member == Member.id)).where(
        Application.status == "rejected", Application.decided_at < _days_ago("PURGE_REJECTED_DAYS"),
        Member.role == "applicant"))
    for member in rejected:
        data_rights.delete_account(member, keep_posts=False)
    removed["rejected applications"] = len(rejected)
    with transaction():
        ended = Introduction.select(Introduction.id).where(
            Introduction.state.in_(("ended", "declined", "withdrawn", "expired")),
            Introduction.ended_at < _days_ago("PURGE_CONVERSATION_DAYS"))
        removed["messages of ended conversations"] = (ConversationMessage.delete()
                                                      .where(ConversationMessage.introduction.in_(ended)).execute())
        # the first message and the contact details people shared go with the conversation
        Introduction.update(first_message="", note_for_moderators="", moderator_note="",
                            **{f"{side}_{name}": "" for side in ("requester", "recipient")
                               for name in CONTACT_FIELDS}).where(Introduction.id.in_(ended)).execute()
        removed["read notifications"] = Notification.delete().where(
            Notification.read_at.is_null(False), Notification.created_at < _days_ago("PURGE_NOTIFICATION_DAYS")).execute()
        now = utcnow()
        removed["expired or used links"] = (
            SetupToken.delete().where((SetupToken.expires_at < now) | SetupToken.used_at.is_null(False)).execute()
            + ResetToken.delete().where((ResetToken.expires_at < now) | ResetToken.used_at.is_null(False)).execute()
            + Invite.delete().where(Invite.expires_at < now, Invite.used_at.is_null()).execute())
    removed["signed-out idle devices"] = devices.end_idle(now)
    search.compact()
    removed["intake answers"] = intake.purge_old_answers()
    removed["closed support requests"] = support.purge_closed()
    # the daily run is also when the planner's statistics are brought up to date
    analyse()
    return removed


def sqlite_path():
    return Path(database.obj.database)


def backup(target):
    """Copy the live database to target with SQLite's online backup API (safe while the app runs)."""
    if not is_sqlite():
        raise RuntimeError("On PostgreSQL, use pg_dump for backups.")
    target = Path(target)
    if target.exists():
        raise FileExistsError(str(target))
    # a backup holds everything the database does: readable by the portal's user only
    private_file(target)
    source = sqlite3.connect(sqlite_path())
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination)
    finally:
        destination.close()
        source.close()
    return target


def rotating_backup(folder, keep):
    """A new dated backup in folder; only the newest keep backups stay."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = backup(folder / f"harbour-{utcnow():%Y%m%d-%H%M%S-%f}.db")
    for old in sorted(folder.glob("harbour-*.db"))[:-max(keep, 1)]:
        old.unlink()
    return target


def integrity_ok(path):
    """Whether a file is a sound SQLite database (a garbage file is not)."""
    connection = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


def restore(source, force=False):
    """Replace the database with a backup file, after checking the file is sound."""
    if not is_sqlite():
        raise RuntimeError("On PostgreSQL, restore a pg_dump file with pg_restore or psql.")
    source, live = Path(source), sqlite_path()
    if not source.exists():
        raise FileNotFoundError(str(source))
    if not integrity_ok(source):
        raise ValueError("The backup file fails PRAGMA integrity_check.")
    if live.exists() and not force:
        raise FileExistsError(str(live))
    # every pooled connection: one left open would write into the replaced file
    close_all()
    for leftover in (Path(f"{live}-wal"), Path(f"{live}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(source, live)
    os.chmod(live, 0o600)
    return live
