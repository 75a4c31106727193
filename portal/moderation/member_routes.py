"""Finding members, their roles, and what staff can do about a member's behaviour."""

import datetime

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.auth import membership, notes, sanctions
from portal.db import get_or_404
from portal.formats import in_reader_direction
from portal.forms import EmptyForm
from portal.members import handles
from portal.members.models import Member
from portal.moderation import bp, vetting
from portal.moderation.forms import BanForm, BuddyForm, MemberSearchForm, RoleForm, StaffNoteForm, SuspendForm, WarnForm
from portal.rendering import redirect_or_fragment, render, safe_next
from portal.urls import external_url


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
    message, category = None, "success"
    if form.validate_on_submit():
        try:
            vetting.set_role(member, form.role.data, current_user)
        except vetting.LastAdmin:
            message, category = _("The site needs at least one admin."), "error"
        except vetting.NotAdmin:
            abort(403)
        else:
            message = _("%(handle)s has a new role.", handle=in_reader_direction(member.handle))
    return redirect_or_fragment(url_for("moderation.members", q=member.handle), "moderation/_member_row.html",
                                flash_message=message, flash_category=category,
                                member=member, role_form=RoleForm(), buddy_form=BuddyForm())


@bp.post("/members/<int:member_id>/buddy")
def change_buddy(member_id):
    """An admin marks a member as a buddy volunteer, or not."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("set_buddy", member)
    form = BuddyForm()
    message = None
    if form.validate_on_submit():
        vetting.set_buddy(member, form.is_buddy.data == "on", current_user)
        message = _("Saved.")
    return redirect_or_fragment(url_for("moderation.members", q=member.handle), "moderation/_member_row.html",
                                flash_message=message, member=member, role_form=RoleForm(), buddy_form=BuddyForm())


def member_action_done(member, message):
    back = safe_next(request.form.get("next"), url_for("moderation.member_detail", member_id=member.id))
    return redirect_or_fragment(back, "moderation/_sanction_done.html", flash_message=message, member=member,
                                message=message)


@bp.post("/members/<int:member_id>/warn")
def warn(member_id):
    """Send a member a warning they will see."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("sanction_member", member)
    form = WarnForm()
    if not form.validate_on_submit():
        return member_page(member, 422, warn_form=form)
    sanctions.warn(member, current_user, form.message.data)
    return member_action_done(member, _("%(handle)s is warned.", handle=in_reader_direction(member.handle)))


@bp.post("/members/<int:member_id>/suspend")
def suspend(member_id):
    """Make a member read-only until a date."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("sanction_member", member)
    form = SuspendForm()
    valid = form.validate_on_submit()
    if valid and form.until.data <= datetime.date.today():
        form.until.errors.append(_("Choose a date after today."))
        valid = False
    if not valid:
        return member_page(member, 422, suspend_form=form)
    until = datetime.datetime.combine(form.until.data, datetime.time())
    sanctions.suspend(member, current_user, until, form.reason.data)
    return member_action_done(member, _("%(handle)s is read-only until %(date)s.", handle=in_reader_direction(member.handle),
                                        date=form.until.data.isoformat()))


@bp.post("/members/<int:member_id>/unsuspend")
def unsuspend(member_id):
    """End a suspension early."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("sanction_member", member)
    if BanForm().validate_on_submit():
        sanctions.lift_suspension(member, current_user)
    return member_action_done(member, _("%(handle)s can write again.", handle=in_reader_direction(member.handle)))


@bp.post("/members/<int:member_id>/ban")
def ban(member_id):
    """Ban a member: signed out everywhere, and signing in stops working."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("sanction_member", member)
    form = BanForm()
    if form.validate_on_submit():
        sanctions.ban(member, current_user, form.reason.data)
    return member_action_done(member, _("%(handle)s is banned.", handle=in_reader_direction(member.handle)))


@bp.post("/members/<int:member_id>/reset-link")
def reset_link(member_id):
    """A one-time link for a member who lost password and codes, to hand over in person."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("sanction_member", member)
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = membership.new_reset_link_token(member, current_user)
    return member_page(member, reset_url=external_url("auth.reset", token=token))


@bp.get("/members/<int:member_id>")
def member_detail(member_id):
    """One member as staff see them, with the warn, suspend and ban forms."""
    policy.require("find_members")
    member = get_or_404(Member, Member.id == member_id)
    return member_page(member)


def member_page(member, status=200, reset_url=None, **bound_forms):
    """The member page; a form that failed validation comes back with what was typed."""
    forms = {"warn_form": WarnForm(formdata=None), "suspend_form": SuspendForm(formdata=None),
             "ban_form": BanForm(formdata=None), "note_form": StaffNoteForm(formdata=None)}
    forms.update(bound_forms)
    return render("moderation/member.html", None, status=status, member=member, reset_url=reset_url,
                  staff_notes=notes.notes_on(member) if policy.can(current_user, "keep_staff_notes", member) else [],
                  delete_form=EmptyForm(formdata=None),
                  warnings=list(sanctions.MemberWarning.select().where(sanctions.MemberWarning.member == member)
                                .order_by(sanctions.MemberWarning.created_at.desc())), **forms)


@bp.post("/members/<int:member_id>/notes")
def add_note(member_id):
    """Keep a short note on a member, for staff only."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("keep_staff_notes", member)
    form = StaffNoteForm()
    if not form.validate_on_submit():
        return member_page(member, 422, note_form=form)
    notes.add_note(member, current_user, form.text.data)
    return member_action_done(member, _("The note is saved."))


@bp.post("/members/<int:member_id>/notes/<int:note_id>/delete")
def delete_note(member_id, note_id):
    """Remove a staff note."""
    member = get_or_404(Member, Member.id == member_id)
    policy.require("keep_staff_notes", member)
    note = get_or_404(notes.StaffNote, notes.StaffNote.id == note_id, notes.StaffNote.member == member.id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    notes.delete_note(note, current_user)
    return member_action_done(member, _("The note is removed."))
