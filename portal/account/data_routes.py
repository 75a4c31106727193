"""Data rights: export everything about me; delete my account."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.account import bp, data_rights
from portal.account.forms import DeleteAccountForm
from portal.account.security_routes import password_and_code_ok
from portal.auth import guessing, sessions


@bp.get("/export")
@login_required
def export():
    """What we hold about me, summarised, with a download of all of it."""
    data = data_rights.export(current_user)
    counts = {name: len(rows) for name, rows in data.items() if isinstance(rows, list)}
    return render_template("account/export.html", counts=counts)


@bp.get("/export.json")
@login_required
def export_file():
    """Everything we hold about me, as a JSON file."""
    body = json.dumps(data_rights.export(current_user), default=str, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="my-data.json"'})


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@guessing.limit_password_checks
def delete():
    """Delete my account, for real, after confirming with my password (and code)."""
    form = DeleteAccountForm()
    if form.is_submitted() and password_and_code_ok(form):
        data_rights.delete_account(current_user._get_current_object(), keep_posts=form.posts.data == "keep")
        # the device records went with the account; this clears the cookie's contents
        sessions.end_this_session()
        flash(_("Your account is deleted. Take care."), "info")
        return redirect(url_for("public.landing"), 303)
    return render_template("account/delete.html", form=form), 422 if form.errors else 200
