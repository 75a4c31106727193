"""A person's own settings and security: language, time zone, e-mail, password."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from portal.account import bp
from portal.account.forms import PasswordChangeForm, SettingsForm
from portal.auth import membership, passwords
from portal.db import transaction
from portal.i18n import select_locale


@bp.route("", methods=["GET", "POST"])
@login_required
def settings():
    """Language, time zone and the optional e-mail address."""
    form = SettingsForm(obj=current_user)
    if not form.is_submitted():
        form.locale.data = select_locale()
        form.timezone.data = current_user.timezone or current_app.config["DEFAULT_TIMEZONE"]
    if form.validate_on_submit():
        with transaction():
            current_user.locale = form.locale.data
            current_user.timezone = form.timezone.data
            current_user.email = form.email.data or None
            current_user.save()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("account.settings"), 303)
    return render_template("account/settings.html", form=form), 422 if form.errors else 200


@bp.route("/security", methods=["GET", "POST"])
@login_required
def security():
    """Change the password; every other session ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if passwords.check_password(current_user.password_hash, form.current_password.data):
            membership.change_password(current_user, form.password.data)
            # the session version changed: sign this device in again, the others are out
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. You are signed out everywhere else."), "success")
            return redirect(url_for("account.security"), 303)
        form.current_password.errors.append(_("This is not your current password."))
    return render_template("account/security.html", form=form,
                           codes_left=membership.unused_recovery_codes(current_user)), 422 if form.errors else 200
