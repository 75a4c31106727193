"""A few days into an introduction's conversation, both are asked once whether everything feels safe."""

import datetime

from flask import current_app

from portal.checkins import flow as checkins
from portal.db import transaction, utcnow
from portal.introductions.models import Introduction

# older introductions are not asked about any more (say, when the feature is switched on)
ASK_WITHIN = datetime.timedelta(days=7)


def ask_after_introductions(now=None):
    """Ask both sides of each introduction that began CHECKIN_INTRODUCTION_DAYS ago; returns how many were asked."""
    now = now or utcnow()
    cutoff = now - datetime.timedelta(days=current_app.config["CHECKIN_INTRODUCTION_DAYS"])
    due = Introduction.select().where(Introduction.state.in_(("introduced", "ended")),
                                      Introduction.answered_at <= cutoff, Introduction.answered_at > cutoff - ASK_WITHIN,
                                      Introduction.checked_in_at.is_null())
    asked = 0
    for introduction in due:
        with transaction():
            claimed = (Introduction.update(checked_in_at=now)
                       .where(Introduction.id == introduction.id, Introduction.checked_in_at.is_null()).execute())
            if claimed:
                people = [member_id for member_id in (introduction.requester_id, introduction.recipient_id) if member_id]
                asked += checkins.ask(people, "introduction", introduction.id)
    return asked
