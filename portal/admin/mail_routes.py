"""The admin's test e-mail: queued like every e-mail, its outcome shown in plain words."""

import re

from flask import abort, current_app, redirect, url_for
from flask_login import current_user

from portal import policy
from portal.admin import bp
from portal.forms import EmptyForm
from portal.jobs import huey
from portal.notifications import delivery, mail
from portal.rendering import render

TASK_ID = re.compile(r"^[0-9a-f-]{32,36}$")


@bp.get("/mail")
def mail_settings():
    """How e-mail is set up, and a button to try it."""
    policy.require("test_mail")
    return render("admin/mail.html", None, form=EmptyForm(), config=current_app.config, outcome=None, task_id=None)


@bp.post("/mail/test")
def mail_test():
    """Queue a test e-mail to the admin's own address, then show how it went."""
    policy.require("test_mail")
    if not EmptyForm().validate_on_submit():
        abort(400)
    result = delivery.mail_test(current_user.id)
    return redirect(url_for("admin.mail_test_result", task_id=result.id), 303)


@bp.get("/mail/test/<task_id>")
def mail_test_result(task_id):
    """The outcome of a test e-mail, or that it is still waiting for the job queue."""
    policy.require("test_mail")
    if not TASK_ID.match(task_id):
        abort(404)
    outcome = huey.result(task_id, preserve=True)
    if outcome is not None:
        outcome = dict(outcome, words=None if outcome["ok"] else mail.PROBLEMS[outcome["problem"]])
    return render("admin/mail.html", None, form=EmptyForm(), config=current_app.config, outcome=outcome,
                  task_id=task_id)
