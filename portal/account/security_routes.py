"""Two-factor sign-in, recovery codes and sessions: the security page's actions."""

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.account import bp
from portal.account.forms import ConfirmCodeForm, PasswordAndCodeForm, PasswordChangeForm
from portal.auth import devices, guessing, membership, passwords, sessions, two_factor
from portal.auth.models import DeviceSession
from portal.db import get_or_404
from portal.extensions import limiter
from portal.forms import EmptyForm


def security_page(status=200, **context):
    """The security page; context may carry a form that failed, a QR code, or new recovery codes."""
    context.setdefault("form", PasswordChangeForm(formdata=None))
    context.setdefault("confirm_form", ConfirmCodeForm(formdata=None))
    context.setdefault("check_form", PasswordAndCodeForm(formdata=None))
    pending = session.get("totp_pending")
    if pending and not current_user.has_two_factor and "qr" not in context:
        uri = two_factor.provisioning_uri(pending, current_user)
        context.update(qr=two_factor.qr_svg(uri, _("QR code for your authenticator app")), pending_secret=pending)
    return render_template("account/security.html", codes_left=membership.unused_recovery_codes(current_user),
                           two_factor_required=policy.lacks_staff_two_factor(current_user),
                           devices=list(devices.of_member(current_user)), **context), status


def password_and_code_ok(form):
    """The password, and the code too when two-factor sign-in is on; errors go on the form."""
    if not form.validate_on_submit():
        return False
    if not passwords.check_password(current_user.password_hash, form.password.data):
        guessing.count_failure()
        form.password.errors.append(_("This is not your current password."))
        return False
    if current_user.has_two_factor and not two_factor.verify(current_user, form.code.data):
        form.code.errors.append(_("This code is not right, or it was used already. Wait for the next one."))
        return False
    return True


@bp.post("/two-factor/start")
@login_required
def two_factor_start():
    """Make a new secret and show it as a QR code; it counts only once confirmed with a code."""
    if current_user.has_two_factor:
        abort(404)
    session["totp_pending"] = two_factor.new_secret()
    return redirect(url_for("account.security", _anchor="two-factor"), 303)


@bp.post("/two-factor/confirm")
@login_required
@limiter.limit("10 per 10 minutes")
def two_factor_confirm():
    """Turn two-factor sign-in on with a first code from the app."""
    pending = session.get("totp_pending")
    form = ConfirmCodeForm()
    if current_user.has_two_factor or not pending:
        abort(404)
    if form.validate_on_submit() and two_factor.code_is_valid(pending, form.code.data):
        two_factor.enable(current_user, pending, form.code.data)
        session.pop("totp_pending", None)
        flash(_("Two-factor sign-in is on. You will need your app each time you sign in."), "success")
        return redirect(url_for("account.security"), 303)
    form.code.errors.append(_("This code is not right. Check the time on your phone and try the next code."))
    return security_page(422, confirm_form=form)


@bp.post("/two-factor/disable")
@login_required
@limiter.limit("10 per 10 minutes")
@guessing.limit_password_checks
def two_factor_disable():
    """Turn two-factor sign-in off, with password and a code."""
    if not current_user.has_two_factor:
        abort(404)
    form = PasswordAndCodeForm()
    if not password_and_code_ok(form):
        return security_page(422, check_form=form)
    two_factor.disable(current_user)
    flash(_("Two-factor sign-in is off."), "success")
    return redirect(url_for("account.security"), 303)


@bp.post("/recovery-codes")
@login_required
@limiter.limit("10 per 10 minutes")
@guessing.limit_password_checks
def new_recovery_codes():
    """Make ten new recovery codes; the old ones stop working."""
    form = PasswordAndCodeForm()
    if not password_and_code_ok(form):
        return security_page(422, check_form=form)
    codes = membership.issue_recovery_codes(current_user)
    return render_template("auth/recovery_codes.html", codes=codes, next_url=url_for("account.security"))


@bp.post("/sessions/end")
@login_required
def end_sessions():
    """Sign out on every other phone and computer."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    member, remember = current_user._get_current_object(), current_user.device.remember
    membership.end_other_sessions(member)
    # this browser signs in anew: a copy of its old cookie stops working too
    sessions.sign_in_here(member, remember)
    flash(_("You are signed out everywhere else."), "success")
    return redirect(url_for("account.security"), 303)


@bp.post("/devices/<int:device_id>/end")
@login_required
def end_device(device_id):
    """Sign out one phone or computer from the list; this one too, if it is the one chosen."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    # only the member's own devices: someone else's is a 404
    device = get_or_404(DeviceSession, DeviceSession.id == device_id, DeviceSession.member == current_user.id)
    if device.id == current_user.device.id:
        sessions.end_this_session()
        flash(_("You are signed out."), "info")
        return redirect(url_for("public.landing"), 303)
    devices.end(device)
    flash(_("That device is signed out."), "success")
    return redirect(url_for("account.security", _anchor="devices"), 303)
