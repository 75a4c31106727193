"""A person's own settings and security: language, time zone, e-mail, password."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from portal.account import bp
from portal import policy
from portal.account.forms import PasswordChangeForm, SettingsForm
from portal.account.security_routes import security_page
from portal.auth import membership, passwords, tokens
from portal.db import transaction
from portal.forms import EmptyForm
from portal.i18n import select_locale


@bp.route("", methods=["GET", "POST"])
@login_required
def settings():
    """Language, time zone and the optional e-mail address."""
    form = SettingsForm() if request.method == "POST" else saved_settings()
    if form.validate_on_submit():
        with transaction():
            current_user.locale = form.locale.data
            current_user.timezone = form.timezone.data
            current_user.email = form.email.data or None
            current_user.email_frequency = form.email_frequency.data or current_user.email_frequency
            current_user.visible_to_attendees = form.visible_to_attendees.data
            current_user.bio = (form.bio.data or "").strip()
            current_user.profile_hidden = form.profile_hidden.data
            current_user.save()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("account.settings"), 303)
    return settings_page(form, 422 if form.errors else 200)


def saved_settings():
    """The settings form filled from the account, with today's effective language and zone."""
    form = SettingsForm(formdata=None, obj=current_user)
    form.locale.data = select_locale()
    form.timezone.data = current_user.timezone or current_app.config["DEFAULT_TIMEZONE"]
    return form


def settings_page(form, status=200, feed_url=None):
    return render_template("account/settings.html", form=form, feed_url=feed_url,
                           has_feed=current_user.feed_token_hash is not None), status


@bp.post("/calendar-feed")
@login_required
def calendar_feed():
    """Make a new private calendar feed address (the old one stops working) and show it once."""
    policy.require("enter_member_area")
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("account.settings"), 303)
    token = tokens.new_token()
    with transaction():
        current_user.feed_token_hash = tokens.digest(token)
        current_user.save()
    feed_url = url_for("calendar.feed", token=token, _external=True)
    return settings_page(saved_settings(), feed_url=feed_url)


@bp.post("/calendar-feed/revoke")
@login_required
def revoke_calendar_feed():
    """Stop the private calendar feed address from working."""
    if EmptyForm().validate_on_submit():
        with transaction():
            current_user.feed_token_hash = None
            current_user.save()
        flash(_("Your calendar feed address no longer works."), "success")
    return redirect(url_for("account.settings"), 303)


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
    return security_page(422 if form.errors else 200, form=form)
