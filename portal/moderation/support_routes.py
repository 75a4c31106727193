"""The support desk: requests members made, taken by a moderator, and the private thread."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.db import get_or_404
from portal.directory import listing
from portal.forms import EmptyForm, choices
from portal.members import handles
from portal.members.models import Member
from portal.moderation import bp
from portal.rendering import render
from portal.support import flow
from portal.support.forms import AddHelperForm, StaffMessageForm
from portal.support.models import STATES, SupportRequest


@bp.get("/support")
def support_desk():
    """Requests that are not closed (or of one state), urgent first, then oldest."""
    policy.require("work_support_desk")
    state = request.args.get("state", "")
    rows = flow.desk(current_user, state if state in STATES else None)
    return render("moderation/support_desk.html", None, requests=rows, state=state, states=STATES,
                  form=EmptyForm(formdata=None))


def referral_choices():
    entries = listing.entries(str(get_locale()))
    return choices([(0, _("No referral"))] + [(entry.id, text.name) for entry, text in entries])


def staff_page(support_request, status=200, message_form=None, helper_form=None):
    """A request as staff see it: everything for those who help, only what it is about for the others."""
    helping = flow.is_helper(support_request, current_user)
    if message_form is None:
        message_form = StaffMessageForm(formdata=None)
    if helping:
        message_form.referral.choices = referral_choices()
    messages = flow.thread(support_request) if helping else []
    return render("moderation/support_request.html", None, status=status, support_request=support_request,
                  helping=helping, messages=messages, referral_texts=flow.referral_texts(messages, str(get_locale())),
                  requester=Member.get_or_none(Member.id == support_request.member_id) if helping else None,
                  helpers=list(Member.select().where(Member.id.in_(flow.helper_ids(support_request)))),
                  message_form=message_form, helper_form=helper_form or AddHelperForm(formdata=None),
                  form=EmptyForm(formdata=None))


def request_or_404(request_id):
    policy.require("work_support_desk")
    return get_or_404(SupportRequest, SupportRequest.id == request_id)


@bp.get("/support/<int:request_id>")
def support_request(request_id):
    """One request: the thread for those who help, a "take it" button for the others while it is open."""
    return staff_page(request_or_404(request_id))


def back(request_id, message=None):
    if message:
        flash(message, "success")
    return redirect(url_for("moderation.support_request", request_id=request_id), 303)


@bp.post("/support/<int:request_id>/take")
def support_take(request_id):
    """Take a request: from now on I help, and I read it."""
    support_request = request_or_404(request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        flow.take(support_request, current_user)
    except flow.WrongStep:
        flash(_("Someone else has taken this request already."), "info")
        return back(request_id)
    return back(request_id, _("You have taken this request."))


def helping_or_404(request_id):
    """Only staff who help with a request write in it: for the others it is not there."""
    support_request = request_or_404(request_id)
    if not flow.is_helper(support_request, current_user):
        abort(404)
    return support_request


@bp.post("/support/<int:request_id>/messages")
def support_message(request_id):
    """Answer the member, optionally referring them to an entry of the help directory."""
    support_request = helping_or_404(request_id)
    form = StaffMessageForm()
    form.referral.choices = referral_choices()
    valid = form.validate_on_submit()
    known = {choice.value for choice in form.referral.choices}
    if valid and form.referral.data and form.referral.data not in known:
        form.referral.errors.append(_("Choose an entry from the list."))
        valid = False
    if not valid:
        return staff_page(support_request, 422, message_form=form)
    try:
        flow.post_message(support_request, current_user, form.body.data, referral=form.referral.data or None)
    except flow.Closed:
        flash(_("This request is closed: nothing more can be written in it."), "error")
        return staff_page(support_request, 409, message_form=form)
    return back(request_id)


@bp.post("/support/<int:request_id>/waiting")
def support_waiting(request_id):
    """Mark the request as waiting for the member's answer."""
    support_request = helping_or_404(request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        flow.wait_for_member(support_request, current_user)
    except flow.WrongStep:
        flash(_("This is not possible in the request's state."), "error")
        return back(request_id)
    return back(request_id, _("Saved."))


@bp.post("/support/<int:request_id>/close")
def support_close(request_id):
    """Close the request; it is deleted some days later."""
    support_request = helping_or_404(request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        flow.close(support_request, current_user)
    except flow.Closed:
        flash(_("This request is closed already."), "info")
        return back(request_id)
    return back(request_id, _("The request is closed."))


@bp.post("/support/<int:request_id>/helpers")
def support_add_helper(request_id):
    """Add another moderator, who then reads the request too."""
    support_request = helping_or_404(request_id)
    form = AddHelperForm()
    staff = None
    if form.validate_on_submit():
        staff = Member.get_or_none(Member.handle_key == handles.handle_key(form.handle.data))
        if staff is None or not staff.has_role("moderator") or staff.banned_at:
            form.handle.errors.append(_("There is no moderator with this pseudonym."))
    if form.errors or staff is None:
        return staff_page(support_request, 422, helper_form=form)
    try:
        added = flow.add_helper(support_request, current_user, staff)
    except flow.Closed:
        flash(_("This request is closed: nothing more can be written in it."), "error")
        return back(request_id)
    except flow.WrongStep:
        abort(404)
    return back(request_id, _("%(handle)s helps too now.", handle=staff.handle) if added else None)
