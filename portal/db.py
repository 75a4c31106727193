"""The database: one proxy, a pooled connection per worker thread, the one way to write, the base model
and the column type for lists of language codes."""

import datetime
import os
from pathlib import Path

from peewee import OP, CharField, DatabaseProxy, Expression, FieldAccessor, Model, SqliteDatabase, Value
from playhouse import db_url
from playhouse.migrations import Runner
from playhouse.pool import PooledDatabase, PooledSqliteDatabase

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


def _codes(value):
    """A list or a space-separated string of codes -> the codes, sorted, each once."""
    return sorted(set(value.split() if isinstance(value, str) else value or ()))


class _CodesAccessor(FieldAccessor):
    # in Python the value is the same sorted list before saving as after reading it back
    def __set__(self, instance, value):
        super().__set__(instance, _codes(value))


class LanguagesField(CharField):
    """Language codes: a sorted list in Python, one space-packed string in the database (" ar en "),
    so that "speaks ar" is an exact LIKE '% ar %' and needs no table of its own.

    A string is taken as codes separated by spaces, so a packed value written by hand stores the same.
    """

    accessor_class = _CodesAccessor

    def __init__(self, max_length=200, default=list, **kwargs):
        super().__init__(max_length=max_length, default=default, **kwargs)

    def db_value(self, value):
        # no codes: a single space, as the column has always started out
        return " " + "".join(f"{code} " for code in _codes(value))

    def python_value(self, value):
        return _codes(value)

    def includes(self, code):
        """The condition "the list holds this code", for a query's where()."""
        # the pattern as it is: through db_value it would be taken for a list of codes and packed
        return Expression(self, OP.ILIKE, Value(f"% {code} %", converter=False))


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


# A request takes a connection from the worker's pool and gives it back at its end: opening one and
# running the pragmas cost more than many a page. The pool is per process and hands each thread its own
# connection (SQLite connections must not be shared by threads in use at once).
POOL = {"max_connections": 32, "timeout": 10}
# PostgreSQL: renew a connection now and then, so a restarted server or a proxy's cut is survived
PG_STALE_SECONDS = 300


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


class PrivatePooledSqliteDatabase(PooledSqliteDatabase, PrivateSqliteDatabase):
    """The worker's pool of connections to the private file: the pool hands out connections, and a new
    one is opened by PrivateSqliteDatabase (PooledDatabase calls on to it in this order)."""


def make_database(url):
    """A peewee database for a URL, with a connection pool; nothing connects until first use."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        private_folder(path.parent)
        # check_same_thread off: a pooled connection may serve another thread later, never two at once
        return PrivatePooledSqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, autoconnect=True,
                                           check_same_thread=False, **POOL)
    scheme, _, rest = url.partition("://")
    if scheme in ("postgres", "postgresql"):
        return db_url.connect(f"{scheme}+pool://{rest}", autoconnect=True, stale_timeout=PG_STALE_SECONDS, **POOL)
    return db_url.connect(url, autoconnect=True)


def close_all():
    """Close every pooled connection of this process (before a restore, or when the database is replaced)."""
    current = database.obj
    if isinstance(current, PooledDatabase):
        current.close_all()
    elif current is not None and not current.is_closed():
        current.close()


def _forget_inherited_connections():
    # gunicorn --preload forks workers from a master that may have opened a connection: a child must
    # never use its parent's, so it forgets them (without closing what the parent still holds)
    if database.obj is not None:
        database.obj.dispose()


os.register_at_fork(after_in_child=_forget_inherited_connections)


def init_app(app):
    """Bind the proxy to the configured database and take a pooled connection for each request."""
    if database.obj is not None:
        # a new app in the same process (tests): the old pool's connections would stay open otherwise
        close_all()
    database.initialize(make_database(app.config["DATABASE_URL"]))

    @app.before_request
    def _connect():
        database.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        if not database.is_closed():
            database.close()


class Prepared:
    """A query whose SQL is built once per kind of database, then only run: for the few that every page runs.

    build(*params) returns the peewee query for the given parameter values; building it is much of the cost
    of a small query (about a millisecond for a join of two models), and only the values change from one
    request to the next.
    """

    def __init__(self, build):
        self.build, self._prepared = build, {}

    def _query_and_text(self, params):
        kind = type(database.obj)
        if kind not in self._prepared:
            self._prepared[kind] = self._prepare(len(params))
        query, sql, constants, slots = self._prepared[kind]
        values = list(constants)
        for position, number in slots:
            values[position] = params[number]
        return query, sql, values

    def _prepare(self, count):
        """Build the query twice with different marker values: the places where the markers show are the
        parameters, every other value (a state name, say) is a constant of the query."""
        # far apart, so that a value computed from one marker (id + 1) is taken for no other
        first_markers = [2_147_400_009 + 7_919 * n for n in range(count)]
        second_markers = [1_987_600_013 + 7_919 * n for n in range(count)]
        query, second = self.build(*first_markers), self.build(*second_markers)
        sql, first_values = query.sql()
        second_sql, second_values = second.sql()
        slots = []
        for position, (one, two) in enumerate(zip(first_values, second_values, strict=True)):
            if one == two:
                continue
            # a text column takes a marker as its digits
            numbers = [n for n in range(count) if str(one) == str(first_markers[n]) and str(two) == str(second_markers[n])]
            if not numbers:
                raise ValueError(f"a prepared query must take its parameters as they are: {sql} {first_values}")
            slots.append((position, numbers[0]))
        if second_sql != sql or {number for _position, number in slots} != set(range(count)):
            raise ValueError(f"a prepared query must take each of its parameters as a value: {sql} {first_values}")
        return query, sql, first_values, slots

    def get_or_none(self, *params):
        """The first row as the query's model instance (with the models it joins), or None."""
        query, sql, values = self._query_and_text(params)
        # the query built once turns each run's rows into objects the way its own run would
        return next(iter(query._get_cursor_wrapper(database.execute_sql(sql, values))), None)

    def scalar(self, *params):
        """The first column of the first row."""
        _query, sql, values = self._query_and_text(params)
        row = database.execute_sql(sql, values).fetchone()
        return row[0] if row else None


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
    """Apply pending schema migrations, then refresh the planner's statistics; returns the names applied."""
    with database.connection_context():
        applied = Runner(database.obj, str(MIGRATIONS)).up()
        analyse()
        return applied


def analyse():
    """Give the query planner fresh statistics (without them SQLite picks a poor index for some pages)."""
    if is_sqlite():
        database.execute_sql("ANALYZE")
        if database.table_exists("sqlite_stat4"):
            # where SQLite keeps samples, they are real values (pseudonyms among them), which a deleted
            # account must not leave behind: the counts in sqlite_stat1 are all the planner needs here
            database.execute_sql("DELETE FROM sqlite_stat4")
            database.execute_sql("ANALYZE sqlite_schema")
        database.execute_sql("PRAGMA optimize")
    else:
        database.execute_sql("ANALYZE")
