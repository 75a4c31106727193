"""Applying, signing in and out, recovering an account, and the first admin's setup."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from portal import policy
from portal.auth import bp, intake, membership, two_factor
from portal.auth.forms import ApplyForm, CodeForm, IntakeForm, LoginForm, RecoverForm, ResetForm, SetupForm
from portal.auth.models import Application
from portal.extensions import limiter
from portal.members import handles
from portal.members.models import Member
from portal.i18n import select_locale
from portal.rendering import safe_next


def start_session(member, remember=False):
    """A fresh session for a newly signed-in member, so nothing from before carries over."""
    session.clear()
    login_user(member, remember=remember)
    if remember:
        # "keep me signed in": no idle time-out (portal/auth/sessions.py)
        session["keep"] = True


def show_recovery_codes(codes, next_url):
    return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def apply():
    """Apply to join with a pseudonym; no real name, e-mail or phone needed."""
    if current_user.is_authenticated:
        return redirect(url_for("public.landing"))
    form = ApplyForm(invite=request.args.get("invite", ""))
    intake_form = IntakeForm.for_questions(intake.questions_for(select_locale()))
    # both forms validate, so every error shows at once
    valid = form.validate_on_submit() & (intake_form.validate() if form.is_submitted() else False)
    if valid:
        try:
            member, codes = membership.apply(
                form.handle.data, form.password.data, languages=form.languages.data,
                region=form.region.data or None, invite_code=form.invite.data.strip(),
                email=form.email.data, locale=select_locale(),
                answers=intake_form.answers(), vouch_handle=intake_form.vouch.data or "")
        except membership.Refused as refused:
            getattr(form, refused.field).errors.append(refused.message)
        else:
            start_session(member)
            return show_recovery_codes(codes, url_for("public.landing"))
    errors = form.errors or intake_form.errors
    return render_template("auth/apply.html", form=form, intake_form=intake_form), 422 if errors else 200


@bp.get("/application")
@login_required
def application():
    """What an applicant sees while their application waits."""
    if policy.can(current_user, "enter_member_area"):
        return redirect(url_for("public.landing"))
    application = Application.get_or_none(Application.member == current_user.id)
    return render_template("auth/application.html", application=application)


def login_key():
    """Failed sign-ins count per pseudonym too, so spreading guesses over addresses does not help."""
    return "login:" + handles.handle_key(request.form.get("handle", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute; 100 per hour", methods=["POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"], key_func=login_key)
def login():
    """Sign in with pseudonym and password (then a code, for members with two-factor sign-in)."""
    form = LoginForm()
    if form.validate_on_submit():
        member = membership.authenticate(form.handle.data, form.password.data)
        if member is not None:
            next_url = safe_next(request.args.get("next"), url_for("public.landing"))
            if member.has_two_factor:
                session.clear()
                session.update(pending_member=member.id, pending_version=member.session_version,
                               pending_remember=bool(form.remember.data), pending_next=next_url)
                return redirect(url_for("auth.login_code"), 303)
            start_session(member, remember=form.remember.data)
            return redirect(next_url, 303)
        # one message for an unknown pseudonym and a wrong password
        form.password.errors.append(_("This pseudonym and password do not match an account."))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


def pending_member_key():
    """Code guesses count per member too, so spreading them over addresses does not help."""
    return f"login-code:{session.get('pending_member', 0)}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"], key_func=pending_member_key)
def login_code():
    """The second step of signing in: the code from the authenticator app."""
    member = Member.get_or_none((Member.id == session.get("pending_member", 0))
                                & (Member.session_version == session.get("pending_version", -1)))
    if member is None:
        return redirect(url_for("auth.login"), 303)
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(member, form.code.data):
            remember, next_url = session.get("pending_remember", False), session.get("pending_next", "/")
            start_session(member, remember=remember)
            return redirect(safe_next(next_url, url_for("public.landing")), 303)
        form.code.errors.append(_("This code is not right, or it was used already. Wait for the next one."))
    return render_template("auth/login_code.html", form=form), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token):
    """A one-time link from a moderator: choose a new password, get new recovery codes."""
    member = membership.reset_token_member(token)
    if member is None:
        abort(404)
    form = ResetForm()
    if form.validate_on_submit():
        done = membership.reset_with_token(token, form.password.data)
        if done is None:
            abort(404)
        member, codes = done
        start_session(member)
        return show_recovery_codes(codes, url_for("public.landing"))
    return render_template("auth/reset.html", form=form, member=member), 422 if form.errors else 200


@bp.post("/logout")
def logout():
    """Sign out on this device."""
    session.clear()
    # after clear(): logout_user() leaves the note that makes Flask-Login delete the remember cookie
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.landing"), 303)


@bp.route("/recover", methods=["GET", "POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"])
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
