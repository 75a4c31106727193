"""What a notification for staff about a member shows: a link to the member's staff page."""

from flask import url_for

from portal.notifications import notify


@notify.describes("member")
def describe_members(ids):
    return {member_id: {"url": url_for("moderation.member_detail", member_id=member_id)} for member_id in ids}
