"""Extension objects, bound to the app in create_app()."""

from flask_babel import lazy_gettext as _l
from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

from portal.db import Prepared

def rate_limit_key():
    """Who a limit counts for: the member when signed in, else the connection's address (kept in memory only)."""
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return request.remote_addr or "unknown"


csrf = CSRFProtect()
limiter = Limiter(key_func=rate_limit_key)
htmx = Htmx()

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
# "strong" would end sessions when a phone's network changes: the session version does the job
login_manager.session_protection = None


def _member_of_session(member_id, version):
    from portal.members.models import Member

    return Member.select().where((Member.id == member_id) & (Member.session_version == version)
                                 & Member.banned_at.is_null())


# every signed-in request runs this query: its SQL is built once
_session_member = Prepared(_member_of_session)


@login_manager.user_loader
def load_member(session_id):
    """Find the member of a session; a session of an older version is over."""
    member_id, _, version = session_id.partition(":")
    if not (member_id.isdigit() and version.isdigit()):
        return None
    return _session_member.get_or_none(int(member_id), int(version))
