"""A person's own settings and security: language, time zone, e-mail, password."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.account import bp
from portal.account.forms import LoginNameForm, PasswordChangeForm, SettingsForm
from portal.account.security_routes import security_page
from portal.auth import guessing, membership, passwords, sessions, tokens
from portal.extensions import limiter
from portal.forms import EmptyForm
from portal.i18n import select_locale
from portal.members import settings as member_settings
from portal.urls import external_url


@bp.route("", methods=["GET", "POST"])
@login_required
def settings():
    """Language, time zone and the optional e-mail address."""
    form = SettingsForm() if request.method == "POST" else saved_settings()
    if form.validate_on_submit():
        member_settings.save(current_user, locale=form.locale.data, timezone=form.timezone.data,
                             email=form.email.data or None,
                             email_frequency=form.email_frequency.data or current_user.email_frequency,
                             visible_to_attendees=form.visible_to_attendees.data, bio=(form.bio.data or "").strip(),
                             profile_hidden=not form.listed.data)
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("account.settings"), 303)
    return settings_page(form, 422 if form.errors else 200)


def saved_settings():
    """The settings form filled from the account, with today's effective language and zone."""
    form = SettingsForm(formdata=None, obj=current_user)
    form.listed.data = not current_user.profile_hidden
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
    member_settings.save(current_user, feed_token_hash=tokens.digest(token))
    feed_url = external_url("calendar.feed", token=token)
    return settings_page(saved_settings(), feed_url=feed_url)


@bp.post("/calendar-feed/revoke")
@login_required
def revoke_calendar_feed():
    """Stop the private calendar feed address from working."""
    if EmptyForm().validate_on_submit():
        member_settings.save(current_user, feed_token_hash=None)
        flash(_("Your calendar feed address no longer works."), "success")
    return redirect(url_for("account.settings"), 303)


@bp.route("/security", methods=["GET", "POST"])
@login_required
@guessing.limit_password_checks
def security():
    """Change the password; every other session ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if passwords.check_password(current_user.password_hash, form.current_password.data):
            member, remember = current_user._get_current_object(), current_user.device.remember
            membership.change_password(member, form.password.data)
            # this browser signs in anew: a copy of its old cookie stops working too
            sessions.sign_in_here(member, remember)
            flash(_("Your password is changed. You are signed out everywhere else."), "success")
            return redirect(url_for("account.security"), 303)
        guessing.count_failure()
        form.current_password.errors.append(_("This is not your current password."))
    return security_page(422 if form.errors else 200, form=form)


@bp.route("/sign-in-name", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per 10 minutes", methods=["POST"])
def sign_in_name():
    """Change the private name typed to sign in; the current password confirms it is the member."""
    form = LoginNameForm()
    if form.validate_on_submit():
        if passwords.check_password(current_user.password_hash, form.current_password.data):
            try:
                membership.change_login_name(current_user._get_current_object(), form.login_name.data)
            except membership.Refused as refused:
                form.login_name.errors.append(refused.message)
            else:
                flash(_("Your sign-in name is changed. Use it the next time you sign in."), "success")
                return redirect(url_for("account.settings"), 303)
        else:
            form.current_password.errors.append(_("This is not your current password."))
    return render_template("account/sign_in_name.html", form=form), 422 if form.errors else 200
