"""The database: one proxy, a connection per request, and the one way to write."""

import datetime
import os
from pathlib import Path

from peewee import DatabaseProxy, Model, SqliteDatabase
from playhouse import db_url
from playhouse.migrations import Runner

database = DatabaseProxy()

MIGRATIONS = Path(__file__).parent / "migrations"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # several workers share one file: wait for the lock instead of failing
    "busy_timeout": 10_000,
    # FULL: a deleted account must not come back after a power cut
    "synchronous": 2,
    # deleted rows are overwritten with zeros, not left in free pages of the file
    "secure_delete": 1,
}


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


def utcnow():
    """The current time in UTC, without tzinfo, as every column stores it."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def get_or_404(query, *conditions):
    """The one row that matches, else a 404 (query may be a model or a select)."""
    from flask import abort

    if isinstance(query, type):
        query = query.select()
    found = query.where(*conditions).get_or_none() if conditions else query.get_or_none()
    if found is None:
        abort(404)
    return found


def private_folder(folder):
    """Create a folder only its owner can enter (0700); an existing one keeps its mode."""
    folder = Path(folder)
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is filtered through the umask
    return folder


def private_file(path):
    """Make sure a file exists readable by its owner only (0600), before anything writes to it."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)


class PrivateSqliteDatabase(SqliteDatabase):
    """SQLite in a file only the portal's user can read.

    The file is created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the
    same mode as the database, so none of the three is readable by other users of the server.
    """

    def _connect(self):
        if self.database != ":memory:" and not self.database.startswith("file:"):
            private_file(self.database)
        return super()._connect()


def make_database(url):
    """A peewee database for a URL; nothing connects until first use."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        private_folder(path.parent)
        return PrivateSqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, autoconnect=True)
    return db_url.connect(url, autoconnect=True)


def init_app(app):
    """Bind the proxy to the configured database and open a connection per request."""
    database.initialize(make_database(app.config["DATABASE_URL"]))

    @app.before_request
    def _connect():
        database.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        if not database.is_closed():
            database.close()


def is_sqlite():
    return isinstance(database.obj, SqliteDatabase)


def transaction():
    """The one way to write: a transaction that holds the write lock from its first statement."""
    if is_sqlite():
        # BEGIN IMMEDIATE: a deferred transaction that later tries to write can fail with
        # "database is locked" instead of waiting for the busy timeout
        return database.atomic("IMMEDIATE")
    return database.atomic()


def lock_rows(model, *conditions):
    """Inside transaction(): lock the rows a decision rests on until it commits; returns their ids.

    PostgreSQL at READ COMMITTED lets two transactions count the same rows and both write
    (SELECT ... FOR UPDATE makes the second wait, then re-read); SQLite's BEGIN IMMEDIATE
    already holds the whole database. Rows are locked in id order, so two lockers never deadlock.
    """
    query = model.select(model.id).where(*conditions).order_by(model.id)
    if not is_sqlite():
        query = query.for_update()
    return [row.id for row in query]


def migrate():
    """Apply pending schema migrations; returns the names applied."""
    with database.connection_context():
        return Runner(database.obj, str(MIGRATIONS)).up()
