"""The staff area: what waits, applications, invites, members and the audit log."""

import datetime

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import audit, policy
from portal.auth import intake, sessions
from portal.auth.models import Application
from portal.db import get_or_404
from portal.formats import in_reader_direction
from portal.forms import choices
from portal.forum import moderating as forum_moderation
from portal.introductions.models import Introduction, MessageReport
from portal.members import handles
from portal.members.models import Member
from portal.moderation import bp, vetting
from portal.moderation.forms import DecisionForm, InviteForm, LogFilterForm
from portal.paging import paginate
from portal.rendering import redirect_or_fragment
from portal.support.models import SupportRequest
from portal.urls import external_url

bp.before_request(sessions.staff_gate)


@bp.get("")
def dashboard():
    """What waits for staff, with counts."""
    return render_template("moderation/dashboard.html", pending_applications=vetting.pending_count(),
                           post_queue=forum_moderation.queue_count(),
                           introduction_queue=Introduction.select().where(Introduction.state == "requested").count(),
                           report_queue=MessageReport.select().where(MessageReport.resolved_at.is_null()).count(),
                           support_queue=SupportRequest.select().where(SupportRequest.state == "open").count())


def vetting_context(applications):
    """What the application cards show besides the application: answers, vouches, approvals (3 queries)."""
    return {"answers": intake.answers_of(applications), "vouches": vetting.vouches_of(applications),
            "approvals": vetting.approvals_of(applications),
            "approvals_required": current_app.config["APPROVALS_REQUIRED"]}


@bp.get("/applications")
def applications():
    """Pending applications, oldest first, with intake answers, vouches and approvals so far."""
    rows = list(Application.pending())
    return render_template("moderation/applications.html", applications=rows, form=DecisionForm(),
                           **vetting_context(rows))


@bp.post("/applications/<int:application_id>")
def decide(application_id):
    """Approve or reject one application, with an internal note."""
    policy.require("decide_application")
    application = get_or_404(Application.select(Application, Member).join(Member), Application.id == application_id)
    form = DecisionForm()
    decided, again = None, False
    if application.status == "pending" and form.validate_on_submit():
        try:
            decided = vetting.decide_application(application, current_user,
                                                 approve=form.decision.data == "approve", note=form.note.data)
        except vetting.AlreadyApproved:
            again = True
    if again:
        message, category = _("You approved this application already. Another moderator must approve it too."), "info"
    elif decided is None:
        message, category = _("This application was already decided."), "info"
    elif decided.status == "pending":
        message, category = _("Your approval is saved. Another moderator must approve too."), "success"
    elif decided.status == "approved":
        message, category = _("%(handle)s is now a member.", handle=in_reader_direction(application.member.handle)), "success"
    else:
        message, category = (_("The application of %(handle)s is rejected.",
                               handle=in_reader_direction(application.member.handle)), "success")
    # the row as it is now, whoever decided it
    application = Application.select(Application, Member).join(Member).where(Application.id == application_id).get()
    return redirect_or_fragment(url_for("moderation.applications"), "moderation/_application.html",
                                flash_message=message, flash_category=category, application=application, form=form,
                                **vetting_context([application]))


@bp.route("/invites", methods=["GET", "POST"])
def invites():
    """Create single-use invite links and see the recent ones."""
    policy.require("create_invite")
    form = InviteForm()
    new_link = None
    if form.validate_on_submit():
        _invite, code = vetting.create_invite(current_user, days=form.days.data,
                                              pre_approved=form.pre_approved.data, note=form.note.data)
        new_link = external_url("auth.apply", invite=code)
        form = InviteForm(formdata=None)
    return render_template("moderation/invites.html", form=form, new_link=new_link,
                           invites=list(vetting.recent_invites())), 422 if form.errors else 200


@bp.get("/log")
def log():
    """Every staff action: who, what, to whom, why and when."""
    policy.require("read_audit_log")
    form = LogFilterForm(request.args)
    form.action.choices = choices([("", _("Any action"))] + [
        (row.action, audit.ACTION_NAMES.get(row.action, row.action))
        for row in audit.AuditEntry.select(audit.AuditEntry.action).distinct().order_by(audit.AuditEntry.action)])
    form.validate()
    until = form.until.data + datetime.timedelta(days=1) if form.until.data else None
    query = audit.entries(actor=handles.handle_key(form.actor.data or "") or None, action=form.action.data or None,
                          target=handles.handle_key(form.target.data or "") or None,
                          since=form.since.data, until=until)
    page = paginate(query, request.args.get("page", 1), per_page=50)
    return render_template("moderation/log.html", form=form, page=page)
