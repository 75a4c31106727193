"""Forms for the admin area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, InputRequired, Length


class RegionForm(FlaskForm):
    name = StringField(_l("Region name"), validators=[InputRequired(_l("Give the region a name.")),
                                                      Length(max=80, message=_l("At most 80 characters."))])


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(("up", "down"))])
