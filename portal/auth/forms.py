"""Forms for applying, signing in, recovering and setting up the first admin."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Email, DataRequired, EqualTo, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.auth import membership, passwords
from portal.config import SPOKEN_LANGUAGES
from portal.formats import language_choices
from portal.forms import choices
from portal.members import handles
from portal.members.models import Region


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def check_handle(form, field):
    message = handles.problem(field.data)
    if message:
        raise ValidationError(message)


def check_new_password(form, field):
    message = passwords.problem(field.data)
    if message:
        raise ValidationError(message)


def handle_field():
    return StringField(_l("Pseudonym"), validators=[InputRequired(_l("Choose a pseudonym.")), check_handle],
                       description=_l("Not your real name. 3 to 30 letters or digits; _ and - are fine too."),
                       render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})


def new_password_fields():
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Choose a password.")), check_new_password],
                             description=_l("At least 10 characters. A few words you remember work well."),
                             render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("Password again"),
                           validators=[InputRequired(_l("Type the password a second time.")),
                                       EqualTo("password", _l("The two passwords are not the same."))],
                           render_kw={"autocomplete": "new-password"})
    return password, repeat


class ApplyForm(FlaskForm):
    handle = handle_field()
    password, password_repeat = new_password_fields()
    languages = CheckboxesField(_l("Languages you speak"), choices=choices(language_choices(SPOKEN_LANGUAGES)),
                                validators=[DataRequired(_l("Choose at least one language."))])
    region = SelectField(_l("Region"), coerce=int, validate_choice=False,
                         description=_l("Where you live now, roughly. It helps us tell you about meet-ups nearby."))
    email = EmailField(_l("E-mail address (optional)"), validators=[Optional(), Length(max=254), Email(_l("This does not look like an e-mail address."))],
                       description=_l("Only to tell you that there is something new for you, never what. "
                                      "Nobody else sees it. You can leave this empty."),
                       render_kw={"autocomplete": "email"})
    invite = StringField(_l("Invite code (optional)"), validators=[Optional(), Length(max=100)],
                         render_kw={"autocomplete": "off", "spellcheck": "false"})
    accept_rules = BooleanField(_l("I have read the house rules and I will follow them."),
                                validators=[DataRequired(_l("Please read and accept the house rules to join."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = choices([(0, _l("I'd rather not say"))] + [(r.id, r.name) for r in Region.ordered()])

    def validate_region(self, field):
        if field.data and not Region.select().where(Region.id == field.data).exists():
            raise ValidationError(_l("Choose a region from the list."))

    def validate_handle(self, field):
        if membership.handle_taken(field.data):
            raise ValidationError(_l("This pseudonym is taken. Choose another."))

    def validate_invite(self, field):
        if field.data:
            try:
                membership.usable_invite(field.data)
            except membership.Refused as refused:
                raise ValidationError(refused.message) from None


class LoginForm(FlaskForm):
    handle = StringField(_l("Pseudonym"), validators=[InputRequired(_l("Type your pseudonym."))],
                         render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Type your password."))],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"), default=False,
                            description=_l("Only on a phone that nobody else uses."))


class RecoverForm(FlaskForm):
    handle = StringField(_l("Pseudonym"), validators=[InputRequired(_l("Type your pseudonym."))],
                         render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    code = StringField(_l("Recovery code"), validators=[InputRequired(_l("Type one of your recovery codes."))],
                       description=_l("One of the ten codes you wrote down, like ABCD-EFGH-JKMN-PQRS."),
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})
    password, password_repeat = new_password_fields()


class SetupForm(FlaskForm):
    handle = handle_field()
    password, password_repeat = new_password_fields()


class CodeForm(FlaskForm):
    code = StringField(_l("Code from your authenticator app"),
                       validators=[InputRequired(_l("Type the six digits from your app."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"})


class ResetForm(FlaskForm):
    password, password_repeat = new_password_fields()
