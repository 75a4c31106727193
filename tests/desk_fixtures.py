"""Fixtures for the staff desk tests: staff with e-mail addresses, captured alert e-mails."""

import pytest

from portal.notifications import mail
from tests.conftest import make_member
from tests.helpers import set_fields


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
