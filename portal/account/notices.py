"""What a notification about a vouch asked of a member shows: a link to the vouching page."""

from flask import url_for

from portal.notifications import notify


@notify.describes("vouch")
def describe_vouches(ids):
    return {vouch_id: {"url": url_for("account.vouches")} for vouch_id in ids}
