"""Two-factor sign-in with time-based codes (TOTP); the QR code is drawn here, nothing leaves the site."""

import datetime
import io

import pyotp
import segno
from flask import current_app
from markupsafe import Markup

from portal.db import transaction
from portal.members.models import Member

VALID_WINDOW = 1  # one step (30 s) either side, for phones whose clock is a little off


def new_secret():
    return pyotp.random_base32()


def provisioning_uri(secret, member):
    return pyotp.TOTP(secret).provisioning_uri(name=member.handle, issuer_name=current_app.config["SITE_NAME"])


def qr_svg(uri, title):
    """The QR code as inline SVG, drawn on the server."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", xmldecl=False, svgns=True, scale=5, border=2,
                                    title=title, svgclass="qr")
    return Markup(buffer.getvalue().decode())


def _matching_step(secret, code):
    """The time step a code belongs to, or None; spaces in the code are forgiven."""
    code = "".join((code or "").split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(datetime.datetime.now())
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def code_is_valid(secret, code):
    """For confirming a new secret: the code matches (no replay check yet)."""
    return _matching_step(secret, code) is not None


def verify(member, code):
    """Check a member's code; each code works only once (a stolen code cannot be replayed)."""
    if not member.totp_secret:
        return False
    step = _matching_step(member.totp_secret, code)
    if step is None or step <= member.totp_last_step:
        return False
    with transaction():
        used = (Member.update(totp_last_step=step)
                .where(Member.id == member.id, Member.totp_last_step < step).execute())
    member.totp_last_step = step
    return bool(used)


def enable(member, secret, step_code):
    with transaction():
        member.totp_secret = secret
        member.totp_last_step = _matching_step(secret, step_code) or 0
        member.save()


def disable(member):
    with transaction():
        member.totp_secret = None
        member.totp_last_step = 0
        member.save()
