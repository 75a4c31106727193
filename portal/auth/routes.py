"""Applying, signing in and out, recovering an account, and the first admin's setup."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal import policy
from portal.auth import bp, guessing, intake, membership, sessions, two_factor
from portal.auth.forms import (
    ApplyForm,
    CodeForm,
    IntakeForm,
    LoginForm,
    PseudonymForm,
    RecoverForm,
    ResetForm,
    SetupForm,
)
from portal.auth.models import Application
from portal.extensions import limiter
from portal.forms import EmptyForm
from portal.i18n import select_locale
from portal.members import pseudonyms
from portal.members.models import Member
from portal.rendering import safe_next


def start_session(member, remember=False):
    """A fresh session for a newly signed-in member; this browser may try again on its own allowance."""
    sessions.sign_in_here(member, remember)
    guessing.issue_device_cookie(member.handle)


def show_recovery_codes(codes, next_url):
    return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def apply():
    """Apply to join with a private sign-in name; no real name, e-mail or phone needed."""
    if current_user.is_authenticated:
        return redirect(url_for("public.landing"))
    form = ApplyForm(invite=request.args.get("invite", ""))
    intake_form = IntakeForm.for_questions(intake.questions_for(select_locale()))
    # both forms validate, so every error shows at once
    valid = form.validate_on_submit() & (intake_form.validate() if form.is_submitted() else False)
    if valid:
        try:
            member, codes = membership.apply(
                form.login_name.data, form.password.data, languages=form.languages.data,
                region=form.region.data or None, invite_code=form.invite.data.strip(),
                email=form.email.data, locale=select_locale(),
                answers=intake_form.answers(), vouch_handle=intake_form.vouch.data or "",
                vouch_note=intake_form.vouch_note.data or "")
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
    if current_user.awaiting_pseudonym:
        return redirect(url_for("auth.choose_pseudonym"))
    application = Application.get_or_none(Application.member == current_user.id)
    return render_template("auth/application.html", application=application)


@bp.route("/welcome", methods=["GET", "POST"])
@login_required
def choose_pseudonym():
    """After approval, before the member area opens: the pseudonym other members will see."""
    if not current_user.awaiting_pseudonym:
        return redirect(url_for("public.landing"))
    form = PseudonymForm()
    if form.validate_on_submit():
        try:
            pseudonyms.choose(current_user._get_current_object(), form.pseudonym.data)
        except pseudonyms.PseudonymRefused as refused:
            form.pseudonym.errors.append(refused.message)
        else:
            flash(_("Welcome, %(handle)s. Other members see you by this name.", handle=current_user.handle), "success")
            return redirect(url_for("public.landing"), 303)
    return render_template("auth/pseudonym.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@guessing.limit_sign_in
def login():
    """Sign in with sign-in name and password (then a code, for members with two-factor sign-in)."""
    form = LoginForm()
    if form.validate_on_submit():
        member = membership.authenticate(form.login_name.data, form.password.data)
        if member is not None:
            next_url = safe_next(request.args.get("next"), url_for("public.landing"))
            if member.has_two_factor:
                return ask_for_code(member, next_url, remember=bool(form.remember.data))
            start_session(member, remember=form.remember.data)
            return redirect(next_url, 303)
        guessing.count_failure()
        # one message for an unknown sign-in name and a wrong password
        form.password.errors.append(_("This sign-in name and password do not match an account."))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


def ask_for_code(member, next_url, remember=False, recovered=False):
    """Half-way: the first factor is proven, the session starts only after the code (login_code)."""
    sessions.end_this_session()
    session.update(pending_member=member.id, pending_version=member.session_version,
                   pending_remember=remember, pending_next=next_url, pending_recovered=recovered)
    return redirect(url_for("auth.login_code"), 303)


def pending_member():
    """The member half-way through signing in, while nothing (a password change) ended that."""
    return Member.get_or_none((Member.id == session.get("pending_member", 0))
                              & (Member.session_version == session.get("pending_version", -1)))


def pending_member_key():
    """Code guesses count per member too, so spreading them over addresses does not help."""
    return f"login-code:{session.get('pending_member', 0)}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"], key_func=pending_member_key)
def login_code():
    """The second step of signing in: the code from the authenticator app."""
    member = pending_member()
    if member is None:
        return redirect(url_for("auth.login"), 303)
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(member, form.code.data):
            remember, next_url = session.get("pending_remember", False), session.get("pending_next", "/")
            start_session(member, remember=remember)
            return redirect(safe_next(next_url, url_for("public.landing")), 303)
        form.code.errors.append(_("This code is not right, or it was used already. Wait for the next one."))
    return (render_template("auth/login_code.html", form=form, recovered=session.get("pending_recovered", False),
                            lost_form=EmptyForm(formdata=None)), 422 if form.errors else 200)


@bp.post("/login/code/lost")
def login_without_app():
    """After a recovery code: sign in without the lost authenticator app, with a member's powers only."""
    member = pending_member()
    if member is None or not session.get("pending_recovered"):
        return redirect(url_for("auth.login"), 303)
    if not EmptyForm().validate_on_submit():
        abort(400)
    membership.sign_in_without_authenticator(member)
    start_session(member)
    flash(_("You are signed in. Two-factor sign-in is off now: set it up again below with your new phone."), "info")
    return redirect(url_for("account.security", _anchor="two-factor"), 303)


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
    """Sign out on this device: its record goes, so a copy of the cookie opens nothing either."""
    sessions.end_this_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.landing"), 303)


@bp.route("/recover", methods=["GET", "POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"])
def recover():
    """Set a new password with a recovery code, for when the password is lost."""
    form = RecoverForm()
    if form.validate_on_submit():
        member = membership.recover(form.login_name.data, form.code.data, form.password.data)
        if member is not None:
            if member.has_two_factor:
                # the code replaced the password, never the authenticator app as well
                response = ask_for_code(member, url_for("public.landing"), recovered=True)
            else:
                start_session(member)
                response = redirect(url_for("public.landing"), 303)
            left = membership.unused_recovery_codes(member)
            flash(ngettext("Your new password is set. You have %(num)d recovery code left.",
                           "Your new password is set. You have %(num)d recovery codes left.", left), "success")
            return response
        form.code.errors.append(_("This sign-in name and recovery code do not match, "
                                  "or the code was used before."))
    return render_template("auth/recover.html", form=form), 422 if form.errors else 200


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token):
    """Create the first admin account with the one-time link printed at the first start."""
    if not membership.setup_token_valid(token):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        created = membership.create_first_admin(token, form.login_name.data, form.pseudonym.data,
                                                form.password.data, locale=select_locale())
        if created is None:
            abort(404)
        admin, codes = created
        start_session(admin)
        return show_recovery_codes(codes, url_for("moderation.dashboard"))
    return render_template("auth/setup.html", form=form), 422 if form.errors else 200
