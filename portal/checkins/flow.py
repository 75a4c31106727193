"""Asking once whether everything felt safe, and passing "I want to talk to someone" to the moderators.

Nothing of the answer is kept: "yes" removes the question; "I want to talk to someone" becomes an
alert for the moderators (who is asking, after what kind of thing) and then removes the question.
"""

from portal.checkins.models import SafetyCheck
from portal.db import transaction, utcnow
from portal.notifications import notify
from portal.notifications.models import Notification

ALERTS = {"meetup": "safety_talk_meetup", "introduction": "safety_talk_introduction"}


def ask(member_ids, about, target_id):
    """Ask each member once (a pending question and a notification); call inside a transaction."""
    asked = 0
    for member_id in member_ids:
        if SafetyCheck.select().where(SafetyCheck.member == member_id, SafetyCheck.about == about,
                                      SafetyCheck.target_id == target_id).exists():
            continue
        check = SafetyCheck.create(member=member_id, about=about, target_id=target_id)
        notify.send(member_id, "safety_check", target_type="safety_check", target_id=check.id)
        asked += 1
    return asked


def answer(check, wants_to_talk):
    """Record the answer by forgetting the question; a wish to talk reaches every moderator."""
    with transaction():
        removed = SafetyCheck.delete().where(SafetyCheck.id == check.id).execute()
        if not removed:
            # answered already (a second click, another tab): one alert is enough
            return False
        Notification.update(read_at=utcnow()).where(
            Notification.target_type == "safety_check", Notification.target_id == check.id,
            Notification.read_at.is_null()).execute()
        if wants_to_talk:
            notify.alert_moderators(ALERTS[check.about], actor=check.member_id, target_type="member",
                                    target_id=check.member_id)
    return True


def pending_for(member):
    return SafetyCheck.select().where(SafetyCheck.member == member).order_by(SafetyCheck.created_at)
