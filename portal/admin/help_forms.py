"""The form for a help directory entry, with its text in every interface language."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from portal.auth.forms import CheckboxesField
from portal.config import LANGUAGES, SPOKEN_LANGUAGES
from portal.directory.listing import KIND_NAMES
from portal.formats import language_choices
from portal.forms import Form, choices, coerce_id, strip_whitespace
from portal.members.models import Region


def help_entry_form_class():
    fields = {
        "kind": SelectField(_l("Kind of help"), choices=choices(KIND_NAMES.items())),
        "region": SelectField(_l("Region"), coerce=coerce_id, validate_choice=False),
        "language_list": CheckboxesField(_l("Languages spoken there"),
                                         choices=choices(language_choices(SPOKEN_LANGUAGES))),
        "phone": StringField(_l("Phone"), filters=[strip_whitespace], validators=[Optional(), Length(max=40)]),
        "address": StringField(_l("Address"), filters=[strip_whitespace], validators=[Optional(), Length(max=200)]),
        "website": StringField(_l("Website"), filters=[strip_whitespace],
                               validators=[Optional(), URL(message=_l("This does not look like a web address.")),
                                           Length(max=300)]),
    }
    for code, language in LANGUAGES.items():
        required = [DataRequired(_l("The English name is needed."))] if code == "en" else [Optional()]
        fields[f"name_{code}"] = StringField(_l("Name (%(language)s)", language=language), filters=[strip_whitespace],
                                             validators=required + [Length(max=120)])
        fields[f"offer_{code}"] = TextAreaField(_l("What they offer (%(language)s)", language=language),
                                                validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})
        fields[f"hours_{code}"] = StringField(_l("Opening hours (%(language)s)", language=language),
                                              validators=[Optional(), Length(max=200)])
    form_class = type("HelpEntryForm", (Form,), fields)

    def init(self, *args, **kwargs):
        Form.__init__(self, *args, **kwargs)
        self.region.choices = choices([(0, _l("Everywhere"))] + [(r.id, r.name) for r in Region.ordered()])

    form_class.__init__ = init
    return form_class


def texts_from(form):
    return {code: (form[f"name_{code}"].data, form[f"offer_{code}"].data, form[f"hours_{code}"].data)
            for code in LANGUAGES}
