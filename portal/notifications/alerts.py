"""Staff alerts: something waits for a moderator (an application, a flag, a report, a request).

An alert is one row per waiting item, shared by all staff: once any moderator handles the item,
its decision marks the alert handled in the same transaction, and it is gone for everyone. Each
moderator chooses the kinds that alert them and quiet hours; urgent alerts ignore both. The e-mail
is the neutral one of mail.py, with nothing of the item in it.
"""

import datetime
import zoneinfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import JOIN, BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Value

from portal import jobs
from portal.db import BaseModel, transaction, utcnow
from portal.members.models import Member
from portal.notifications import delivery

KINDS = {
    "application": _l("New applications"),
    "flag": _l("Posts flagged as an outing risk"),
    "hidden_post": _l("Posts hidden by members' flags"),
    "report": _l("Reported messages"),
    "introduction": _l("Introduction and buddy requests"),
    "support": _l("Support requests"),
}


class StaffAlert(BaseModel):
    kind = CharField(max_length=20, index=True)
    target_type = CharField(max_length=30)
    target_id = IntegerField()
    urgent = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    handled_at = DateTimeField(null=True, index=True)
    handled_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        indexes = ((("target_type", "target_id"), False),)


class AlertPreference(BaseModel):
    """What alerts one moderator; without a row, every kind and no quiet hours."""

    member = ForeignKeyField(Member, unique=True, backref="+", on_delete="CASCADE")
    # space-delimited kinds (" application flag "), so a LIKE on " kind " is exact
    kinds = CharField(max_length=200, default=" " + " ".join(KINDS) + " ")
    # whole hours in the moderator's own time zone; equal means no quiet hours
    quiet_from = IntegerField(default=0)
    quiet_until = IntegerField(default=0)

    @property
    def kind_list(self):
        return self.kinds.split()


def _staff():
    return Member.role.in_(("moderator", "admin")) & Member.banned_at.is_null()


def in_quiet_hours(preference, timezone, now=None):
    """Whether it is now within the moderator's quiet hours, in their time zone."""
    if preference is None or preference.quiet_from == preference.quiet_until:
        return False
    try:
        zone = zoneinfo.ZoneInfo(timezone or current_app.config["DEFAULT_TIMEZONE"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    now = (now or utcnow()).replace(tzinfo=datetime.UTC).astimezone(zone)
    start, end = preference.quiet_from, preference.quiet_until
    return start <= now.hour < end if start < end else (now.hour >= start or now.hour < end)


def wants(preference, kind, urgent, timezone, now=None):
    """Whether one moderator is told now about an alert of this kind."""
    if urgent:
        return True
    if preference is not None and kind not in preference.kind_list:
        return False
    return not in_quiet_hours(preference, timezone, now)


def raise_alert(kind, target_type, target_id, urgent=False):
    """Record that an item waits, and e-mail the moderators it concerns; call inside the item's transaction."""
    if StaffAlert.select().where(StaffAlert.target_type == target_type, StaffAlert.target_id == target_id,
                                 StaffAlert.handled_at.is_null()).exists():
        return None
    alert = StaffAlert.create(kind=kind, target_type=target_type, target_id=target_id, urgent=urgent)
    if current_app.config["SMTP_HOST"]:
        staff = (Member.select(Member, AlertPreference)
                 .join(AlertPreference, JOIN.LEFT_OUTER, on=(AlertPreference.member == Member.id), attr="preference")
                 .where(_staff(), Member.email.is_null(False)))
        for member in staff:
            if member.email and wants(getattr(member, "preference", None), kind, urgent, member.timezone):
                # never inside the request: the queue sends it, with the member's id only
                jobs.enqueue_after_commit(delivery.mail_staff_alert, member.id)
    return alert


def handled(target_type, target_id, by=None):
    """The item is dealt with: its alert ends for everyone. Call inside the decision's transaction."""
    return (StaffAlert.update(handled_at=utcnow(), handled_by=by)
            .where(StaffAlert.target_type == target_type, StaffAlert.target_id == target_id,
                   StaffAlert.handled_at.is_null()).execute())


def _open_for(member_id):
    """Open alerts of the kinds a moderator chose (urgent ones always), as a query."""
    chosen = (AlertPreference.kinds ** Value("% ").concat(StaffAlert.kind).concat(" %"))
    return (StaffAlert.select()
            .join(AlertPreference, JOIN.LEFT_OUTER, on=(AlertPreference.member == member_id))
            .where(StaffAlert.handled_at.is_null(),
                   StaffAlert.urgent | AlertPreference.id.is_null() | chosen))


def waiting_count(member):
    """For the staff navigation: one query."""
    return _open_for(member.id).count()


def open_alerts(member, limit=200):
    """The open alerts a moderator chose, urgent first, then oldest first."""
    return list(_open_for(member.id).order_by(StaffAlert.urgent.desc(), StaffAlert.created_at, StaffAlert.id)
                .limit(limit))


def preference_of(member):
    return AlertPreference.get_or_none(AlertPreference.member == member.id)


def save_preference(member, kinds, quiet_from, quiet_until):
    """A moderator's choice of kinds and quiet hours."""
    packed = " " + " ".join(kind for kind in KINDS if kind in kinds) + " "
    with transaction():
        (AlertPreference.insert(member=member.id, kinds=packed, quiet_from=quiet_from, quiet_until=quiet_until)
         .on_conflict(conflict_target=[AlertPreference.member],
                      update={AlertPreference.kinds: packed, AlertPreference.quiet_from: quiet_from,
                              AlertPreference.quiet_until: quiet_until})
         .execute())


def waiting_count_for_current_user():
    """The "waiting for you" count in the navigation: staff only, one query."""
    from flask_login import current_user

    from portal import policy

    return waiting_count(current_user) if policy.is_moderator(current_user) else 0
