"""E-mail jobs: the neutral note at once or as a daily digest, and the admin's test e-mail.

Each job gets ids and reads the rest when it runs. A member chooses "immediate", "daily" or
"never"; a digest member gets at most one e-mail per day of the site's time zone.
"""

import datetime
import logging
import smtplib
from zoneinfo import ZoneInfo

from flask import current_app
from peewee import fn

from portal.db import transaction, utcnow
from portal.jobs import crontab, job, periodic
from portal.members.models import Member
from portal.notifications import mail
from portal.notifications.models import Notification

log = logging.getLogger(__name__)

FREQUENCIES = ("immediate", "daily", "never")
# the e-mail jobs return None: Huey keeps every other return value in its storage until someone reads it


class MailNotSent(Exception):
    """Raised so that the queue retries; it names only the kind of failure, never an address."""


def mail_configured():
    return bool(current_app.config["SMTP_HOST"])


def wants_mail_now(member):
    """Whether a notification to this member should be followed by an e-mail straight away."""
    return mail_configured() and bool(member.email) and member.email_frequency == "immediate" \
        and member.banned_at is None


def _send_or_raise(message):
    try:
        mail.deliver(message)
    except (OSError, smtplib.SMTPException) as error:
        # no address or server text in the log, only what kind of failure it was
        log.warning("notification e-mail not sent: %s", type(error).__name__)
        raise MailNotSent(type(error).__name__) from None


@job(retries=5, retry_delay=30, retry_backoff=2)
def mail_notification(notification_id):
    """The neutral e-mail for one notification, unless it was read or deleted in the meantime."""
    row = (Notification.select(Notification, Member).join(Member)
           .where(Notification.id == notification_id).get_or_none())
    if row is None or row.read_at is not None or not wants_mail_now(row.member):
        return None
    _send_or_raise(mail.neutral_message(row.member.email, row.member.locale))
    with transaction():
        Member.update(mailed_at=utcnow()).where(Member.id == row.member_id).execute()
    return None


@job(retries=5, retry_delay=30, retry_backoff=2)
def mail_staff_alert(member_id):
    """The neutral e-mail to a moderator that something waits for them (urgent support requests too)."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None or not member.email or member.banned_at is not None or not mail_configured():
        return None
    _send_or_raise(mail.neutral_message(member.email, member.locale))
    return None


def digest_period_start(now=None):
    """The start (UTC) of today in the site's time zone: one digest e-mail per such day."""
    zone = ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    local = (now or utcnow()).replace(tzinfo=datetime.UTC).astimezone(zone)
    midnight = datetime.datetime.combine(local.date(), datetime.time(), tzinfo=zone)
    return midnight.astimezone(datetime.UTC).replace(tzinfo=None), local.hour


def digest_due():
    """Members due a digest: they chose it, have unread news since their last e-mail, none today yet."""
    period_start, _hour = digest_period_start()
    fresh_news = (Notification.select(Notification.id)
                  .where(Notification.member == Member.id, Notification.read_at.is_null(),
                         (Member.mailed_at.is_null()) | (Notification.created_at > Member.mailed_at)))
    return (Member.select(Member.id)
            .where(Member.email_frequency == "daily", Member.email.is_null(False), Member.email != "",
                   Member.banned_at.is_null(),
                   Member.mailed_at.is_null() | (Member.mailed_at < period_start), fn.EXISTS(fresh_news)))


@periodic(crontab(minute="5"))
def send_digests():
    """Every hour: once the digest hour has come, queue one digest per member who is due one."""
    _start, hour = digest_period_start()
    if not mail_configured() or hour < current_app.config["DIGEST_HOUR"]:
        return 0
    due = [member.id for member in digest_due()]
    for member_id in due:
        mail_digest(member_id)
    return len(due)


@job(retries=5, retry_delay=30, retry_backoff=2)
def mail_digest(member_id):
    """One neutral e-mail for everything new today; the claim on mailed_at makes a second one impossible."""
    period_start, _hour = digest_period_start()
    member = Member.get_or_none(Member.id == member_id)
    if member is None or not member.email or member.email_frequency != "daily" or not mail_configured():
        return None
    previous = member.mailed_at
    with transaction():
        claimed = (Member.update(mailed_at=utcnow())
                   .where(Member.id == member_id,
                          Member.mailed_at.is_null() | (Member.mailed_at < period_start)).execute())
    if not claimed:
        return None
    try:
        _send_or_raise(mail.neutral_message(member.email, member.locale))
    except MailNotSent:
        with transaction():
            Member.update(mailed_at=previous).where(Member.id == member_id).execute()
        raise
    return None


@job()
def mail_test(member_id):
    """The admin's test e-mail to their own address: {"ok": True} or the problem and the server's code."""
    member = Member.get_or_none(Member.id == member_id)
    if not mail_configured():
        return {"ok": False, "problem": "not_configured", "code": None}
    if member is None or not member.email:
        return {"ok": False, "problem": "no_address", "code": None}
    try:
        mail.deliver(mail.test_message(member.email, member.locale))
    except (OSError, smtplib.SMTPException) as error:
        log.warning("test e-mail not sent: %s", type(error).__name__)
        return {"ok": False, "problem": mail.problem_of(error), "code": mail.smtp_code_of(error)}
    return {"ok": True, "problem": None, "code": None}
