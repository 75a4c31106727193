"""Helpers for the staff desk tests: browsers signed in, counted queries, captured alert e-mails."""

from unittest import mock

import pytest

from portal import db
from portal.db import transaction
from portal.members.models import Member
from portal.models import ALL_MODELS
from portal.notifications import mail
from tests.conftest import PASSWORD, make_member


def page_of(response):
    return response.get_data(as_text=True)


def sign_in(app, member):
    """A separate browser, signed in as member."""
    browser = app.test_client()
    response = browser.submit("/login", {"handle": member.handle, "password": PASSWORD})
    assert response.status_code == 303, page_of(response)
    browser.forget_csrf()
    return browser


def fresh(member):
    return Member.get_by_id(member.id)


def set_fields(member, **fields):
    with transaction():
        Member.update(**fields).where(Member.id == member.id).execute()
    return fresh(member)


def count_queries(browser, url):
    """How many SQL statements one GET runs (and the statements)."""
    executed = []
    database = db.database.obj
    original = database.execute_sql

    def counting(sql, *args, **kwargs):
        executed.append(sql)
        return original(sql, *args, **kwargs)

    with mock.patch.object(database, "execute_sql", counting):
        response = browser.get(url)
    assert response.status_code == 200, page_of(response)
    return len(executed), executed


def row_counts():
    """Rows per table; signing in (a device record) is not a change a refusal could make."""
    return {model._meta.table_name: model.select().count() for model in ALL_MODELS
            if model._meta.table_name != "device_session"}


@pytest.fixture
def mails(app, monkeypatch):
    """Every alert or notification e-mail the job queue sends, as (address, locale); nothing leaves."""
    sent = []
    app.config["SMTP_HOST"] = "smtp.invalid"
    neutral_message = mail.neutral_message

    def written(address, locale):
        sent.append((address, locale))
        return neutral_message(address, locale)
    monkeypatch.setattr(mail, "neutral_message", written)
    monkeypatch.setattr(mail, "deliver", lambda message: None)
    yield sent
    app.config["SMTP_HOST"] = ""


@pytest.fixture
def staff(app):
    """Two moderators and an admin, each with an e-mail address, and a member."""
    class Staff:
        pass

    cast = Staff()
    cast.mod = set_fields(make_member("mod-one", "moderator"), email="one@staff.test")
    cast.mod2 = set_fields(make_member("mod-two", "moderator"), email="two@staff.test")
    cast.admin = set_fields(make_member("the-admin", "admin"), email="admin@staff.test")
    cast.member = make_member("amira")
    cast.other = make_member("bashir")
    return cast
