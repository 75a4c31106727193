"""Vouching: an applicant named me as someone who knows them; I confirm or decline."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.account import bp
from portal.auth import membership
from portal.auth.models import Application, Vouch
from portal.db import get_or_404
from portal.forms import EmptyForm
from portal.members.models import Member
from portal.rendering import render


def asked_of_me():
    return (Vouch.select(Vouch, Application, Member)
            .join(Application, on=(Vouch.application == Application.id))
            .join(Member, on=(Application.member == Member.id))
            .where(Vouch.voucher == current_user.id))


@bp.get("/vouches")
@login_required
def vouches():
    """Applicants who say I can vouch for them."""
    policy.require("vouch")
    return render("account/vouches.html", None, vouches=list(asked_of_me().order_by(Vouch.created_at.desc())),
                  form=EmptyForm(formdata=None))


@bp.post("/vouches/<int:vouch_id>/<answer>")
@login_required
def answer_vouch(vouch_id, answer):
    """Say that I know this applicant, or that I do not."""
    policy.require("vouch")
    vouch = get_or_404(asked_of_me(), Vouch.id == vouch_id)
    if answer not in ("confirm", "decline") or not EmptyForm().validate_on_submit():
        abort(404 if answer not in ("confirm", "decline") else 400)
    if membership.answer_vouch(vouch, current_user, answer == "confirm"):
        flash(_("Thank you. The moderators see your answer.") if answer == "confirm"
              else _("Thank you. The moderators see that you do not vouch for them."), "success")
    else:
        flash(_("You answered this already."), "info")
    return redirect(url_for("account.vouches"), 303)
