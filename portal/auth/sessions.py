"""Sessions end on their own: after a quiet spell, unless the member chose to stay signed in."""

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from portal import policy

TOUCH_EVERY = 60  # seconds: rewrite the cookie at most once a minute


def end_idle_sessions():
    kept = session.get("keep") or request.cookies.get(current_app.config["REMEMBER_COOKIE_NAME"])
    if not current_user.is_authenticated or kept or request.endpoint == "static":
        return None
    now = int(time.time())
    last = session.get("seen", now)
    if now - last > current_app.config["IDLE_HOURS"] * 3600:
        session.clear()
        # after clear(): logout_user() leaves the note that makes Flask-Login delete the remember cookie
        logout_user()
        flash(_("You were signed out after a while without activity."), "info")
        return redirect(url_for("auth.login"))
    if now - last >= TOUCH_EVERY or "seen" not in session:
        session["seen"] = now
    return None


@login_required
def staff_gate():
    """Before every staff page: staff only, and only with two-factor sign-in set up (a setting, on by default)."""
    if policy.lacks_staff_two_factor(current_user):
        flash(_("Staff accounts need two-factor sign-in. Set it up here first."), "error")
        return redirect(url_for("account.security", _anchor="two-factor"))
    policy.require("moderate")
    return None


def init_app(app):
    app.before_request(end_idle_sessions)
