"""The admin's test e-mail: queued like every e-mail, and a broken set-up explained in plain words."""

import pytest

from tests.conftest import make_member
from tests.helpers import page_of, set_fields, sign_in


@pytest.fixture
def admin(app):
    return set_fields(make_member("ada", "admin"), email="admin-person@mail.test")


def send_test(app, member):
    browser = sign_in(app, member)
    response = browser.submit("/admin/mail/test", {})
    assert response.status_code == 303
    return page_of(browser.get(response.headers["Location"]))


def test_a_working_mail_server_gets_the_test_email(app, admin, smtp_server):
    page = send_test(app, admin)
    assert "The mail server accepted the test e-mail." in page
    mail, = smtp_server.received
    assert mail.recipients == ["admin-person@mail.test"]
    assert mail.message["Date"] and mail.message["Message-ID"]


def test_a_refused_connection_is_explained(app, admin, closed_port):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port)
    page = send_test(app, admin)
    assert "Nothing answers at SMTP_HOST on SMTP_PORT: the connection was refused." in page


def test_no_mail_server_and_no_address_are_explained(app, admin, smtp_server):
    app.config["SMTP_HOST"] = ""
    assert "No mail server is set up: SMTP_HOST is empty." in send_test(app, admin)
    app.config["SMTP_HOST"] = "127.0.0.1"
    nobody = make_member("adam", "admin")
    # making the account raised an application alert, e-mailed to the admin with an address
    smtp_server.received.clear()
    assert "Your account has no e-mail address." in send_test(app, nobody)
    assert smtp_server.received == []


def test_an_unknown_host_is_explained(app, admin):
    app.config.update(SMTP_HOST="mail.invalid", SMTP_PORT=25)
    assert "The name of the mail server (SMTP_HOST) could not be found." in send_test(app, admin)


def test_a_job_not_yet_run_says_so(app, admin):
    browser = sign_in(app, admin)
    page = page_of(browser.get("/admin/mail/test/0123456789abcdef0123456789abcdef"))
    assert "waiting for the job queue" in page
    assert browser.get("/admin/mail/test/../../etc").status_code == 404


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_only_admins_send_test_emails(app, role, smtp_server):
    browser = sign_in(app, make_member(f"someone-{role}", role))
    assert browser.get("/admin/mail").status_code == 403
    assert browser.submit("/admin/mail/test", {}).status_code == 403
    assert smtp_server.received == []


def test_the_test_needs_the_csrf_token(app, admin, smtp_server):
    browser = sign_in(app, admin)
    assert browser.post("/admin/mail/test").status_code == 400
    assert smtp_server.received == []
