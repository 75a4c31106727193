"""Organisers: creating, editing and cancelling meet-ups, the attendee list, messages."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal import policy
from portal.calendar import attendance, bp, meetups, recurrence
from portal.calendar.forms import MeetupForm, MessageForm
from portal.calendar.models import Meetup, MeetupSeries
from portal.calendar.routes import detail_response, meetup_for_viewer
from portal.calendar.schedule import site_zone
from portal.db import get_or_404, utcnow
from portal.formats import in_reader_direction
from portal.forms import EmptyForm
from portal.members.models import Member
from portal.rendering import render

FIELDS = ("title", "description", "region", "public_area", "private_address", "online_link", "capacity",
          "language_list", "newcomer_friendly", "public", "public_description", "reveal_hours")

UNTIL_ERRORS = {
    "missing": _l("Until when does it repeat?"),
    "before_start": _l("The last day cannot be before the first."),
    "too_far": _l("A meet-up repeats for a year at most."),
}


def details_from(form):
    """The form's values as Meetup fields, times converted from the site's zone to UTC."""
    details = {name: form[name].data for name in FIELDS}
    details["region"] = details["region"] or None
    details["description"] = details["description"] or ""
    details["starts_at"] = meetups.to_utc(form.starts_at.data, site_zone())
    details["ends_at"] = meetups.to_utc(form.ends_at.data, site_zone())
    details["reminder_hours"] = form.reminder_hours.data or 0
    return details


def following_of(meetup):
    """This occurrence and the ones after it in its series."""
    return list(Meetup.select().where(Meetup.series == meetup.series_id, Meetup.original_start >= meetup.original_start))


def repeats(form, meetup):
    """Whether the form asks for a rule: a new repeating meet-up, or this date and all that follow."""
    if meetup is None:
        return bool(form.repeat.data)
    return meetup.series_id is not None and form.scope.data == "following"


def check_times_and_places(form, meetup=None):
    """The rules a form alone cannot know: order of times, the past, places already taken."""
    ok = True
    if form.starts_at.data and form.ends_at.data and form.ends_at.data <= form.starts_at.data:
        form.ends_at.errors.append(_("The end must be after the start."))
        ok = False
    if meetup is None and form.starts_at.data and meetups.to_utc(form.starts_at.data, site_zone()) < utcnow():
        form.starts_at.errors.append(_("A new meet-up cannot start in the past."))
        ok = False
    if repeats(form, meetup) and form.starts_at.data:
        if not form.repeat.data:
            form.repeat.errors.append(_("Choose how it repeats."))
            ok = False
        problem = recurrence.check_until(form.starts_at.data, form.repeat_until.data)
        if problem:
            form.repeat_until.errors.append(UNTIL_ERRORS[problem])
            ok = False
    if meetup is not None and form.capacity.data is not None:
        dates = following_of(meetup) if repeats(form, meetup) else [meetup]
        going = max(attendance.going_count(date) for date in dates)
        if form.capacity.data < going:
            form.capacity.errors.append(ngettext("%(num)d person is already going: give at least that many places.",
                                                 "%(num)d people are already going: give at least that many places.",
                                                 going))
            ok = False
    return ok


def submitted_and_valid(form, meetup=None):
    """Validate everything at once, so every problem is shown in one go."""
    if not form.is_submitted():
        return False
    fields_ok = form.validate()
    return check_times_and_places(form, meetup) and fields_ok


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Post a new meet-up."""
    policy.require("create_meetup")
    form = MeetupForm()
    if submitted_and_valid(form):
        if form.repeat.data:
            meetup = recurrence.create_series(current_user, form.repeat.data, form.repeat_until.data, site_zone(),
                                              **details_from(form))
        else:
            meetup = meetups.create_meetup(current_user, **details_from(form))
        flash(_("The meet-up is in the calendar."), "success")
        return redirect(url_for("calendar.detail", meetup_id=meetup.id), 303)
    return render("calendar/edit.html", None, status=422 if form.errors else 200, form=form, meetup=None,
                  zone=site_zone())


@bp.route("/<int:meetup_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meetup_id):
    """Change a meet-up; people who signed up hear about a new time or place."""
    meetup = get_or_404(Meetup, Meetup.id == meetup_id)
    policy.require("manage_meetup", meetup)
    form = MeetupForm(obj=meetup)
    if not form.is_submitted():
        form.starts_at.data = meetups.to_local(meetup.starts_at, site_zone())
        form.ends_at.data = meetups.to_local(meetup.ends_at, site_zone())
        form.region.data = meetup.region_id or 0
        form.language_list.data = meetup.languages
        if meetup.series_id:
            series = MeetupSeries.get_by_id(meetup.series_id)
            form.repeat.data, form.repeat_until.data = series.frequency, series.until
    if submitted_and_valid(form, meetup):
        if repeats(form, meetup):
            recurrence.update_following(meetup, current_user, form.repeat.data, form.repeat_until.data,
                                        **details_from(form))
        else:
            meetups.update_meetup(meetup, current_user, **details_from(form))
        flash(_("The meet-up is saved."), "success")
        return redirect(url_for("calendar.detail", meetup_id=meetup.id), 303)
    return render("calendar/edit.html", None, status=422 if form.errors else 200, form=form, meetup=meetup,
                  zone=site_zone())


@bp.post("/<int:meetup_id>/cancel")
@login_required
def cancel(meetup_id):
    """Cancel a meet-up; everyone who signed up is told."""
    meetup = get_or_404(Meetup, Meetup.id == meetup_id)
    policy.require("manage_meetup", meetup)
    if EmptyForm().validate_on_submit() and meetup.cancelled_at is None:
        meetups.cancel_meetup(meetup, current_user)
        flash(_("The meet-up is cancelled. Everyone who signed up has been told."), "success")
    return redirect(url_for("calendar.detail", meetup_id=meetup.id), 303)


@bp.post("/<int:meetup_id>/message")
@login_required
def message(meetup_id):
    """Send everyone going a message, as a notification."""
    meetup = meetup_for_viewer(meetup_id)
    policy.require("manage_meetup", meetup)
    form = MessageForm()
    if form.validate_on_submit():
        meetups.message_attendees(meetup, current_user, form.text.data)
        flash(_("Your message has been sent to everyone going."), "success")
        return redirect(url_for("calendar.detail", meetup_id=meetup.id), 303)
    return detail_response(meetup, status=422, message_form=form)


@bp.post("/<int:meetup_id>/attendees/<int:member_id>/remove")
@login_required
def remove_attendee(meetup_id, member_id):
    """The organiser takes someone off the list."""
    meetup = get_or_404(Meetup, Meetup.id == meetup_id)
    policy.require("manage_meetup", meetup)
    member = get_or_404(Member, Member.id == member_id)
    if EmptyForm().validate_on_submit():
        attendance.remove_attendee(meetup, member, current_user)
        flash(_("%(handle)s is no longer on the list.", handle=in_reader_direction(member.handle)), "success")
    return redirect(url_for("calendar.detail", meetup_id=meetup.id, _anchor="attendees"), 303)

