"""Extension objects, bound to the app in create_app()."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect


def rate_limit_key():
    """Who a limit counts for: the member when signed in, else the connection's address (kept in memory only)."""
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return request.remote_addr or "unknown"


csrf = CSRFProtect()
limiter = Limiter(key_func=rate_limit_key)

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
# "strong" would end sessions when a phone's network changes: the device record (portal/auth/devices.py) does the job
login_manager.session_protection = None

