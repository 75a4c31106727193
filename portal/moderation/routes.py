"""The staff area: what waits, applications, invites, members and the audit log."""

import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.auth.models import Application
from portal.members import handles
from portal.members.models import Member
from portal.moderation import audit, bp, vetting
from portal.moderation.forms import BuddyForm, DecisionForm, InviteForm, LogFilterForm, MemberSearchForm, RoleForm
from portal.paging import paginate
from portal.rendering import redirect_or_fragment, render
from portal.db import get_or_404
from portal.forms import choices


@bp.before_request
@login_required
def staff_only():
    policy.require("moderate")


@bp.get("")
def dashboard():
    """What waits for staff, with counts."""
    return render_template("moderation/dashboard.html", pending_applications=vetting.pending_count())


@bp.get("/applications")
def applications():
    """Pending applications, oldest first."""
    return render_template("moderation/applications.html", applications=list(Application.pending()),
                           form=DecisionForm())


@bp.post("/applications/<int:application_id>")
def decide(application_id):
    """Approve or reject one application, with an internal note."""
    policy.require("decide_application")
    application = Application.get_or_none((Application.id == application_id) & (Application.status == "pending"))
    if application is None:
        flash(_("This application was already decided."), "info")
        return redirect(url_for("moderation.applications"), 303)
    form = DecisionForm()
    if not form.validate_on_submit():
        return redirect(url_for("moderation.applications"), 303)
    vetting.decide_application(application, current_user, approve=form.decision.data == "approve",
                               note=form.note.data)
    if not request.htmx:
        message = (_("%(handle)s is now a member.", handle=application.member.handle)
                   if application.status == "approved"
                   else _("The application of %(handle)s is rejected.", handle=application.member.handle))
        flash(message, "success")
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


@bp.get("/members")
def members():
    """Find members by pseudonym, language, region and role."""
    policy.require("find_members")
    form = MemberSearchForm(request.args)
    form.validate()
    found = list(vetting.find_members(text=handles.handle_key(form.q.data or ""), language=form.language.data,
                                      region_id=form.region.data or None, role=form.role.data))
    return render("moderation/members.html", "moderation/_member_rows.html", form=form, found=found,
                  role_form=RoleForm(), buddy_form=BuddyForm())


@bp.post("/members/<int:member_id>/role")
def change_role(member_id):
    """An admin gives a member another role."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("change_role", member)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            vetting.set_role(member, form.role.data, current_user)
        except vetting.LastAdmin:
            flash(_("The site needs at least one admin."), "error")
        else:
            if not request.htmx:
                flash(_("%(handle)s has a new role.", handle=member.handle), "success")
    return redirect_or_fragment(url_for("moderation.members", q=member.handle), "moderation/_member_row.html",
                                member=member, role_form=RoleForm(), buddy_form=BuddyForm())


@bp.post("/members/<int:member_id>/buddy")
def change_buddy(member_id):
    """An admin marks a member as a buddy volunteer, or not."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("set_buddy", member)
    form = BuddyForm()
    if form.validate_on_submit():
        vetting.set_buddy(member, form.is_buddy.data == "on", current_user)
        if not request.htmx:
            flash(_("Saved."), "success")
    return redirect_or_fragment(url_for("moderation.members", q=member.handle), "moderation/_member_row.html",
                                member=member, role_form=RoleForm(), buddy_form=BuddyForm())


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
