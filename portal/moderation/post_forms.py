"""Forms for moderating posts, threads and members."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import Form


class ReasonForm(Form):
    reason = StringField(_l("Reason (the author sees it)"), validators=[Optional(), Length(max=300)])


class MoveForm(Form):
    category = SelectField(_l("Move to"), validate_choice=False)


class WarnForm(Form):
    message = TextAreaField(_l("Message to the member"), validators=[
        InputRequired(_l("Write the message the member will see.")), Length(max=2000)], render_kw={"rows": 3})


class SuspendForm(Form):
    until = DateField(_l("Read-only until"), validators=[InputRequired(_l("Choose a date."))])
    reason = StringField(_l("Reason (for staff)"), validators=[Optional(), Length(max=300)])


class BanForm(Form):
    reason = StringField(_l("Reason (for staff)"), validators=[Optional(), Length(max=300)])
