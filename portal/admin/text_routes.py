"""Admins write the public texts (front page, house rules introduction, site name) in every language."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.admin import bp
from portal.admin.text_forms import public_text_form_class
from portal.config import LANGUAGES
from portal.public import texts


@bp.get("/texts")
def text_list():
    """The public texts an onlooker could read, and in which languages admins wrote them."""
    policy.require("administer")
    written = {key: [LANGUAGES[code] for code in LANGUAGES if code in texts.texts_of(key)] for key in texts.TEXTS}
    return render_template("admin/texts.html", texts=texts.TEXTS.values(), written=written)


@bp.route("/texts/<key>", methods=["GET", "POST"])
def text_edit(key):
    """Write one public text in every language; an empty field shows the default instead."""
    policy.require("administer")
    text = texts.TEXTS.get(key) or abort(404)
    # on a POST what was typed wins over the saved texts
    form = public_text_form_class(text)(data=texts.texts_of(key))
    if form.validate_on_submit():
        texts.save_texts(key, {code: form[code].data for code in LANGUAGES}, current_user._get_current_object())
        flash(_("The text is saved."), "success")
        return redirect(url_for("admin.text_list"), 303)
    return render_template("admin/text_edit.html", form=form, text=text, built_in=texts.built_in(key),
                           languages=LANGUAGES), 422 if form.errors else 200
