"""What the security suite shares: one account of every role, one of every thing a URL can name.

A module builds the world once (`world_app`, in conftest.py) and every test of the module reads it:
a refused request must change nothing, and each test checks that it did not. Signing in sets the
Flask-Login session directly (and a CSRF token with it), which is much faster than the login form.
"""

import contextlib
import datetime
import hashlib
import os
import re
import shutil
import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

import pyotp
from itsdangerous import URLSafeTimedSerializer

from portal import create_app, db
from portal.auth import devices, intake, membership, notes, sanctions, tokens
from portal.auth.models import Application, DeviceSession
from portal.calendar import attendance, meetups
from portal.checkins.models import SafetyCheck
from portal.db import transaction, utcnow
from portal.directory import listing
from portal.directory.models import HelpEntry
from portal.forum import posting
from portal.forum.models import Category, CategoryText, Post
from portal.introductions import flow, reports
from portal.members.models import Member, Region
from portal.models import ALL_MODELS
from portal.moderation import vetting
from portal.notifications.models import Notification
from portal.support import flow as support
from tests.conftest import PASSWORD, PG_URL, TEST_SETTINGS, Client, _pg_admin, make_member
from tests.helpers import decided, set_fields

# the columns of the authorization matrix, in this order
ROLES = ("visitor", "applicant", "member", "suspended", "organiser", "moderator_no_2fa", "admin_no_2fa", "moderator",
         "admin")
NEUTRAL_URL = TEST_SETTINGS["NEUTRAL_URL"]
NEW_PASSWORD = "another long enough password"


def app_config(url, **overrides):
    """The settings of tests/conftest.py's app, but with two-factor sign-in required for staff."""
    # posts show at once: the review queue is not what these tests are about
    return {**TEST_SETTINGS, "DATABASE_URL": url, "REQUIRE_STAFF_2FA": True, "FORUM_REVIEW_FIRST_POSTS": 0,
            **overrides}


@contextlib.contextmanager
def isolated_app(template_url, folder, **overrides):
    """An app on a database of its own (a copy of the migrated SQLite file, or a new PostgreSQL database).

    Its own database, not the run's: tests of the same module that use the ordinary `app` fixture
    (the browser tests) must neither see this world nor wipe it when they truncate their tables.
    """
    name = None
    if PG_URL:
        name = f"harbour_sec_{uuid.uuid4().hex[:10]}"
        _pg_admin(f"CREATE DATABASE {name}")
        url = PG_URL.rsplit("/", 1)[0] + "/" + name
        db.database.initialize(db.make_database(url))
        db.migrate()
        db.close_all()
    else:
        path = folder / "harbour.db"
        shutil.copy(template_url.removeprefix("sqlite:///"), path)
        url = f"sqlite:///{path}"
    app = create_app(app_config(url, **overrides))
    app.test_client_class = Client
    # the database proxy is global: keep this app's database, to point the proxy back at it
    app.own_database = db.database.obj
    try:
        yield app
    finally:
        app.own_database.close_all()
        if name:
            _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def use_database_of(app):
    """Point the global database proxy at app's database (another app may have moved it)."""
    if db.database.obj is not app.own_database:
        db.database.initialize(app.own_database)


# people -----------------------------------------------------------------------------------------

def decided_staff(handle, role, two_factor):
    """A moderator or admin whose own application is decided, with or without a TOTP secret."""
    return set_fields(decided(make_member(handle, role)), totp_secret=pyotp.random_base32() if two_factor else None)


def people(prefix="sec", staff_two_factor=True):
    """One account per role of the matrix, plus the people the things belong to."""
    region = Region.create(name=f"{prefix}-north", position=1)
    cast = SimpleNamespace(region=region)
    cast.applicant = make_member(f"{prefix}-applicant", "applicant")
    cast.member = make_member(f"{prefix}-member", region=region, email=f"{prefix}-member@example.org")
    cast.suspended = set_fields(make_member(f"{prefix}-suspended"),
                                suspended_until=utcnow() + datetime.timedelta(days=7))
    cast.organiser = make_member(f"{prefix}-organiser", "organiser")
    cast.moderator_no_2fa = decided_staff(f"{prefix}-mod-no2fa", "moderator", two_factor=False)
    cast.admin_no_2fa = decided_staff(f"{prefix}-admin-no2fa", "admin", two_factor=False)
    cast.moderator = decided_staff(f"{prefix}-moderator", "moderator", two_factor=staff_two_factor)
    cast.admin = decided_staff(f"{prefix}-admin", "admin", two_factor=staff_two_factor)
    # the people whose things the URLs name
    cast.author = make_member(f"{prefix}-author")
    cast.other = make_member(f"{prefix}-other")
    cast.target = make_member(f"{prefix}-target")
    cast.attendee = make_member(f"{prefix}-attendee")
    cast.seeker = make_member(f"{prefix}-seeker")
    cast.buddy = set_fields(make_member(f"{prefix}-buddy"), is_buddy=True)
    cast.pending = make_member(f"{prefix}-pending", "applicant")
    # approved, but the pseudonym others will see is not chosen yet
    cast.newcomer = set_fields(make_member(f"{prefix}-newcomer"), handle=f"#{prefix}-newcomer",
                               handle_key=f"#{prefix}-newcomer", handle_skeleton=None, handle_chosen=False)
    return cast


def build_world(prefix="sec", staff_two_factor=True):
    """Every kind of thing a URL of the portal names, with the people above.

    - a forum category with a thread (and its opening post) by `author`;
    - a members-only meet-up organised by `organiser`, with `attendee` going;
    - an introduction between `member` (who asked) and `other`, with a message from `other`
      that `member` reported, and the notification `member` got when `other` said yes;
    - a buddy request by `seeker` that waits for the moderators; `buddy` could take it;
    - a help entry, an invite, a pending application (of `pending`), a warning for `target`;
    - a reset link for `target`, a setup link (dead: an admin exists), a feed token of `member`;
    - a signed-in device of `target` (nobody else may sign it out).
    """
    w = people(prefix, staff_two_factor)
    with transaction():
        w.category = Category.create(slug=f"{prefix}-talk", position=1)
        CategoryText.create(category=w.category, locale="en", name="Talk", description="Anything")
    w.thread = posting.create_thread(w.category, w.author, "Finding a kind doctor", "Who do you recommend?")
    w.post = Post.get(Post.thread == w.thread)
    start = utcnow().replace(microsecond=0) + datetime.timedelta(days=7)
    w.meetup = meetups.create_meetup(w.organiser, title="Board games", description="We play *games*.",
                                     starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                                     region=w.region, public_area="Centre", private_address="Secret Street 7",
                                     language_list=["en"], public=False)
    attendance.sign_up(w.meetup, w.attendee)
    asked = flow.request_introduction(w.member, w.other, note="We both cook.", first_message="Hello!", shares={})
    approved = flow.approve(asked, w.moderator, "fine")
    w.introduction = flow.accept(approved, w.other, {})
    w.message = flow.send_message(w.introduction, w.other, "Shall we meet at the market?")
    w.report = reports.report_message(w.message, w.member, "This worries me")
    w.notification = (Notification.select().where(Notification.member == w.member)
                      .order_by(Notification.id.desc()).first())
    w.buddy_request = flow.request_buddy(w.seeker, languages=["en"], region=None, support=["talk"],
                                         note="I would like a buddy.", shares={})
    w.help_entry = listing.save_entry(HelpEntry(), {"kind": "legal", "region": None, "languages": " en ",
                                                    "position": 1}, {"en": ("Legal desk", "Free advice", "Mon")})
    w.invite, w.invite_code = vetting.create_invite(w.moderator, days=14)
    w.application = Application.get(Application.member == w.pending)
    w.warning = sanctions.warn(w.target, w.moderator, "Please be kind.")
    w.reset_token = membership.new_reset_link_token(w.target, w.moderator)
    w.setup_token = membership.new_setup_token(24)
    w.feed_token = tokens.new_token()
    w.member = set_fields(w.member, feed_token_hash=tokens.digest(w.feed_token))
    w.device = DeviceSession.get(DeviceSession.token_hash == tokens.digest(devices.start(w.target)))
    with transaction():
        # a safety check-in waiting for `member`'s answer (made directly: no notification to change the one above)
        w.check = SafetyCheck.create(member=w.member, about="meetup", target_id=w.meetup.id)
    # the staff desk: the member's support request, taken by the moderator (the admin does not help with it);
    # the pending applicant named the member as voucher; a staff note on target; an intake question
    w.support_request = support.take(support.open_request(w.member, category="housing", text="I need a room",
                                                          language="en"), w.moderator)
    with transaction():
        w.vouch = membership.ask_voucher(w.application, w.pending, w.member.handle)
    w.staff_note = notes.add_note(w.target, w.moderator, "Met at the welcome evening.")
    w.intake_question = intake.add_question(w.admin, "en", "How did you hear about us?", required=False)
    return w


# URLs -------------------------------------------------------------------------------------------

PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def url_values(rule, w):
    """What each <parameter> of a rule stands for in the world."""
    values = {"category_id": w.category.id, "entry_id": w.help_entry.id, "region_id": w.region.id,
              "meetup_id": w.meetup.id, "member_id": w.target.id, "post_id": w.post.id,
              "thread_id": w.thread.id, "slug": w.category.slug, "handle": w.author.handle,
              "introduction_id": w.introduction.id, "message_id": w.message.id,
              "notification_id": w.notification.id, "application_id": w.application.id,
              "report_id": w.report.id, "buddy_id": w.buddy.id, "filename": "css/site.css",
              "decision": "approve", "device_id": w.device.id, "key": "landing", "check_id": w.check.id,
              "task_id": "0123456789abcdef0123456789abcdef", "request_id": w.support_request.id,
              "vouch_id": w.vouch.id, "answer": "confirm", "note_id": w.staff_note.id,
              "question_id": w.intake_question.id}
    if rule.startswith("/reset/"):
        values["token"] = w.reset_token
    elif rule.startswith("/setup/"):
        values["token"] = w.setup_token
    elif rule.startswith("/calendar/feed/"):
        values["token"] = w.feed_token
    if rule.startswith("/calendar/") and "/attendees/" in rule:
        values["member_id"] = w.attendee.id
    if rule.startswith("/moderation/introductions/"):
        values["introduction_id"] = w.buddy_request.id
    if rule.startswith("/moderation/posts/"):
        values["action"] = "hide"
    if rule.startswith("/moderation/threads/"):
        values["action"] = "lock"
    return values


# addresses that need a query to mean anything
QUERIES = {"/introductions/new": lambda w: f"?to={w.author.handle}"}


def path_for(rule, w):
    """The rule with its parameters filled in from the world (and a query where one is needed)."""
    values = url_values(rule, w)
    path = PARAMETER.sub(lambda match: str(values[match.group(1)]), rule)
    return path + QUERIES.get(rule, lambda _w: "")(w)


def location_of(response):
    """Where a redirect goes: the address without query and fragment."""
    location = response.headers.get("Location", "")
    parts = urlsplit(location)
    if parts.netloc and parts.netloc != "localhost":
        return f"{parts.scheme}://{parts.netloc}{parts.path}"
    return parts.path


# signing in -------------------------------------------------------------------------------------

def account_of(w, role):
    """The member who plays a role (None for the visitor), as the database has them now."""
    if role == "visitor":
        return None
    member = getattr(w, role)
    return Member.get_by_id(member.id)


def client_as(app, member, **session_values):
    """A test client signed in as member (None: a visitor), with a CSRF token ready for submit()."""
    client = app.test_client()
    raw = hashlib.sha1(os.urandom(64)).hexdigest()
    # what Flask-WTF's generate_csrf() keeps in the session
    session = {"csrf_token": raw}
    if member is not None:
        member = Member.get_by_id(member.id)
        # a device record, as signing in makes: the session cookie carries its random id
        session.update({"_user_id": devices.start(member), "_fresh": True})
    session.update(session_values)
    # the signed session cookie, as Flask's session interface writes it
    cookie = app.session_interface.get_signing_serializer(app).dumps(session)
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    client._csrf = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)
    return client


# the database -----------------------------------------------------------------------------------

def snapshot():
    """Every row of every table: two snapshots are equal only if nothing changed at all."""
    found = {}
    for model in ALL_MODELS:
        table, key = model._meta.table_name, model._meta.primary_key.column_name
        found[table] = db.database.execute_sql(f'SELECT * FROM "{table}" ORDER BY "{key}"').fetchall()
    return found


def changes(before, after):
    """The tables whose rows differ between two snapshots, with the row counts."""
    return {table: f"{len(before[table])} rows -> {len(after[table])} rows"
            for table in before if before[table] != after[table]}


# what a form would send -------------------------------------------------------------------------

def meetup_form(title="Picnic"):
    start = (datetime.datetime.now() + datetime.timedelta(days=10)).replace(hour=19, minute=0)
    return {"title": title, "description": "Bring food.", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "region": "0",
            "public_area": "Park", "private_address": "Lane 1", "online_link": "", "capacity": "",
            "language_list": ["en"]}


def post_data(rule, w):
    """A request each POST endpoint would accept from someone allowed to use it: a refusal must be
    a refusal of the person, not of a half-empty form."""
    today = datetime.date.today()
    data = {
        "/account": {"locale": "en", "timezone": "Europe/Amsterdam", "email": "", "bio": "Changed bio"},
        "/account/delete": {"password": PASSWORD, "posts": "delete", "confirm": "y"},
        "/account/recovery-codes": {"password": PASSWORD},
        "/account/security": {"current_password": PASSWORD, "password": NEW_PASSWORD,
                              "password_repeat": NEW_PASSWORD},
        "/account/sign-in-name": {"current_password": PASSWORD, "login_name": "another-door"},
        "/account/two-factor/confirm": {"code": "123456"},
        "/account/two-factor/disable": {"password": PASSWORD, "code": "123456"},
        "/admin/categories": {"slug": "brand-new", "name_en": "Brand new"},
        "/admin/categories/<int:category_id>": {"slug": w.category.slug, "name_en": "Renamed"},
        "/admin/categories/<int:category_id>/move": {"direction": "down"},
        "/admin/help/<int:entry_id>": {"kind": "legal", "region": "0", "name_en": "Renamed desk"},
        "/admin/help/new": {"kind": "legal", "region": "0", "name_en": "New desk"},
        "/admin/regions": {"name": "South"},
        "/admin/texts/<key>": {"en": "A members' club"},
        "/admin/regions/<int:region_id>": {"name": "Renamed"},
        "/admin/regions/<int:region_id>/move": {"direction": "down"},
        "/apply": {"handle": "newcomer", "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD,
                   "languages": "en", "region": "0", "accept_rules": "y"},
        "/calendar/<int:meetup_id>/edit": meetup_form("Changed title"),
        "/check-in/<int:check_id>": {"answer": "talk"},
        "/calendar/<int:meetup_id>/message": {"text": "See you all"},
        "/calendar/new": meetup_form(),
        "/forum/new": {"category": w.category.slug, "title": "A new thread", "body": "Its first post"},
        "/forum/new/check": {"title": "A new thread"},
        "/forum/p/<int:post_id>/edit": {"body": "Edited text", "note": ""},
        "/forum/p/<int:post_id>/flag": {"reason": "spam", "note": ""},
        "/forum/t/<int:thread_id>/reply": {"body": "A reply"},
        "/forum/t/<int:thread_id>/subscription": {"follow": "on"},
        "/introductions/<int:introduction_id>/decline": {"block": "y"},
        "/introductions/<int:introduction_id>/end": {"block": "y"},
        "/introductions/<int:introduction_id>/messages": {"body": "Hello again"},
        "/introductions/<int:introduction_id>/messages/<int:message_id>/report": {"note": "Not nice"},
        "/introductions/buddy": {"languages": "en", "region": "0", "support": "talk", "note": "Please"},
        "/introductions/new": {"note": "We like cooking", "first_message": "Hello there"},
        "/language": {"lang": "nl", "next": "/"},
        "/login": {"handle": w.member.handle, "password": PASSWORD},
        "/login/code": {"code": "123456"},
        "/moderation/applications/<int:application_id>": {"decision": "approve", "note": ""},
        "/moderation/introductions/<int:introduction_id>/<decision>": {"note": ""},
        "/moderation/introductions/<int:introduction_id>/match/<int:buddy_id>": {"note": ""},
        "/moderation/invites": {"days": "14", "note": ""},
        "/moderation/members/<int:member_id>/ban": {"reason": "Hate"},
        "/moderation/members/<int:member_id>/buddy": {"is_buddy": "on"},
        "/moderation/members/<int:member_id>/role": {"role": "moderator"},
        "/moderation/members/<int:member_id>/suspend": {"until": (today + datetime.timedelta(days=7)).isoformat(),
                                                        "reason": "Cool down"},
        "/moderation/members/<int:member_id>/warn": {"message": "Please stop"},
        "/moderation/posts/<int:post_id>/<action>": {"reason": "Outing risk"},
        "/support/new": {"category": "housing", "text": "I need a room", "language": "en", "reach": "portal"},
        "/support/<int:request_id>/messages": {"body": "Thank you"},
        "/moderation/support/<int:request_id>/messages": {"body": "We can help", "referral": "0"},
        "/moderation/support/<int:request_id>/helpers": {"handle": w.admin.handle},
        "/moderation/alerts/settings": {"kinds": "application", "quiet_from": "22", "quiet_until": "7"},
        "/moderation/members/<int:member_id>/notes": {"text": "Met at the centre"},
        "/admin/intake": {"locale": "en", "text": "Which language would you like for a first call?"},
        "/admin/invite-batches": {"organisation": "Legal aid office", "size": "3", "days": "30"},
        "/recover": {"handle": w.member.handle, "code": "ABCD-EFGH-JKMN-PQRS", "password": NEW_PASSWORD,
                     "password_repeat": NEW_PASSWORD},
        "/reset/<token>": {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD},
        "/setup/<token>": {"handle": "first-admin", "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD,
                           "pseudonym": "First-Admin"},
        "/welcome": {"pseudonym": "Brand-New-Name"},
    }
    return dict(data.get(rule, {}))


# what every response says about itself --------------------------------------------------------------

def security_header_problems(headers, path):
    """What is missing or weak in a response's security headers (a list, empty when all is well).

    headers: any mapping with case-insensitive or lower-case names. Pages must not be cached
    (a shared phone must not show a conversation from the cache); static files may be.
    """
    def get(name):
        return headers.get(name) or headers.get(name.lower()) or ""

    problems = []
    if get("Referrer-Policy") != "no-referrer":
        problems.append(f"Referrer-Policy: {get('Referrer-Policy')!r}")
    if get("X-Content-Type-Options") != "nosniff":
        problems.append(f"X-Content-Type-Options: {get('X-Content-Type-Options')!r}")
    permissions = get("Permissions-Policy").replace(" ", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        if feature not in permissions.split(","):
            problems.append(f"Permissions-Policy without {feature}: {permissions!r}")
    policy = {part.split()[0]: part.split()[1:] for part in get("Content-Security-Policy").split(";") if part.split()}
    if policy.get("frame-ancestors") != ["'none'"]:
        problems.append(f"CSP frame-ancestors: {policy.get('frame-ancestors')}")
    for directive, sources in policy.items():
        weak = [source for source in sources if source in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:",
                                                           "https:")]
        if weak and not (directive == "img-src" and weak == ["data:"]):
            problems.append(f"CSP {directive} allows {weak}")
    for directive in ("script-src", "style-src"):
        if policy.get(directive, policy.get("default-src")) not in (["'self'"], ["'none'"]):
            problems.append(f"CSP {directive}: {policy.get(directive)}")
    if not path.startswith("/static/") and "no-store" not in get("Cache-Control"):
        problems.append(f"Cache-Control: {get('Cache-Control')!r}")
    return problems
