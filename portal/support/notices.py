"""What a notification about a support request shows: the member's page, or the staff desk's."""

from flask import url_for

from portal.notifications import notify


@notify.describes("support")
def describe_support_requests(ids):
    return {request_id: {"url": url_for("support.detail", request_id=request_id)} for request_id in ids}


@notify.describes("support_staff")
def describe_support_requests_for_staff(ids):
    return {request_id: {"url": url_for("moderation.support_request", request_id=request_id)} for request_id in ids}
