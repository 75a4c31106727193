"""The calendar for members and visitors: list, month, one meet-up, signing up, calendar files."""

from flask import Response, abort, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.auth import tokens
from portal.calendar import attendance, bp, ical, schedule
from portal.calendar.forms import MessageForm
from portal.calendar.models import Meetup
from portal.db import get_or_404, utcnow
from portal.forms import EmptyForm
from portal.inputs import query_id
from portal.members.models import Member, Region
from portal.rendering import render


def reader_zone():
    return str(get_timezone())


def region_filter():
    region_id = query_id("region")
    return region_id if region_id and Region.select().where(Region.id == region_id).exists() else None


@bp.get("")
def index():
    """Upcoming meet-ups grouped by day, a month grid (?month=2026-12), or past ones (?past=1)."""
    region_id = region_filter()
    context = {"regions": list(Region.ordered()), "region_id": region_id, "month": None, "days": None}
    month = schedule.parse_month(request.args.get("month"))
    if month:
        context["month"] = schedule.month_grid(current_user, *month, reader_zone(), region_id)
    elif request.args.get("past"):
        context["days"] = schedule.by_local_day(schedule.past(current_user, region_id), reader_zone())
        context["showing_past"] = True
    else:
        context["days"] = schedule.by_local_day(schedule.upcoming(current_user, region_id), reader_zone())
    this_month = utcnow()
    context["this_month"] = "%04d-%02d" % (this_month.year, this_month.month)
    return render("calendar/index.html", "calendar/_view.html", **context)


def meetup_for_viewer(meetup_id):
    """The meet-up with counts and the viewer's own state; visitors only reach public ones."""
    meetup = get_or_404(schedule.visible_meetups(current_user), Meetup.id == meetup_id)
    return schedule.annotate(current_user, [meetup])[0]


def detail_response(meetup, status=200, message_form=None):
    going, waiting = attendance.attendees_for(current_user, meetup)
    return render("calendar/detail.html", None, status=status, meetup=meetup, going_list=going,
                  waiting_list=waiting, message_form=message_form or MessageForm(formdata=None),
                  other_dates=schedule.other_dates(current_user, meetup))


@bp.get("/<int:meetup_id>")
def detail(meetup_id):
    """Everything about one meet-up that the reader may see."""
    return detail_response(meetup_for_viewer(meetup_id))


@bp.post("/<int:meetup_id>/rsvp")
def rsvp(meetup_id):
    """I'm going (or on the waiting list when full) / I can't come anymore."""
    if not current_user.is_authenticated:
        abort(403)
    meetup = meetup_for_viewer(meetup_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request.form.get("going") == "no":
        attendance.withdraw(meetup, current_user)
        message = _("You are no longer signed up.")
    else:
        policy.require("rsvp", meetup)
        state = attendance.sign_up(meetup, current_user)
        if state == "going" and meetup.address_held_back:
            message = _("You are going. The exact address is shown on this page some hours before the start.")
        elif state == "going":
            message = _("You are going. The address is on this page now.")
        else:
            message = _("The meet-up is full. You are on the waiting list and will hear when a place frees up.")
    if not request.htmx:
        return render(None, flash_message=message, redirect_to=url_for("calendar.detail", meetup_id=meetup.id))
    # the fragment shows the message itself, next to the button that was pressed
    meetup = meetup_for_viewer(meetup_id)
    going, waiting = attendance.attendees_for(current_user, meetup)
    return render(None, "calendar/_rsvp.html", meetup=meetup, going_list=going, waiting_list=waiting,
                  announcement=message)


@bp.get("/<int:meetup_id>.ics")
def ics(meetup_id):
    """One meet-up as a calendar file (members only)."""
    policy.require("enter_member_area")
    meetup = meetup_for_viewer(meetup_id)
    body = ical.calendar_file([meetup], current_user, meetup.title)
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="meetup-{meetup.id}.ics"'})


@bp.get("/feed/<token>.ics")
def feed(token):
    """A member's private feed of the meet-ups they are going to; works without a session."""
    member = Member.get_or_none(Member.feed_token_hash == tokens.digest(token),
                                Member.banned_at.is_null(), Member.role != "applicant")
    if member is None:
        abort(404)
    going = (Meetup.select().join(attendance.Rsvp)
             .where(attendance.Rsvp.member == member, attendance.Rsvp.state == "going")
             .order_by(Meetup.starts_at))
    meetups = [meetup for meetup in going]
    for meetup in meetups:
        meetup.viewer_rsvp = "going"
    return Response(ical.calendar_file(meetups, member, _("My meet-ups"), only_these=True), mimetype="text/calendar")
