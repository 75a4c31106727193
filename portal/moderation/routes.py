"""The staff area: what waits, applications, invites, members and the audit log."""

import datetime

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.auth import sessions
from portal.auth.models import Application
from portal.introductions.models import Introduction, MessageReport
from portal.db import get_or_404
from portal.formats import in_reader_direction
from portal.members.models import Member
from portal.members import handles
from portal.forum import moderation as forum_moderation
from portal.moderation import audit, bp, vetting
from portal.moderation.forms import DecisionForm, InviteForm, LogFilterForm
from portal.paging import paginate
from portal.rendering import redirect_or_fragment
from portal.forms import choices


bp.before_request(sessions.staff_gate)


@bp.get("")
def dashboard():
    """What waits for staff, with counts."""
    return render_template("moderation/dashboard.html", pending_applications=vetting.pending_count(),
                           post_queue=forum_moderation.queue_count(),
                           introduction_queue=Introduction.select().where(Introduction.state == "requested").count(),
                           report_queue=MessageReport.select().where(MessageReport.resolved_at.is_null()).count())


@bp.get("/applications")
def applications():
    """Pending applications, oldest first."""
    return render_template("moderation/applications.html", applications=list(Application.pending()),
                           form=DecisionForm())


@bp.post("/applications/<int:application_id>")
def decide(application_id):
    """Approve or reject one application, with an internal note."""
    policy.require("decide_application")
    application = get_or_404(Application.select(Application, Member).join(Member), Application.id == application_id)
    form = DecisionForm()
    decided = None
    if application.status == "pending" and form.validate_on_submit():
        decided = vetting.decide_application(application, current_user, approve=form.decision.data == "approve",
                                             note=form.note.data)
    if decided is None:
        message, category = _("This application was already decided."), "info"
    elif decided.status == "approved":
        message, category = _("%(handle)s is now a member.", handle=in_reader_direction(application.member.handle)), "success"
    else:
        message, category = _("The application of %(handle)s is rejected.", handle=in_reader_direction(application.member.handle)), "success"
    if not request.htmx:
        flash(message, category)
    # the row as it is now, whoever decided it
    application = Application.select(Application, Member).join(Member).where(Application.id == application_id).get()
    return redirect_or_fragment(url_for("moderation.applications"), "moderation/_application.html",
                                application=application, form=form)


@bp.route("/invites", methods=["GET", "POST"])
def invites():
    """Create single-use invite links and see the recent ones."""
    policy.require("create_invite")
    form = InviteForm()
    new_link = None
    if form.validate_on_submit():
        _invite, code = vetting.create_invite(current_user, days=form.days.data,
                                              pre_approved=form.pre_approved.data, note=form.note.data)
        new_link = url_for("auth.apply", invite=code, _external=True)
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
