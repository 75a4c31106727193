"""Fixtures and helpers for the introduction tests: a cast of members, their browsers, a tiny SMTP server.

conftest.py loads the fixtures (`people`, `smtp_server`, `closed_port`) for every test file.
"""

import datetime
import email
import email.policy
import socket
import socketserver
import threading
from types import SimpleNamespace

import pytest

from portal.audit import AuditEntry
from portal.db import transaction, utcnow
from portal.introductions import flow
from portal.introductions.models import ConversationMessage, Introduction, MessageReport
from portal.members.models import Block, Region
from portal.notifications.models import Notification
from tests.conftest import make_member
from tests.helpers import fresh, set_fields, sign_in

# what a refused request says, whatever the reason (so the reason cannot be guessed)
NOT_POSSIBLE = "This introduction is not possible right now."
ALREADY_OPEN = "There is already an open introduction between the two of you."
# what the form of an introduction request sends when nothing is shared
REQUEST_FORM = {"note": "We both cook and live nearby.", "first_message": "Hello, shall we cook together?"}


def state_of(introduction):
    return Introduction.get_by_id(introduction.id).state


def snapshot():
    """Everything a transition could change: compared before and after a refused step."""
    return {
        "introductions": [(i.id, i.state, i.recipient_id, i.declined_by, i.answered_at, i.ended_at)
                          for i in Introduction.select().order_by(Introduction.id)],
        "messages": ConversationMessage.select().count(),
        "reports": MessageReport.select().count(),
        "notifications": Notification.select().count(),
        "blocks": Block.select().count(),
        "audit": AuditEntry.select().count(),
    }


def age(introduction, days):
    """Pretend the request was made days ago."""
    with transaction():
        Introduction.update(created_at=utcnow() - datetime.timedelta(days=days)).where(
            Introduction.id == introduction.id).execute()


def answer_due(introduction):
    """Let the request reach its end (the expiry age): a "no" is told to the requester only then."""
    age(introduction, 31)
    flow.expire_stale()
    return fresh(introduction)


class People(SimpleNamespace):
    """The cast, their browsers (made when first asked for) and short ways to reach each state."""

    def browser(self, member):
        if member is None:
            return self.app.test_client()
        if member.id not in self._browsers:
            self._browsers[member.id] = sign_in(self.app, member)
        return self._browsers[member.id]

    # through the web ---------------------------------------------------------------------------

    def ask(self, requester=None, recipient=None, **fields):
        """The requester fills in /introductions/new?to=<recipient>; returns the response."""
        requester, recipient = requester or self.requester, recipient or self.recipient
        data = dict(REQUEST_FORM, **fields)
        return self.browser(requester).submit(f"/introductions/new?to={recipient.handle}", data)

    def moderate(self, introduction, decision, note=""):
        return self.browser(self.moderator).submit(
            f"/moderation/introductions/{introduction.id}/{decision}", {"note": note})

    # straight through the flow: quick set-up for tests about what comes later ------------------

    def requested(self, requester=None, recipient=None, first_message="Hello, shall we cook together?",
                  shares=None):
        return flow.request_introduction(requester or self.requester, recipient or self.recipient,
                                         note="We both cook.", first_message=first_message, shares=shares or {})

    def approved(self, requester=None, recipient=None, **kwargs):
        return flow.approve(self.requested(requester, recipient, **kwargs), self.moderator, "fine")

    def introduced(self, requester=None, recipient=None, recipient_shares=None, **kwargs):
        approved = self.approved(requester, recipient, **kwargs)
        return flow.accept(approved, fresh(approved.recipient), recipient_shares or {})

    def buddy_request(self, requester=None, languages=("ar",), region=None, support=("talk",)):
        return flow.request_buddy(requester or self.requester, languages=list(languages), region=region,
                                  support=list(support), note="I would like a buddy.", shares={})


@pytest.fixture
def people(app):
    """Amira asks, Bashir is asked, Carla is a third member, Mona moderates, Bo is a buddy, Nour applies.

    Two regions; Amira and Bo live in Groningen, Bashir in Limburg.
    """
    north = Region.create(name="Groningen", position=1)
    south = Region.create(name="Limburg", position=2)
    requester = make_member("amira", languages=["ar", "en"], region=north)
    recipient = make_member("bashir", languages=["ar", "nl"], region=south)
    third = make_member("carla", languages=["es", "en"], region=south)
    moderator = make_member("mona", "moderator", languages=["en", "nl"], region=north)
    buddy = set_fields(make_member("bo", languages=["ar", "fa"], region=north), is_buddy=True)
    applicant = make_member("nour", "applicant", languages=["ar"])
    return People(app=app, north=north, south=south, requester=requester, recipient=recipient, third=third,
                  moderator=moderator, buddy=buddy, applicant=applicant, _browsers={})


# a tiny SMTP server ------------------------------------------------------------------------------

class _SMTPSession(socketserver.StreamRequestHandler):
    """Enough SMTP for smtplib: greeting, EHLO/HELO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 test.invalid ESMTP")
        recipients = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test.invalid")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data_line = self.rfile.readline()
                    if data_line in (b".\r\n", b".\n", b""):
                        break
                    # dot-stuffing: a line starting with "." was sent with one more
                    lines.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                raw = b"".join(lines)
                # stored before the 250, so the mail is here by the time the sending request returns
                self.server.received.append(SimpleNamespace(
                    recipients=recipients, raw=raw,
                    message=email.message_from_bytes(raw, policy=email.policy.default)))
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            else:
                self.reply("502 Command not implemented")


@pytest.fixture
def smtp_server(app):
    """A local SMTP server the app sends to; .received lists the mails (recipients, raw, message)."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPSession)
    server.received = []
    # shutdown() waits for the next poll: half a second a test with the default interval
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.server_address[1], MAIL_FROM="portal@test.invalid")
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        app.config["SMTP_HOST"] = ""


@pytest.fixture
def closed_port():
    """A port on which nothing listens: bound once, then closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
