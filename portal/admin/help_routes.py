"""Staff keep the help directory at /admin/help."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.admin import bp
from portal.admin.help_forms import help_entry_form_class, texts_from
from portal.config import LANGUAGES
from portal.db import get_or_404
from portal.directory import listing
from portal.directory.models import HelpEntry, HelpEntryText
from portal.forms import EmptyForm


@bp.get("/help")
def help_list():
    """Every entry of the help directory, to edit."""
    policy.require("manage_help")
    rows = list(HelpEntry.select().order_by(HelpEntry.kind, HelpEntry.position, HelpEntry.id))
    return render_template("admin/help_list.html", entries=rows, texts=listing.texts_for(rows, "en"),
                           kinds=listing.KIND_NAMES)


def entry_page(form, entry, status=200):
    return render_template("admin/help_edit.html", form=form, entry=entry, languages=LANGUAGES), status


@bp.route("/help/new", methods=["GET", "POST"])
@bp.route("/help/<int:entry_id>", methods=["GET", "POST"])
def help_edit(entry_id=None):
    """Add an entry, or change one, with its text in every language."""
    policy.require("manage_help")
    entry = get_or_404(HelpEntry, HelpEntry.id == entry_id) if entry_id else HelpEntry()
    form = help_entry_form_class()()
    if not form.is_submitted() and entry_id:
        form.process(obj=entry, region=entry.region_id or 0, language_list=entry.languages)
        for text in HelpEntryText.select().where(HelpEntryText.entry == entry):
            if f"name_{text.locale}" in form:
                form[f"name_{text.locale}"].data = text.name
                form[f"offer_{text.locale}"].data = text.offer
                form[f"hours_{text.locale}"].data = text.opening_hours
    if form.validate_on_submit():
        details = {"kind": form.kind.data, "region": form.region.data or None, "phone": form.phone.data or "",
                   "address": form.address.data or "", "website": form.website.data or "",
                   "languages": form.language_list.data or []}
        listing.save_entry(entry, details, texts_from(form), by=current_user)
        flash(_("The entry is saved."), "success")
        return redirect(url_for("admin.help_list"), 303)
    return entry_page(form, entry if entry_id else None, 422 if form.errors else 200)


@bp.post("/help/<int:entry_id>/delete")
def help_delete(entry_id):
    """Remove an entry from the directory."""
    policy.require("manage_help")
    entry = get_or_404(HelpEntry, HelpEntry.id == entry_id)
    if EmptyForm().validate_on_submit():
        listing.delete_entry(entry, current_user)
        flash(_("The entry is removed."), "success")
    return redirect(url_for("admin.help_list"), 303)
