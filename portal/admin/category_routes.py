"""Admin: forum categories."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.admin import bp, categories
from portal.admin.forms import MoveForm, category_form_class, category_texts_from
from portal.config import LANGUAGES
from portal.db import get_or_404
from portal.forms import EmptyForm
from portal.forum.models import Category, CategoryText


@bp.route("/categories", methods=["GET", "POST"])
def category_list():
    """The categories in order, and a form to add one."""
    policy.require("manage_categories")
    form = category_form_class()()
    if form.validate_on_submit():
        try:
            categories.create_category(form.slug.data, category_texts_from(form), current_user)
        except categories.SlugTaken:
            form.slug.errors.append(_("This address is taken or not allowed. Choose another."))
        else:
            flash(_("Category added."), "success")
            return redirect(url_for("admin.category_list"), 303)
    rows = list(Category.select().order_by(Category.position, Category.id))
    names = {text.category_id: text.name for text in CategoryText.select().where(CategoryText.locale == "en")}
    return render_template("admin/categories.html", form=form, categories=rows, names=names,
                           languages=LANGUAGES, move_form=MoveForm(), button_form=EmptyForm()), \
        422 if form.errors else 200


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
def category_edit(category_id):
    """Rename and describe a category in every language."""
    policy.require("manage_categories")
    category = get_or_404(Category, Category.id == category_id)
    form_class = category_form_class()
    form = form_class()
    if not form.is_submitted():
        form.slug.data = category.slug
        for text in CategoryText.select().where(CategoryText.category == category):
            if f"name_{text.locale}" in form:
                form[f"name_{text.locale}"].data = text.name
                form[f"description_{text.locale}"].data = text.description
    if form.validate_on_submit():
        categories.update_category(category, category_texts_from(form), current_user)
        flash(_("Category saved."), "success")
        return redirect(url_for("admin.category_list"), 303)
    return render_template("admin/category_edit.html", form=form, category=category,
                           languages=LANGUAGES), 422 if form.errors else 200


@bp.post("/categories/<int:category_id>/move")
def category_move(category_id):
    """Move a category up or down."""
    policy.require("manage_categories")
    category = get_or_404(Category, Category.id == category_id)
    form = MoveForm()
    if form.validate_on_submit():
        categories.move_category(category, -1 if form.direction.data == "up" else 1, current_user)
    return redirect(url_for("admin.category_list"), 303)


@bp.post("/categories/<int:category_id>/archive")
def category_archive(category_id):
    """Archive a category (read-only) or open it again."""
    policy.require("manage_categories")
    category = get_or_404(Category, Category.id == category_id)
    if EmptyForm().validate_on_submit():
        categories.set_archived(category, not category.archived, current_user)
        flash(_("Category archived.") if category.archived else _("Category open again."), "success")
    return redirect(url_for("admin.category_list"), 303)
