"""The admin area: regions (categories live in category_routes.py)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.admin import bp, regions
from portal.admin.forms import MoveForm, RegionForm
from portal.auth import sessions
from portal.db import get_or_404
from portal.forms import EmptyForm
from portal.forum.models import Category
from portal.members.models import Region

# the help directory is kept by moderators too; every other admin page asks for "administer"
bp.before_request(sessions.staff_gate)


@bp.get("")
def index():
    """What an admin can manage."""
    policy.require("administer")
    return render_template("admin/index.html", region_count=Region.select().count(),
                           category_count=Category.select().count())


def regions_page(form, status=200):
    return render_template("admin/regions.html", form=form, regions=list(Region.ordered()),
                           rename_form=RegionForm(formdata=None), move_form=MoveForm(),
                           delete_form=EmptyForm()), status


@bp.route("/regions", methods=["GET", "POST"])
def region_list():
    """The regions people choose from, in the order shown."""
    policy.require("administer")
    form = RegionForm()
    if form.validate_on_submit():
        try:
            regions.add_region(form.name.data, current_user)
        except regions.RegionExists:
            form.name.errors.append(_("There is already a region with this name."))
        else:
            flash(_("Region added."), "success")
            return redirect(url_for("admin.region_list"), 303)
    return regions_page(form, 422 if form.errors else 200)


@bp.post("/regions/<int:region_id>")
def region_rename(region_id):
    """Rename a region."""
    policy.require("administer")
    region = get_or_404(Region, Region.id == region_id)
    form = RegionForm()
    if form.validate_on_submit():
        try:
            regions.rename_region(region, form.name.data, current_user)
        except regions.RegionExists:
            flash(_("There is already a region with this name."), "error")
        else:
            flash(_("Region renamed."), "success")
    else:
        flash(_("Give the region a name."), "error")
    return redirect(url_for("admin.region_list"), 303)


@bp.post("/regions/<int:region_id>/move")
def region_move(region_id):
    """Move a region up or down the list."""
    policy.require("administer")
    region = get_or_404(Region, Region.id == region_id)
    form = MoveForm()
    if form.validate_on_submit():
        regions.move_region(region, -1 if form.direction.data == "up" else 1, current_user)
    return redirect(url_for("admin.region_list"), 303)


@bp.post("/regions/<int:region_id>/delete")
def region_delete(region_id):
    """Remove a region from the list."""
    policy.require("administer")
    region = get_or_404(Region, Region.id == region_id)
    if EmptyForm().validate_on_submit():
        regions.delete_region(region, current_user)
        flash(_("Region removed."), "success")
    return redirect(url_for("admin.region_list"), 303)
