"""Forms staff use to decide on people and posts, and to warn, suspend or ban members."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from portal.config import SPOKEN_LANGUAGES
from portal.formats import language_choices
from portal.forms import Form, choices, coerce_id
from portal.members.models import ROLE_NAMES, ROLES, Region
from portal.moderation.vetting import ASSIGNABLE_ROLES


class DecisionForm(Form):
    decision = HiddenField(validators=[AnyOf(("approve", "reject"))])
    note = TextAreaField(_l("Internal note (only staff see it)"), validators=[Optional(), Length(max=2000)])


class InviteForm(Form):
    days = IntegerField(_l("Valid for (days)"), default=14,
                        validators=[InputRequired(_l("Say for how many days the invite works.")),
                                    NumberRange(1, 90, _l("Between 1 and 90 days."))])
    pre_approved = BooleanField(_l("Pre-approved: whoever uses it becomes a member at once"))
    note = StringField(_l("Note for staff (who is it for?)"), validators=[Optional(), Length(max=200)],
                       description=_l("Do not write a real name here."))


class StaffNoteForm(Form):
    text = TextAreaField(_l("New note (only staff see it)"), validators=[InputRequired(_l("Write the note first.")),
                                                                      Length(max=1000)],
                         render_kw={"rows": 2},
                         description=_l("Short and factual. The member can learn that notes exist."))


class InviteBatchForm(Form):
    organisation = StringField(_l("Partner organisation"), validators=[InputRequired(_l("Name the organisation.")),
                                                                       Length(max=120)],
                               description=_l("For example a reception centre contact or a legal aid office."))
    size = IntegerField(_l("Number of codes"), default=10,
                        validators=[InputRequired(_l("Say how many codes.")), NumberRange(1, 200, _l("Between 1 and 200."))])
    days = IntegerField(_l("Valid for (days)"), default=60,
                        validators=[InputRequired(_l("Say for how many days the invite works.")),
                                    NumberRange(1, 365, _l("Between 1 and 365 days."))])
    pre_approved = BooleanField(_l("Pre-approved: whoever uses it becomes a member at once"))


class MemberSearchForm(Form):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Pseudonym contains"), validators=[Optional(), Length(max=30)])
    language = SelectField(_l("Speaks"), choices=choices([("", _l("Any language"))] + language_choices(SPOKEN_LANGUAGES)),
                           validators=[Optional()])
    region = SelectField(_l("Region"), coerce=coerce_id, validate_choice=False, validators=[Optional()])
    role = SelectField(_l("Role"), choices=choices([("", _l("Any role"))] + [(r, ROLE_NAMES[r]) for r in ROLES]),
                       validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = choices([(0, _l("Any region"))] + [(r.id, r.name) for r in Region.ordered()])


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=choices((r, ROLE_NAMES[r]) for r in ASSIGNABLE_ROLES))


class BuddyForm(Form):
    is_buddy = HiddenField(validators=[AnyOf(("on", "off"))])


class LogFilterForm(Form):
    class Meta:
        csrf = False

    actor = StringField(_l("Done by (pseudonym)"), validators=[Optional(), Length(max=30)])
    action = SelectField(_l("Action"), validate_choice=False, validators=[Optional()])
    target = StringField(_l("Done to (pseudonym)"), validators=[Optional(), Length(max=30)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])

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
