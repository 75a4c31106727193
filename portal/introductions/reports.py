"""Reported messages: a participant sends one message to the moderators, who deal with it."""

from portal import audit
from portal.db import transaction, utcnow
from portal.introductions.flow import WrongStep
from portal.introductions.models import MessageReport
from portal.notifications import alerts


def report_message(message, reporter, note=""):
    """Send a copy of one message, and only that one, to the moderators."""
    introduction = message.introduction
    if introduction.role_of(reporter) is None or message.author_id == reporter.id:
        raise WrongStep()
    with transaction():
        report = MessageReport.create(message=message, copied_text=message.body, author=message.author_id,
                                      reporter=reporter, note=note or "")
        alerts.raise_alert("report", "message_report", report.id)
    return report


def resolve_report(report, moderator):
    """A moderator has dealt with a reported message: its alert ends for every moderator."""
    with transaction():
        report.resolved_at, report.resolved_by = utcnow(), moderator.id
        report.save()
        alerts.handled("message_report", report.id, moderator.id)
        audit.record(moderator, "message_report.resolved", member=report.author, target_type="message_report",
                     target_id=report.id)
