"""Admins set the intake questions of the apply form, and issue invite codes to partner organisations."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.admin import bp
from portal.admin.forms import IntakeQuestionForm
from portal.auth import intake
from portal.config import LANGUAGES
from portal.db import get_or_404
from portal.forms import EmptyForm
from portal.moderation import vetting
from portal.moderation.forms import InviteBatchForm
from portal.rendering import render


@bp.route("/intake", methods=["GET", "POST"])
def intake_questions():
    """The questions applicants answer, per language; add one."""
    policy.require("manage_intake")
    form = IntakeQuestionForm()
    if form.validate_on_submit():
        intake.add_question(current_user, form.locale.data, form.text.data, form.required.data)
        flash(_("The question is added."), "success")
        return redirect(url_for("admin.intake_questions"), 303)
    return render("admin/intake.html", None, status=422 if form.errors else 200, form=form,
                  questions=list(intake.all_questions()), delete_form=EmptyForm(formdata=None), languages=LANGUAGES)


@bp.post("/intake/<int:question_id>/delete")
def intake_delete(question_id):
    """Remove a question; answers already given stay with their application until it is decided."""
    policy.require("manage_intake")
    question = get_or_404(intake.IntakeQuestion, intake.IntakeQuestion.id == question_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    intake.remove_question(current_user, question)
    flash(_("The question is removed."), "success")
    return redirect(url_for("admin.intake_questions"), 303)


@bp.route("/invite-batches", methods=["GET", "POST"])
def invite_batches():
    """Invite codes for partner organisations: how many of each batch were used, never by whom."""
    policy.require("issue_invite_batch")
    form = InviteBatchForm()
    new_links = None
    if form.validate_on_submit():
        _batch, codes = vetting.create_invite_batch(current_user, organisation=form.organisation.data,
                                                    size=form.size.data, days=form.days.data,
                                                    pre_approved=form.pre_approved.data)
        new_links = [url_for("auth.apply", invite=code, _external=True) for code in codes]
        form = InviteBatchForm(formdata=None)
    return render("admin/invite_batches.html", None, status=422 if form.errors else 200, form=form,
                  new_links=new_links, batches=vetting.batches())
