"""The periodic jobs that replace cron; the consumer (flask --app portal jobs) runs them.

Every job is small and safe to run twice: each step claims its rows before it tells anyone.
"""

import logging

from flask import current_app

from portal import maintenance
from portal.calendar import reminders
from portal.db import is_sqlite
from portal.introductions import checkins as introduction_checkins
from portal.introductions import flow as introductions
from portal.jobs import crontab, periodic
from portal.notifications import delivery  # noqa: F401 (its jobs: e-mail and the daily digest)

log = logging.getLogger(__name__)


@periodic(crontab(minute="30", hour="3"))
def daily_purge():
    """The retention purge, once a day."""
    return maintenance.purge()


@periodic(crontab(minute="0", hour="2"))
def daily_backup():
    """A backup into BACKUP_DIR, keeping the newest BACKUP_KEEP; nothing when BACKUP_DIR is empty."""
    folder = current_app.config["BACKUP_DIR"]
    if not folder:
        return None
    if not is_sqlite():
        log.warning("BACKUP_DIR is set, but on PostgreSQL backups are made with pg_dump")
        return None
    return str(maintenance.rotating_backup(folder, current_app.config["BACKUP_KEEP"]))


@periodic(crontab(minute="15"))
def expire_introductions():
    """Unanswered introduction requests expire, every hour."""
    return introductions.expire_stale()


@periodic(crontab(minute="*/5"))
def meetup_news():
    """Every five minutes: addresses that open, reminders that are due, check-ins after meet-ups."""
    return {"addresses": reminders.open_addresses(), "reminders": reminders.send_reminders(),
            "meetup check-ins": reminders.ask_after_meetups()}


@periodic(crontab(minute="45"))
def ask_about_introductions():
    """Every hour: ask about introductions that began a few days ago."""
    return introduction_checkins.ask_after_introductions()
