"""Small helpers tests of every feature use: a response's text, a row as it is stored now, what was
audited or notified, another signed-in browser, the SQL statements one page costs.

Plain functions, imported from here; the fixtures live in tests/*_fixtures.py (see conftest.py).
"""

import datetime
import re
import threading
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from portal import db
from portal.audit import AuditEntry
from portal.auth.models import Application
from portal.db import transaction, utcnow
from portal.members.models import Member
from portal.models import ALL_MODELS
from portal.notifications.models import Notification
from tests.conftest import PASSWORD

HTMX = {"HX-Request": "true"}
NEW_PASSWORD = "a brand new harbour password"


# responses -------------------------------------------------------------------------------------

def page_of(response):
    return response.get_data(as_text=True)


def main_of(html):
    """The <main> of a page: what it says, without the navigation (which has an unread badge)."""
    match = re.search(r'<main id="main"[^>]*>(.*)</main>', html, re.S)
    assert match, "no <main> on this page"
    return match.group(1)


def path_of(response):
    """The path a redirect points to."""
    return urlsplit(response.headers["Location"]).path


def location(response):
    """(path, query dict, fragment) of a redirect."""
    parts = urlsplit(response.headers["Location"])
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}, parts.fragment


# rows ------------------------------------------------------------------------------------------

def fresh(row):
    """The row as the database has it now."""
    return type(row).get_by_id(row.id)


def set_fields(member, **fields):
    """Change a member's row directly (bio, profile_hidden, is_buddy, banned_at, ...); returns it as stored."""
    with transaction():
        Member.update(**fields).where(Member.id == member.id).execute()
    return Member.get_by_id(member.id)


def decided(member):
    """The member, with their own application decided as on a real site: conftest's make_member
    approves it but leaves it undecided, which would put a staff member in their own review queue."""
    with transaction():
        Application.update(status="approved", decided_at=utcnow()).where(Application.member == member.id).execute()
    return member


def suspend(member, days=7):
    """Make a member read-only for some days, as a moderator would."""
    return set_fields(member, suspended_until=utcnow() + datetime.timedelta(days=days))


def ban(member):
    return set_fields(member, banned_at=utcnow())


def row_counts(sign_ins=True):
    """Rows per table; sign_ins=False leaves out the device records, as signing in another browser
    after counting is not a change a refused request could have made."""
    return {model._meta.table_name: model.select().count() for model in ALL_MODELS
            if sign_ins or model._meta.table_name != "device_session"}


def audit(action=None):
    """The audit log (of one action), oldest first."""
    query = AuditEntry.select().order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(query)


def notifications_of(member, kind=None):
    query = Notification.select().where(Notification.member == member.id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(query)


def kinds_of(member):
    return [notification.kind for notification in notifications_of(member)]


def application_form(**changes):
    """What the application form sends, filled in well; changes win."""
    form = {"handle": "Noor", "password": PASSWORD, "password_repeat": PASSWORD,
            "languages": ["ar", "en"], "region": "0", "email": "", "invite": "", "accept_rules": "y"}
    form.update(changes)
    return form


# browsers --------------------------------------------------------------------------------------

def sign_in(app, member, remember=False, **request):
    """A separate browser (another phone or computer), signed in as member or with a sign-in name.

    request goes to the sign-in POST (headers, environ_base); the answer stays as .login_response.
    """
    browser = app.test_client()
    data = {"handle": member if isinstance(member, str) else member.handle, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = browser.submit("/login", data, **request)
    assert response.status_code == 303, page_of(response)
    browser.forget_csrf()
    browser.login_response = response
    return browser


def signed_in(browser, path="/account"):
    """Whether the browser's session belongs to a member: path needs one."""
    return browser.get(path).status_code == 200


def device_secret(browser):
    """The random id of the browser's server-side session, as its cookie carries it."""
    with browser.session_transaction() as session:
        return session["_user_id"]


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


def at_once(app, work, arguments):
    """Run work(argument) for every argument in its own thread, app context and connection, all
    released together.

    Returns (results, refusals): what came back, in the order of the arguments, and the exceptions raised.
    """
    start = threading.Barrier(len(arguments))
    outcomes, refusals, lock = {}, [], threading.Lock()

    def run(index, argument):
        try:
            with app.app_context():
                start.wait()
                outcome = work(argument)
        except Exception as error:
            with lock:
                refusals.append(error)
        else:
            with lock:
                outcomes[index] = outcome
        finally:
            db.database.close()

    threads = [threading.Thread(target=run, args=(index, argument)) for index, argument in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [outcomes[index] for index in sorted(outcomes)], refusals
