"""Moderating introductions: approve or decline requests, match buddies, read reported messages."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.config import SPOKEN_LANGUAGES
from portal.db import get_or_404
from portal.formats import in_reader_direction
from portal.forms import EmptyForm
from portal.inputs import query_id
from portal.introductions import flow, reports
from portal.introductions.forms import SUPPORT_NAMES, ModeratorDecisionForm
from portal.introductions.models import Introduction, MessageReport
from portal.members.models import Member, Region
from portal.moderation import bp
from portal.rendering import render


@bp.get("/introductions")
def introductions():
    """Open requests (with the note and first message, never a conversation) and reported messages."""
    policy.require("moderate_introductions")
    flow.expire_stale()
    reports = list(MessageReport.select().where(MessageReport.resolved_at.is_null()).order_by(MessageReport.created_at))
    people = {m.id: m for m in Member.select().where(Member.id.in_(
        {r.author_id for r in reports if r.author_id} | {r.reporter_id for r in reports if r.reporter_id}))}
    return render("moderation/introductions.html", None, requests=list(flow.waiting_for_moderators()),
                  reports=reports, people=people, form=ModeratorDecisionForm(formdata=None),
                  support_names=SUPPORT_NAMES, region_names={r.id: r.name for r in Region.select()})


def open_request(introduction_id):
    return get_or_404(Introduction.select().where(Introduction.state == "requested"),
                      Introduction.id == introduction_id)


@bp.post("/introductions/<int:introduction_id>/<decision>")
def decide_introduction(introduction_id, decision):
    """Approve or decline a request to be introduced."""
    policy.require("moderate_introductions")
    introduction = open_request(introduction_id)
    form = ModeratorDecisionForm()
    if not form.validate_on_submit() or decision not in ("approve", "decline"):
        abort(400)
    try:
        if decision == "approve":
            flow.approve(introduction, current_user, form.note.data)
            flash(_("Approved. The other member can now answer."), "success")
        else:
            flow.decline_by_moderator(introduction, current_user, form.note.data)
            flash(_("Declined. The member reads that this introduction is not possible right now."), "success")
    except flow.WrongStep:
        abort(404)
    return redirect(url_for("moderation.introductions"), 303)


@bp.get("/introductions/<int:introduction_id>/buddies")
def buddy_picker(introduction_id):
    """Buddies for a buddy request, filtered by language and region, with how busy each is."""
    policy.require("moderate_introductions")
    introduction = open_request(introduction_id)
    if introduction.kind != "buddy":
        abort(404)
    language = request.args.get("language", "")
    region_id = query_id("region")
    return render("moderation/buddy_picker.html", "moderation/_buddy_rows.html", introduction=introduction,
                  buddies=flow.buddy_candidates(introduction, language if language in SPOKEN_LANGUAGES else "",
                                                region_id),
                  language=language, region_id=region_id, regions=list(Region.ordered()),
                  languages=SPOKEN_LANGUAGES, support_names=SUPPORT_NAMES, form=ModeratorDecisionForm(formdata=None),
                  left_out=flow.buddies_left_out(introduction),
                  wished_region=Region.get_or_none(Region.id == introduction.buddy_region_id))


@bp.post("/introductions/<int:introduction_id>/match/<int:buddy_id>")
def match_buddy(introduction_id, buddy_id):
    """Propose a buddy; the buddy then accepts or declines."""
    policy.require("moderate_introductions")
    introduction = open_request(introduction_id)
    buddy = get_or_404(Member, Member.id == buddy_id)
    form = ModeratorDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        flow.match_buddy(introduction, current_user, buddy, form.note.data)
    except flow.WrongStep:
        abort(404)
    except flow.Refused as refused:
        flash(refused.message, "error")
        return redirect(url_for("moderation.buddy_picker", introduction_id=introduction.id), 303)
    flash(_("%(handle)s is asked to be the buddy.", handle=in_reader_direction(buddy.handle)), "success")
    return redirect(url_for("moderation.introductions"), 303)


@bp.post("/reports/<int:report_id>/resolve")
def resolve_report(report_id):
    """Mark a reported message as dealt with."""
    policy.require("moderate_introductions")
    report = get_or_404(MessageReport.select().where(MessageReport.resolved_at.is_null()), MessageReport.id == report_id)
    if EmptyForm().validate_on_submit():
        reports.resolve_report(report, current_user)
        flash(_("Done."), "success")
    return redirect(url_for("moderation.introductions"), 303)
