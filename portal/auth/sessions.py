"""Sessions end on the server: when signed out, and after a quiet spell (IDLE_HOURS, or REMEMBER_DAYS when kept)."""

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import SecurityError

from portal import policy
from portal.auth import devices
from portal.extensions import login_manager


def end_this_session():
    """Sign out the browser of this request: its device record goes, then the cookie's contents."""
    if current_user.is_authenticated:
        devices.end(current_user.device)
    session.clear()
    # after clear(): logout_user() leaves the note that makes Flask-Login delete an old remember cookie
    logout_user()


def sign_in_here(member, remember=False):
    """A fresh session and device record for this browser, so nothing from before carries over."""
    end_this_session()
    member.device_secret = devices.start(member, remember=remember, user_agent=request.user_agent.string)
    # Flask-Login's own remember cookie is never set: it could not be ended on the server
    login_user(member)
    # "keep me signed in": the cookie outlives the browser; the device record still ends
    # REMEMBER_DAYS after its last use
    session.permanent = bool(remember)


def end_idle_sessions():
    """Before every request: a device unused for too long is signed out, whatever cookies it sends."""
    if request.endpoint == "static" or isinstance(request.routing_exception, SecurityError):
        # an untrusted Host header is refused (portal/safety.py) before anything else happens
        return None
    if not current_user.is_authenticated:
        if "_user_id" in session:
            # signed out elsewhere (or idle, banned, deleted): drop the dead id so it is not looked up again
            session.pop("_user_id")
        return None
    device = current_user.device
    if devices.expired(device):
        end_this_session()
        flash(_("You were signed out after a while without activity."), "info")
        return redirect(url_for("auth.login"))
    devices.touch(device)
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
    # the session cookie and any old remember cookie both name a device: one lookup, by hash
    login_manager.user_loader(devices.member_for)
    app.before_request(end_idle_sessions)
