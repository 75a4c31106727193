"""Forms staff use to decide on people."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from portal.config import SPOKEN_LANGUAGES
from portal.formats import language_choices
from portal.forms import choices
from portal.members.models import ROLE_NAMES, ROLES, Region
from portal.moderation.vetting import ASSIGNABLE_ROLES



class DecisionForm(FlaskForm):
    decision = HiddenField(validators=[AnyOf(("approve", "reject"))])
    note = TextAreaField(_l("Internal note (only staff see it)"), validators=[Optional(), Length(max=2000)])


class InviteForm(FlaskForm):
    days = IntegerField(_l("Valid for (days)"), default=14,
                        validators=[InputRequired(_l("Say for how many days the invite works.")),
                                    NumberRange(1, 90, _l("Between 1 and 90 days."))])
    pre_approved = BooleanField(_l("Pre-approved: whoever uses it becomes a member at once"))
    note = StringField(_l("Note for staff (who is it for?)"), validators=[Optional(), Length(max=200)],
                       description=_l("Do not write a real name here."))


class MemberSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Pseudonym contains"), validators=[Optional(), Length(max=30)])
    language = SelectField(_l("Speaks"), choices=choices([("", _l("Any language"))] + language_choices(SPOKEN_LANGUAGES)),
                           validators=[Optional()])
    region = SelectField(_l("Region"), coerce=int, validate_choice=False, validators=[Optional()])
    role = SelectField(_l("Role"), choices=choices([("", _l("Any role"))] + [(r, ROLE_NAMES[r]) for r in ROLES]),
                       validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = choices([(0, _l("Any region"))] + [(r.id, r.name) for r in Region.ordered()])


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=choices((r, ROLE_NAMES[r]) for r in ASSIGNABLE_ROLES))


class BuddyForm(FlaskForm):
    is_buddy = HiddenField(validators=[AnyOf(("on", "off"))])


class LogFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(_l("Done by (pseudonym)"), validators=[Optional(), Length(max=30)])
    action = SelectField(_l("Action"), validate_choice=False, validators=[Optional()])
    target = StringField(_l("Done to (pseudonym)"), validators=[Optional(), Length(max=30)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
