"""Limits on password guessing that nobody can turn against a member.

Only failures count, so correct sign-ins never lock anyone out. A browser that signed in
before carries a device cookie (OWASP, "Slow down online guessing attacks with device
cookies"): its failures count against that cookie's own allowance, not the pseudonym's, so
an attacker's guesses from elsewhere do not stop the member's own phone. Current-password
checks inside the account count per member the same way, so a borrowed, signed-in phone
cannot guess the password either.
"""

import hashlib
import hmac
import secrets

from flask import after_this_request, current_app, g, request
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer

from portal.extensions import limiter
from portal.members import handles

FAILURES = "10 per 10 minutes"
DEVICE_COOKIE_DAYS = 365


def count_failure():
    """Call on a wrong password: only then does this request count against a limit."""
    g.guess_failed = True


def failed(_response):
    return g.get("guess_failed", False)


# device cookies -------------------------------------------------------------------------------

def device_cookie_name():
    return "__Host-device" if current_app.config["HTTPS"] else "device"


def _serializer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="harbour-device-cookie")


def _pseudonym_tag(handle):
    # keyed: whoever reads the phone's cookies cannot test which pseudonym it belongs to
    key = current_app.secret_key.encode()
    return hmac.new(key, handles.handle_key(handle or "").encode(), hashlib.sha256).hexdigest()[:32]


def issue_device_cookie(handle):
    """After a successful sign-in: this browser gets its own allowance for this pseudonym."""
    value = _serializer().dumps({"p": _pseudonym_tag(handle), "n": secrets.token_urlsafe(16)})

    @after_this_request
    def set_cookie(response):
        response.set_cookie(device_cookie_name(), value, max_age=DEVICE_COOKIE_DAYS * 24 * 3600, path="/",
                            httponly=True, samesite="Lax", secure=current_app.config["HTTPS"])
        return response


def forget_device_cookie(response):
    """Quick exit: leave nothing on the phone that says it was used here."""
    response.delete_cookie(device_cookie_name(), path="/", httponly=True, samesite="Lax",
                           secure=current_app.config["HTTPS"])
    return response


def trusted_device():
    """The id of a valid device cookie for the pseudonym typed in, or None."""
    if "trusted_device" not in g:
        g.trusted_device = None
        raw = request.cookies.get(device_cookie_name())
        if raw:
            try:
                data = _serializer().loads(raw, max_age=DEVICE_COOKIE_DAYS * 24 * 3600)
            except BadData:
                data = None
            if (isinstance(data, dict) and isinstance(data.get("n"), str)
                    and hmac.compare_digest(str(data.get("p", "")), _pseudonym_tag(request.form.get("handle")))):
                g.trusted_device = data["n"]
    return g.trusted_device


def from_trusted_device():
    return trusted_device() is not None


def from_untrusted_client():
    return trusted_device() is None


def pseudonym_key():
    """Failures from browsers without a device cookie count per pseudonym, from any address."""
    return "login:" + handles.handle_key(request.form.get("handle", ""))


def device_key():
    return "login-device:" + (trusted_device() or "none")


# the decorators -------------------------------------------------------------------------------

def limit_sign_in(view):
    """Limits for a sign-in form: per address, then failures per pseudonym or per device cookie."""
    view = limiter.limit(FAILURES, methods=["POST"], key_func=device_key, deduct_when=failed,
                         exempt_when=from_untrusted_client)(view)
    view = limiter.limit(FAILURES, methods=["POST"], key_func=pseudonym_key, deduct_when=failed,
                         exempt_when=from_trusted_device)(view)
    # a device cookie for this pseudonym is not held up by others sharing its address (a reception centre)
    return limiter.limit("20 per minute; 100 per hour", methods=["POST"], exempt_when=from_trusted_device)(view)


def _password_check_key():
    return f"password-check:{current_user.id}"


def _signed_out():
    return not current_user.is_authenticated


# one allowance per member for every form that asks for the current password
limit_password_checks = limiter.shared_limit(FAILURES, scope="password-check", key_func=_password_check_key,
                                             methods=["POST"], deduct_when=failed, exempt_when=_signed_out)
