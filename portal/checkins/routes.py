"""The safety check-in page: one question, two buttons, no JavaScript needed."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.checkins import bp, flow
from portal.checkins.models import SafetyCheck
from portal.db import get_or_404
from portal.forms import EmptyForm
from portal.rendering import render


def own_check(check_id):
    """Only one's own question; anyone else's is a 404."""
    check = get_or_404(SafetyCheck, SafetyCheck.id == check_id, SafetyCheck.member == current_user.id)
    policy.require("answer_checkin", check)
    return check


@bp.get("/<int:check_id>")
@login_required
def answer(check_id):
    """Did everything feel safe?"""
    return render("checkins/question.html", None, check=own_check(check_id), form=EmptyForm())


@bp.post("/<int:check_id>")
@login_required
def submit(check_id):
    """Take the answer: "yes", or "I want to talk to someone" for the moderators."""
    check = own_check(check_id)
    choice = request.form.get("answer")
    if not EmptyForm().validate_on_submit() or choice not in ("yes", "talk"):
        abort(400)
    flow.answer(check, wants_to_talk=choice == "talk")
    if choice == "talk":
        flash(_("Thank you for telling us. A moderator will get in touch with you in the portal soon."), "success")
    else:
        flash(_("Thank you. Good to hear."), "success")
    return redirect(url_for("notifications.index"), 303)
