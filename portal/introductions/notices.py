"""What a notification about an introduction shows: only a link, never who or what."""

from flask import url_for

from portal.notifications import notify


@notify.describes("introduction")
def describe_introductions(ids):
    return {introduction_id: {"url": url_for("introductions.detail", introduction_id=introduction_id)}
            for introduction_id in ids}
