"""What a notification about a safety check-in shows: a link to the question."""

from flask import url_for

from portal.notifications import notify


@notify.describes("safety_check")
def describe_safety_checks(ids):
    return {check_id: {"url": url_for("checkins.answer", check_id=check_id)} for check_id in ids}
