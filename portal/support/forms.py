"""Forms for asking for help and writing in a support thread."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from portal.config import SPOKEN_LANGUAGES
from portal.forms import Form, choices, strip_whitespace
from portal.support.models import CATEGORIES

REACH = {
    "portal": _l("Only here in the portal"),
    "contact": _l("Also through a contact I give here"),
}


class SupportRequestForm(Form):
    category = RadioField(_l("What do you need help with?"), choices=choices(CATEGORIES.items()),
                          validators=[InputRequired(_l("Choose what you need help with."))])
    text = TextAreaField(_l("Tell us what is going on"), filters=[strip_whitespace],
                         validators=[DataRequired(_l("Write a few words about what you need.")), Length(max=4000)],
                         render_kw={"rows": 6},
                         description=_l("Only you and the staff who help you read this."))
    language = SelectField(_l("The language you want to talk in"), choices=choices(SPOKEN_LANGUAGES.items()))
    reach = RadioField(_l("How may we reach you?"), choices=choices(REACH.items()), default="portal",
                       validators=[AnyOf(tuple(REACH))])
    contact = StringField(_l("Your contact (phone, Signal or e-mail)"), filters=[strip_whitespace],
                          validators=[Optional(), Length(max=200)],
                          description=_l("Only if you chose a contact above. Only the staff who help you see it."))

    def validate(self, extra_validators=None):
        # not validate_contact: Optional() ends the field's checks when it is empty
        valid = super().validate(extra_validators)
        if self.reach.data == "contact" and not self.contact.data:
            self.contact.errors = [*self.contact.errors, _l("Give the contact, or choose to be reached only in the portal.")]
            return False
        return valid


class SupportMessageForm(Form):
    body = TextAreaField(_l("Your message"), filters=[strip_whitespace],
                         validators=[DataRequired(_l("Write a message first.")), Length(max=4000)],
                         render_kw={"rows": 4})


class StaffMessageForm(SupportMessageForm):
    referral = SelectField(_l("Refer to the help directory (optional)"), coerce=int, validate_choice=False,
                           validators=[Optional()])


class AddHelperForm(Form):
    handle = StringField(_l("Pseudonym of a moderator"), filters=[strip_whitespace],
                         validators=[DataRequired(_l("Type the pseudonym of a moderator.")), Length(max=30)])
