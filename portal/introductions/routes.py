"""A member's introductions: asking, answering, the private conversation."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import policy
from portal.db import get_or_404
from portal.extensions import limiter
from portal.forms import EmptyForm
from portal.introductions import bp, flow, reports, rules
from portal.introductions.forms import BuddyRequestForm, DeclineForm, MessageForm, ReportForm, RequestForm, SharingForm
from portal.introductions.models import ConversationMessage, Introduction
from portal.members.models import Member, Region
from portal.members.profiles import visible_profile
from portal.paging import paginate
from portal.rendering import render

MESSAGES_PER_PAGE = 30


@bp.before_request
@login_required
def members_only():
    policy.require("enter_member_area")
    flow.expire_stale()


def involving_me():
    """Introductions the current member may open: their own requests; as recipient, once approved."""
    mine = Introduction.requester == current_user.id
    received = ((Introduction.recipient == current_user.id)
                & (Introduction.state.in_(("approved", "introduced", "ended"))
                   | ((Introduction.state == "declined") & (Introduction.declined_by == "recipient"))))
    return Introduction.select().where(mine | received)


@bp.get("")
def index():
    """My introductions: what I asked for, and what others asked of me."""
    rows = list(involving_me().order_by(Introduction.created_at.desc()))
    people = {member.id: member for member in Member.select().where(
        Member.id.in_({row.requester_id for row in rows} | {row.recipient_id for row in rows if row.recipient_id}))}
    return render("introductions/index.html", None, introductions=rows, people=people)


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def new():
    """Ask the moderators to introduce me to another member."""
    recipient = visible_profile(current_user, request.args.get("to", ""))
    form = RequestForm()
    if form.validate_on_submit():
        try:
            introduction = flow.request_introduction(current_user, recipient, note=form.note.data,
                                                     first_message=form.first_message.data, shares=form.shares())
        except flow.Refused as refused:
            flash(refused.message, "error")
        else:
            flash(_("Your request is with the moderators. You will hear from us."), "success")
            return redirect(url_for("introductions.detail", introduction_id=introduction.id), 303)
    problem = rules.refusal(current_user, recipient)
    return render("introductions/new.html", None, status=422 if form.errors or form.is_submitted() else 200,
                  form=form, recipient=recipient, problem=problem)


@bp.route("/buddy", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def buddy():
    """Ask the organisation for a buddy."""
    form = BuddyRequestForm()
    if form.validate_on_submit():
        region = Region.get_or_none(Region.id == form.region.data) if form.region.data else None
        try:
            introduction = flow.request_buddy(current_user, languages=form.languages.data, region=region,
                                              support=form.support.data, note=form.note.data or "",
                                              shares=form.shares())
        except flow.Refused as refused:
            flash(refused.message, "error")
        else:
            flash(_("Your request for a buddy is with the moderators."), "success")
            return redirect(url_for("introductions.detail", introduction_id=introduction.id), 303)
    return render("introductions/buddy.html", None, status=422 if form.is_submitted() else 200, form=form)


def mine_or_404(introduction_id):
    return get_or_404(involving_me(), Introduction.id == introduction_id)


def detail_page(introduction, status=200, message_form=None, share_form=None, **answer):
    """One introduction as its participant sees it; the conversation once introduced."""
    page = None
    if introduction.state in ("introduced", "ended"):
        query = (ConversationMessage.select(ConversationMessage, Member)
                 .join(Member, on=(ConversationMessage.author == Member.id), join_type="LEFT OUTER JOIN")
                 .where(ConversationMessage.introduction == introduction)
                 .order_by(ConversationMessage.created_at, ConversationMessage.id))
        # newest at the bottom: without a page number, show the last page
        page = paginate(query, request.args.get("page", 10**6), MESSAGES_PER_PAGE)
    return render("introductions/detail.html", "introductions/_messages.html", status=status, **answer,
                  introduction=introduction, role=introduction.role_of(current_user),
                  other=introduction.other(current_user), page=page,
                  message_form=message_form or MessageForm(formdata=None),
                  share_form=share_form or SharingForm(formdata=None), decline_form=DeclineForm(formdata=None),
                  report_form=ReportForm(formdata=None), pager_endpoint="introductions.detail",
                  pager_args={"introduction_id": introduction.id})


@bp.get("/<int:introduction_id>")
def detail(introduction_id):
    """One introduction: its state, what is shared, and the conversation."""
    return detail_page(mine_or_404(introduction_id))


def step(introduction_id, action, message):
    """Run one transition for the current member; a step that does not exist here is a 404."""
    introduction = mine_or_404(introduction_id)
    try:
        action(introduction)
    except flow.WrongStep:
        abort(404)
    except flow.Refused as refused:
        flash(refused.message, "error")
        return redirect(url_for("introductions.detail", introduction_id=introduction.id), 303)
    flash(message, "success")
    return redirect(url_for("introductions.detail", introduction_id=introduction.id), 303)


@bp.post("/<int:introduction_id>/accept")
def accept(introduction_id):
    """Say yes, choosing what to share."""
    introduction = mine_or_404(introduction_id)
    form = SharingForm()
    if not form.validate_on_submit():
        return detail_page(introduction, status=422, share_form=form)
    return step(introduction_id, lambda found: flow.accept(found, current_user, form.shares()),
                _("You are introduced. You can now talk here."))


@bp.post("/<int:introduction_id>/decline")
def decline(introduction_id):
    """Say no, optionally blocking the person who asked."""
    form = DeclineForm()
    if not form.validate_on_submit():
        abort(400)
    return step(introduction_id, lambda found: flow.decline(found, current_user, block=form.block.data),
                _("You said no. They will not learn why."))


@bp.post("/<int:introduction_id>/withdraw")
def withdraw(introduction_id):
    """Take back my request while it is open."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    return step(introduction_id, lambda found: flow.withdraw(found, current_user), _("Your request is withdrawn."))


@bp.post("/<int:introduction_id>/end")
def end(introduction_id):
    """End the conversation, optionally blocking the other person."""
    form = DeclineForm()
    if not form.validate_on_submit():
        abort(400)
    return step(introduction_id, lambda found: flow.end(found, current_user, block=form.block.data),
                _("The conversation has ended."))


@bp.post("/<int:introduction_id>/messages")
@limiter.limit("60 per hour")
def send(introduction_id):
    """Add a message to the conversation."""
    introduction = mine_or_404(introduction_id)
    form = MessageForm()
    if not form.validate_on_submit():
        return detail_page(introduction, status=422, message_form=form, target="#conversation")
    try:
        flow.send_message(introduction, current_user, form.body.data)
    except flow.WrongStep:
        abort(404)
    except flow.Refused as refused:
        abort(403, refused.message)
    return detail_page(introduction, redirect_to=url_for("introductions.detail", introduction_id=introduction.id,
                                                         _anchor="message-form"))


@bp.post("/<int:introduction_id>/messages/<int:message_id>/report")
def report(introduction_id, message_id):
    """Send a copy of one message to the moderators."""
    introduction = mine_or_404(introduction_id)
    message = get_or_404(ConversationMessage, ConversationMessage.id == message_id,
                         ConversationMessage.introduction == introduction)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.report_message(message, current_user, form.note.data)
        except flow.WrongStep:
            abort(404)
        flash(_("Thank you. A moderator will read this one message, and nothing else of your conversation."),
              "success")
    return redirect(url_for("introductions.detail", introduction_id=introduction.id), 303)
