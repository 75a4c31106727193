"""What a notification about one's own account shows: a link to the security page."""

from flask import url_for

from portal.notifications import notify


@notify.describes("account")
def describe_accounts(ids):
    return {member_id: {"url": url_for("account.security")} for member_id in ids}
