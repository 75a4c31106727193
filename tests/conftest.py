"""Fixtures: a fresh database per test (SQLite) or a database per run (PostgreSQL), clients, members."""

import os
import re
import shutil
import uuid

import pytest
from flask.testing import FlaskClient

from portal import create_app, db
from portal.auth import membership
from portal.auth.models import Application
from portal.db import transaction
from portal.members.models import Member
from portal.models import ALL_MODELS

PG_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")
PASSWORD = "a long enough test password"
CSRF_FIELD = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Client(FlaskClient):
    """A test client that can also submit forms the way a browser does, with the CSRF token."""

    _csrf = None

    def open(self, *args, **kwargs):
        # A fresh app context per request, as in a real server: otherwise the test's own
        # context (and its `g`, where Flask-WTF and Flask-Login cache) is shared by every request.
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self):
        if self._csrf is None:
            page = self.get("/rules").get_data(as_text=True)
            self._csrf = CSRF_FIELD.search(page).group(1)
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
def migrated_database(tmp_path_factory):
    """A migrated database: a template file to copy (SQLite), or one database for the run (PostgreSQL)."""
    if PG_URL:
        name = f"harbour_test_{uuid.uuid4().hex[:10]}"
        _pg_admin(f"CREATE DATABASE {name}")
        url = PG_URL.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'harbour.db'}"
    db.database.initialize(db.make_database(url))
    db.migrate()
    db.close_all()
    yield url
    if PG_URL:
        db.close_all()
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def app(migrated_database, tmp_path):
    if PG_URL:
        url = migrated_database
    else:
        path = tmp_path / "harbour.db"
        shutil.copy(migrated_database.removeprefix("sqlite:///"), path)
        url = f"sqlite:///{path}"
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test secret key",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "NEUTRAL_URL": "http://neutral.invalid/weather",
        # most tests are about other things than two-factor sign-in, which has tests of its own
        "REQUIRE_STAFF_2FA": False,
    })
    app.test_client_class = Client
    with app.app_context():
        yield app
    db.close_all()
    if PG_URL:
        tables = ", ".join(model._meta.table_name for model in ALL_MODELS)
        db.database.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        db.close_all()


@pytest.fixture
def client(app):
    return app.test_client()


def make_member(handle, role="member", **profile):
    """A member with the given role, created the way an applicant is, then promoted."""
    profile.setdefault("languages", ["en"])
    member, _codes = membership.apply(handle, PASSWORD, **profile)
    if role != "applicant":
        with transaction():
            member.role = role
            member.save()
            Application.update(status="approved").where(Application.member == member).execute()
    return Member.get_by_id(member.id)


@pytest.fixture
def login_as(client):
    """Sign the test client in as a new member of a role; returns the member."""
    def sign_in(role="member", handle=None):
        member = make_member(handle or f"test-{role}", role)
        response = client.submit("/login", {"handle": member.handle, "password": PASSWORD})
        assert response.status_code == 303, response.get_data(as_text=True)
        client.forget_csrf()
        return member
    return sign_in
