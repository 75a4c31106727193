"""A member's support requests: asking the organisation for help, and the private thread."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.config import SPOKEN_LANGUAGES
from portal.db import get_or_404
from portal.extensions import limiter
from portal.forms import EmptyForm
from portal.i18n import select_locale
from portal.rendering import render
from portal.support import bp, flow
from portal.support.forms import SupportMessageForm, SupportRequestForm
from portal.support.models import SupportRequest


@bp.before_request
@login_required
def members_only():
    policy.require("ask_support")


@bp.get("")
def index():
    """My support requests, newest first."""
    return render("support/index.html", None, requests=list(flow.of_member(current_user)))


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def new():
    """Ask the organisation for help."""
    form = SupportRequestForm()
    if not form.is_submitted():
        spoken = select_locale()
        form.language.data = spoken if spoken in SPOKEN_LANGUAGES else "en"
    if form.validate_on_submit():
        request = flow.open_request(current_user, category=form.category.data, text=form.text.data,
                                    language=form.language.data,
                                    contact=form.contact.data if form.reach.data == "contact" else "")
        flash(_("Your request is with the staff. Someone will answer here."), "success")
        return redirect(url_for("support.detail", request_id=request.id), 303)
    return render("support/new.html", None, status=422 if form.errors else 200, form=form)


def mine_or_404(request_id):
    """Only the member's own requests exist for them: someone else's is a 404."""
    return get_or_404(SupportRequest.select().where(SupportRequest.member == current_user.id),
                      SupportRequest.id == request_id)


def detail_page(support_request, status=200, form=None):
    messages = flow.thread(support_request)
    return render("support/detail.html", None, status=status, support_request=support_request,
                  messages=messages, referral_texts=flow.referral_texts(messages, select_locale()),
                  form=form or SupportMessageForm(formdata=None),
                  close_form=EmptyForm(formdata=None))


@bp.get("/<int:request_id>")
def detail(request_id):
    """One of my requests, with the thread."""
    return detail_page(mine_or_404(request_id))


@bp.post("/<int:request_id>/messages")
@limiter.limit("60 per hour")
def send(request_id):
    """Write in the thread of my request."""
    support_request = mine_or_404(request_id)
    form = SupportMessageForm()
    if not form.validate_on_submit():
        return detail_page(support_request, 422, form)
    try:
        flow.post_message(support_request, current_user, form.body.data)
    except flow.Closed:
        flash(_("This request is closed. Open a new one if you need more help."), "error")
        return detail_page(support_request, 409, form)
    return redirect(url_for("support.detail", request_id=request_id, _anchor="message-form"), 303)


@bp.post("/<int:request_id>/close")
def close(request_id):
    """Close my request: I do not need this help any more."""
    support_request = mine_or_404(request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        flow.close(support_request, current_user)
    except flow.Closed:
        flash(_("This request is closed already."), "info")
    else:
        flash(_("Your request is closed."), "success")
    return redirect(url_for("support.detail", request_id=request_id), 303)
