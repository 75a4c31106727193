"""Staff alerts: what waits for a moderator, and which kinds alert them when."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField

from portal import policy
from portal.auth.forms import CheckboxesField
from portal.forms import Form, choices
from portal.moderation import bp
from portal.notifications import alerts
from portal.rendering import render

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class AlertSettingsForm(Form):
    kinds = CheckboxesField(_l("Alert me about"), choices=choices(alerts.KINDS.items()))
    quiet_from = SelectField(_l("Quiet hours from"), coerce=int, choices=choices(HOURS),
                             description=_l("In your own time zone. Urgent support requests alert you anyway."))
    quiet_until = SelectField(_l("Quiet hours until"), coerce=int, choices=choices(HOURS),
                              description=_l("The same hour twice means no quiet hours."))


def alert_link(alert):
    """Where the waiting item is dealt with."""
    if alert.target_type == "application":
        return url_for("moderation.applications", _anchor=f"application-{alert.target_id}")
    if alert.target_type == "post":
        return url_for("moderation.posts")
    if alert.target_type == "message_report":
        return url_for("moderation.introductions", _anchor="reports")
    if alert.target_type == "introduction":
        return url_for("moderation.introductions", _anchor=f"intro-{alert.target_id}")
    return url_for("moderation.support_request", request_id=alert.target_id)


@bp.get("/alerts")
def alert_list():
    """Everything that waits for me, urgent first: it leaves the list once any moderator dealt with it."""
    policy.require("moderate")
    rows = alerts.open_alerts(current_user)
    return render("moderation/alerts.html", None, alerts=rows, links={row.id: alert_link(row) for row in rows},
                  kind_names=alerts.KINDS)


@bp.route("/alerts/settings", methods=["GET", "POST"])
def alert_settings():
    """Choose the kinds that alert me, and my quiet hours."""
    policy.require("moderate")
    form = AlertSettingsForm()
    if request.method == "GET":
        saved = alerts.preference_of(current_user)
        form.kinds.data = saved.kind_list if saved else list(alerts.KINDS)
        form.quiet_from.data = saved.quiet_from if saved else 0
        form.quiet_until.data = saved.quiet_until if saved else 0
    elif form.validate_on_submit():
        alerts.save_preference(current_user, form.kinds.data or [], form.quiet_from.data, form.quiet_until.data)
        flash(_("Your alert settings are saved."), "success")
        return redirect(url_for("moderation.alert_settings"), 303)
    return render("moderation/alert_settings.html", None, status=422 if form.errors else 200, form=form)
