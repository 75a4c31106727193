"""Fixtures: a fresh database per test (SQLite) or a database per run (PostgreSQL), clients, members."""

import copy
import hashlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from jinja2 import BytecodeCache
from werkzeug.routing import rules

from portal import create_app, db, jobs
from portal.auth import membership
from portal.auth.models import Application
from portal.db import transaction
from portal.extensions import limiter
from portal.members import pseudonyms
from portal.members.models import Member
from portal.models import ALL_MODELS
from portal.notifications import alerts

# shared fixtures (forum, cal, people, staff, ...) for every test file, without importing them there
pytest_plugins = ["tests.forum_fixtures", "tests.calendar_fixtures", "tests.introduction_fixtures",
                  "tests.desk_fixtures", "tests.browser_fixtures"]

PG_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")
PASSWORD = "a long enough test password"


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the whole run, for every app the tests build (the shared one, the
    security suite's worlds, tests that build their own): compiling the same templates again for each
    app was a good part of the suite's time. Keyed by name and source checksum."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def _keep_compiled_url_builders():
    """Werkzeug compiles Python code for each of an app's 130-odd URL rules, about 100 ms for every app
    the tests build. The code depends only on the rule's text, parts and defaults (the rule itself is
    an argument), so the run compiles each once."""
    compile_builder = rules.Rule._compile_builder
    compiled = {}

    def builder(self, append_unknown=True):
        defaults = tuple(sorted((name, repr(value)) for name, value in (self.defaults or {}).items()))
        key = (self.rule, tuple(self._trace), defaults, append_unknown)
        if key not in compiled:
            compiled[key] = compile_builder(self, append_unknown)
        return compiled[key]

    rules.Rule._compile_builder = builder


_keep_compiled_url_builders()


class Client(FlaskClient):
    """A test client that can also submit forms the way a browser does, with the CSRF token."""

    _csrf = None

    def open(self, *args, **kwargs):
        # A fresh app context per request, as in a real server: otherwise the test's own
        # context (and its `g`, where Flask-WTF and Flask-Login cache) is shared by every request.
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self):
        """The token a page would put in its forms, made the way Flask-WTF makes it (no page render)."""
        if self._csrf is None:
            with self.session_transaction() as session:
                raw = session.setdefault("csrf_token", hashlib.sha1(os.urandom(64)).hexdigest())
            signer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
            self._csrf = signer.dumps(raw)
        return self._csrf

    def submit(self, url, data=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def forget_csrf(self):
        self._csrf = None


def _pg_admin(sql):
    import psycopg2

    connection = psycopg2.connect(PG_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


@pytest.fixture(scope="session")
def database_folder(tmp_path_factory):
    """Where the tests' SQLite files live: in memory (/dev/shm) where there is one.

    The portal writes with synchronous=FULL, so every commit waits for the disk; the tests commit some
    100,000 times, and on a tmpfs that wait is nothing. The files are removed at the end of the run."""
    if not os.path.isdir("/dev/shm") or not os.access("/dev/shm", os.W_OK):
        yield tmp_path_factory.mktemp("databases")
        return
    folder = Path(tempfile.mkdtemp(prefix="harbour-tests-", dir="/dev/shm"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_database(database_folder):
    """A migrated database: a template file to copy (SQLite), or one database for the run (PostgreSQL)."""
    if PG_URL:
        name = f"harbour_test_{uuid.uuid4().hex[:10]}"
        _pg_admin(f"CREATE DATABASE {name}")
        url = PG_URL.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite:///{database_folder / 'template.db'}"
    db.database.initialize(db.make_database(url))
    db.migrate()
    db.close_all()
    yield url
    if PG_URL:
        db.close_all()
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test secret key",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    "NEUTRAL_URL": "http://neutral.invalid/weather",
    # the test client asks for localhost; the browser tests' live server listens on 127.0.0.1
    "BASE_URL": "http://localhost",
    "EXTRA_HOSTS": "127.0.0.1",
    # most tests are about other things than two-factor sign-in, which has tests of its own
    "REQUIRE_STAFF_2FA": False,
    # jobs run at once, inside the test; tests of the queue itself configure real storage
    "JOBS_IMMEDIATE": True,
}


class SharedApp:
    """One app for all the tests of a process, put back as it was built before each test.

    Building an app (130-odd URL rules, every extension) took longer than most tests; what a test can
    change of it is its settings, the database and job queue it points at, the limiter's counters and
    its WSGI callable, and each of those is restored. A test that needs an app built otherwise (other
    settings read only when the app is built) calls create_app itself.
    """

    def __init__(self, url):
        self.app = create_app({**TEST_SETTINGS, "DATABASE_URL": url})
        self.app.test_client_class = Client
        self.app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
        self.settings = copy.deepcopy(dict(self.app.config))
        self.wsgi_app = self.app.wsgi_app
        self.limits = (limiter.enabled, limiter._storage, limiter._limiter, limiter._key_prefix)

    def fresh(self, url):
        """The app as built, on the database at url, with empty limit counters and its own job queue."""
        app = self.app
        app.config.clear()
        app.config.update(copy.deepcopy(self.settings), DATABASE_URL=url)
        app.wsgi_app = self.wsgi_app
        limiter.enabled, limiter._storage, limiter._limiter, limiter._key_prefix = self.limits
        limiter._storage.reset()
        db.close_all()
        db.database.initialize(db.make_database(url))
        jobs.init_app(app)
        return app


@pytest.fixture(scope="session")
def shared_app(migrated_database):
    return SharedApp(migrated_database)


@pytest.fixture
def app(shared_app, migrated_database, database_folder):
    path = None
    if PG_URL:
        url = migrated_database
    else:
        path = database_folder / f"{uuid.uuid4().hex}.db"
        shutil.copy(migrated_database.removeprefix("sqlite:///"), path)
        url = f"sqlite:///{path}"
    app = shared_app.fresh(url)
    with app.app_context():
        yield app
    db.close_all()
    if PG_URL:
        _empty_pg_tables()
        db.close_all()
    else:
        for leftover in database_folder.glob(f"{path.name}*"):
            leftover.unlink()


def _empty_pg_tables():
    """Empty the tables this test wrote to, and start their ids at 1 again.

    TRUNCATE of every table took a quarter of a second per test; one query finds the few tables
    with rows, and DELETE (foreign keys switched off for it: every row goes) empties them at once.
    """
    tables = [model._meta.table_name for model in ALL_MODELS]
    probe = " UNION ALL ".join(f"SELECT '{table}' WHERE EXISTS (SELECT 1 FROM \"{table}\")" for table in tables)
    used = [row[0] for row in db.database.execute_sql(probe).fetchall()]
    if not used:
        return
    statements = ["SET session_replication_role = replica"]
    statements += [f'DELETE FROM "{table}"' for table in used]
    statements += [f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), 1, false)" for table in used]
    statements.append("SET session_replication_role = DEFAULT")
    db.database.execute_sql("; ".join(statements))


@pytest.fixture
def client(app):
    return app.test_client()


def make_member(handle, role="member", login_name=None, listed=True, **profile):
    """A member with the given role, created the way an applicant is, then promoted.

    The pseudonym is `handle` (also for applicants, so tests can name them) and the sign-in name
    is `handle` too unless login_name says otherwise. Test members are listed in the member list,
    as members from before listing became a choice are.
    """
    profile.setdefault("languages", ["en"])
    member, _codes = membership.apply(login_name or handle, PASSWORD, **profile)
    with transaction():
        # set directly, not through pseudonyms.choose(): tests may use names that look alike
        for name, value in pseudonyms.pseudonym_fields(handle).items():
            setattr(member, name, value)
        member.role = role
        member.profile_hidden = not listed
        member.save()
        if role != "applicant":
            Application.update(status="approved").where(Application.member == member).execute()
            for application in Application.select(Application.id).where(Application.member == member):
                alerts.handled("application", application.id)
    return Member.get_by_id(member.id)


@pytest.fixture
def login_as(client):
    """Sign the test client in as a new member of a role; returns the member."""
    def sign_in(role="member", handle=None):
        member = make_member(handle or f"test-{role}", role)
        response = client.submit("/login", {"handle": member.login_name, "password": PASSWORD})
        assert response.status_code == 303, response.get_data(as_text=True)
        client.forget_csrf()
        return member
    return sign_in


def pytest_collection_modifyitems(items):
    """The browser tests first: each takes seconds, and started last they would leave one process
    working alone at the end while the other has nothing left to do. (The order is the same in every
    test process, as pytest-xdist requires.)"""
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)
