"""Applying, signing in and out, recovering an account, and the first admin's setup."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from portal import policy
from portal.auth import bp, membership
from portal.auth.forms import ApplyForm, LoginForm, RecoverForm, SetupForm
from portal.auth.models import Application
from portal.i18n import select_locale
from portal.rendering import safe_next


def start_session(member, remember=False):
    """A fresh session for a newly signed-in member, so nothing from before carries over."""
    session.clear()
    login_user(member, remember=remember)


def show_recovery_codes(codes, next_url):
    return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)


@bp.route("/apply", methods=["GET", "POST"])
def apply():
    """Apply to join with a pseudonym; no real name, e-mail or phone needed."""
    if current_user.is_authenticated:
        return redirect(url_for("public.landing"))
    form = ApplyForm(invite=request.args.get("invite", ""))
    if form.validate_on_submit():
        try:
            member, codes = membership.apply(
                form.handle.data, form.password.data, languages=form.languages.data,
                region=form.region.data or None, invite_code=form.invite.data.strip(),
                email=form.email.data, locale=select_locale())
        except membership.Refused as refused:
            getattr(form, refused.field).errors.append(refused.message)
        else:
            start_session(member)
            return show_recovery_codes(codes, url_for("public.landing"))
    return render_template("auth/apply.html", form=form), 422 if form.errors else 200


@bp.get("/application")
@login_required
def application():
    """What an applicant sees while their application waits."""
    if policy.can(current_user, "enter_member_area"):
        return redirect(url_for("public.landing"))
    application = Application.get_or_none(Application.member == current_user.id)
    return render_template("auth/application.html", application=application)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with pseudonym and password."""
    form = LoginForm()
    if form.validate_on_submit():
        member = membership.authenticate(form.handle.data, form.password.data)
        if member is not None:
            start_session(member, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("public.landing")), 303)
        # one message for an unknown pseudonym and a wrong password
        form.password.errors.append(_("This pseudonym and password do not match an account."))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
def logout():
    """Sign out on this device."""
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.landing"), 303)


@bp.route("/recover", methods=["GET", "POST"])
def recover():
    """Set a new password with a recovery code, for when the password is lost."""
    form = RecoverForm()
    if form.validate_on_submit():
        member = membership.recover(form.handle.data, form.code.data, form.password.data)
        if member is not None:
            start_session(member)
            left = membership.unused_recovery_codes(member)
            flash(ngettext("Your new password is set. You have %(num)d recovery code left.",
                           "Your new password is set. You have %(num)d recovery codes left.", left), "success")
            return redirect(url_for("public.landing"), 303)
        form.code.errors.append(_("This pseudonym and recovery code do not match, "
                                  "or the code was used before."))
    return render_template("auth/recover.html", form=form), 422 if form.errors else 200


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token):
    """Create the first admin account with the one-time link printed at the first start."""
    if not membership.setup_token_valid(token):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        created = membership.create_first_admin(token, form.handle.data, form.password.data,
                                                locale=select_locale())
        if created is None:
            abort(404)
        admin, codes = created
        start_session(admin)
        return show_recovery_codes(codes, url_for("moderation.dashboard"))
    return render_template("auth/setup.html", form=form), 422 if form.errors else 200
