"""A member's notifications."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.db import get_or_404
from portal.forms import EmptyForm
from portal.notifications import bp, notify
from portal.notifications.models import Notification


@bp.before_request
@login_required
def members_only():
    policy.require("enter_member_area")


@bp.get("")
def index():
    """The newest notifications, unread ones marked."""
    rows = notify.recent(current_user)
    return render_template("notifications/index.html", notifications=rows, form=EmptyForm(),
                           texts={row.id: notify.text(row, _("former member")) for row in rows})


@bp.get("/<int:notification_id>")
def open_one(notification_id):
    """Mark one notification read and go to what it is about."""
    notification = get_or_404(Notification, Notification.id == notification_id,
                              Notification.member == current_user.id)
    notify.mark_read(current_user, notification.id)
    target = notify.describe([notification])[0].url
    return redirect(target or url_for("notifications.index"), 303)


@bp.post("/read")
def mark_all_read():
    """Mark every notification as read."""
    if EmptyForm().validate_on_submit():
        notify.mark_read(current_user)
    return redirect(url_for("notifications.index"), 303)
