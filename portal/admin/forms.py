"""Forms for the admin area."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from portal.config import LANGUAGES
from portal.forms import Form, choices, strip_whitespace


class RegionForm(Form):
    name = StringField(_l("Region name"), filters=[strip_whitespace],
                       validators=[DataRequired(_l("Give the region a name.")),
                                                      Length(max=80, message=_l("At most 80 characters."))])


class MoveForm(Form):
    direction = HiddenField(validators=[AnyOf(("up", "down"))])


def category_form_class():
    """A form with a name and description for every interface language; English is required."""
    from wtforms import TextAreaField
    from wtforms.validators import Optional

    from portal.config import LANGUAGES

    fields = {"slug": StringField(_l("Address (letters, digits and -)"), validators=[
        InputRequired(_l("Give the category an address, like housing-and-work.")), Length(max=60)])}
    for code, language in LANGUAGES.items():
        required = [DataRequired(_l("The English name is needed."))] if code == "en" else [Optional()]
        fields[f"name_{code}"] = StringField(_l("Name in %(language)s", language=language), filters=[strip_whitespace],
                                             validators=required + [Length(max=80)])
        fields[f"description_{code}"] = TextAreaField(_l("Description in %(language)s", language=language),
                                                      validators=[Optional(), Length(max=300)],
                                                      render_kw={"rows": 2})
    return type("CategoryForm", (Form,), fields)


def category_texts_from(form):
    from portal.config import LANGUAGES

    return {code: (form[f"name_{code}"].data, form[f"description_{code}"].data) for code in LANGUAGES}


class IntakeQuestionForm(Form):
    locale = SelectField(_l("Language"), choices=choices(LANGUAGES.items()))
    text = StringField(_l("Question"), filters=[strip_whitespace],
                       validators=[DataRequired(_l("Write the question.")), Length(max=300)],
                       render_kw={"dir": "auto"})
    required = BooleanField(_l("Applicants must answer it"))
