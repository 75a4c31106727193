"""Forms for asking, answering and talking."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.auth.forms import CheckboxesField
from portal.config import SPOKEN_LANGUAGES
from portal.formats import language_choices
from portal.forms import Form, choices, coerce_id, strip_whitespace
from portal.members.models import Region

SUPPORT_NAMES = {
    "practical": _l("Practical help (papers, appointments, finding your way)"),
    "social": _l("Social contact (meeting up, doing things together)"),
    "procedure": _l("The asylum procedure"),
    "talk": _l("Someone to talk to"),
}


class SharingForm(Form):
    """What someone is willing to share once introduced; all optional."""

    phone = StringField(_l("Phone number"), filters=[strip_whitespace], validators=[Optional(), Length(max=40)])
    signal = StringField(_l("Signal username"), filters=[strip_whitespace], validators=[Optional(), Length(max=60)])
    whatsapp = StringField(_l("WhatsApp number"), filters=[strip_whitespace], validators=[Optional(), Length(max=40)])
    email = StringField(_l("E-mail address"), filters=[strip_whitespace],
                        validators=[Optional(), Length(max=254), Email(_l("This does not look like an e-mail address."))])

    def shares(self):
        return {name: self[name].data or "" for name in ("phone", "signal", "whatsapp", "email")}


class RequestForm(SharingForm):
    note = TextAreaField(_l("For the moderators: why would you like to meet?"), filters=[strip_whitespace],
                         validators=[DataRequired(_l("Tell the moderators a little about why.")), Length(max=2000)],
                         render_kw={"rows": 3})
    first_message = TextAreaField(_l("Your first message to them"), filters=[strip_whitespace],
                                  validators=[DataRequired(_l("Write a short first message.")), Length(max=2000)],
                                  render_kw={"rows": 4},
                                  description=_l("They only see it if a moderator agrees."))


class BuddyRequestForm(SharingForm):
    languages = CheckboxesField(_l("Languages you would like to speak"), choices=choices(language_choices(SPOKEN_LANGUAGES)),
                                validators=[DataRequired(_l("Choose at least one language."))])
    region = SelectField(_l("Region"), coerce=coerce_id, validate_choice=False)
    support = CheckboxesField(_l("What kind of support?"), choices=choices(SUPPORT_NAMES.items()),
                              validators=[DataRequired(_l("Choose at least one."))])
    note = TextAreaField(_l("Anything else the moderators should know? (optional)"), filters=[strip_whitespace],
                         validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = choices([(0, _l("Any region"))] + [(r.id, r.name) for r in Region.ordered()])


class DeclineForm(Form):
    block = BooleanField(_l("Also block this person: they cannot ask again"))


class MessageForm(Form):
    body = TextAreaField(_l("Message"), filters=[strip_whitespace],
                         validators=[DataRequired(_l("Write a message first.")), Length(max=5000)],
                         render_kw={"rows": 3})


class ReportForm(Form):
    note = TextAreaField(_l("What is wrong? (optional)"), filters=[strip_whitespace],
                         validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})


class ModeratorDecisionForm(Form):
    note = TextAreaField(_l("Internal note (only staff see it)"), validators=[Optional(), Length(max=2000)])

CONTACT_NAMES = {
    "phone": _l("Phone number"),
    "signal": _l("Signal username"),
    "whatsapp": _l("WhatsApp number"),
    "email": _l("E-mail address"),
}
