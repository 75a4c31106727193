"""Forms for applying, signing in, recovering and setting up the first admin."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.auth import membership, passwords
from portal.config import SPOKEN_LANGUAGES
from portal.formats import language_choices
from portal.forms import Form, choices, coerce_id, strip_whitespace
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
                       render_kw={"autocomplete": "nickname", "autocapitalize": "none", "spellcheck": "false"})


# The public forms post the sign-in name as "handle", the name they always used, so that
# password managers keep filling in what they saved.
def new_login_name_field():
    return StringField(_l("Sign-in name"), name="handle",
                       validators=[InputRequired(_l("Choose a sign-in name.")), check_handle],
                       description=_l("Only for signing in: nobody else ever sees it, not even other members. "
                                      "Choose one that is not your pseudonym or your real name."),
                       render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})


def login_name_field():
    return StringField(_l("Sign-in name"), name="handle", validators=[InputRequired(_l("Type your sign-in name."))],
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


class ApplyForm(Form):
    login_name = new_login_name_field()
    password, password_repeat = new_password_fields()
    languages = CheckboxesField(_l("Languages you speak"), choices=choices(language_choices(SPOKEN_LANGUAGES)),
                                validators=[DataRequired(_l("Choose at least one language."))])
    region = SelectField(_l("Region"), coerce=coerce_id, validate_choice=False,
                         description=_l("Where you live now, roughly. It helps us tell you about meet-ups nearby."))
    email = EmailField(_l("E-mail address (optional)"),
                       validators=[Optional(), Length(max=254), Email(_l("This does not look like an e-mail address."))],
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

    def validate_login_name(self, field):
        # says only that someone chose this private name: pseudonyms are never looked at here
        if membership.login_name_taken(field.data):
            raise ValidationError(_l("This sign-in name is taken. Choose another."))

    def validate_invite(self, field):
        if field.data:
            try:
                membership.usable_invite(field.data)
            except membership.Refused as refused:
                raise ValidationError(refused.message) from None


class LoginForm(Form):
    login_name = login_name_field()
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Type your password."))],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"), default=False,
                            description=_l("Only on a phone that nobody else uses."))


class RecoverForm(Form):
    login_name = login_name_field()
    code = StringField(_l("Recovery code"), validators=[InputRequired(_l("Type one of your recovery codes."))],
                       description=_l("One of the ten codes you wrote down, like ABCD-EFGH-JKMN-PQRS."),
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})
    password, password_repeat = new_password_fields()


class SetupForm(Form):
    login_name = new_login_name_field()
    password, password_repeat = new_password_fields()
    # the first account: there is nobody yet whose pseudonym an answer could give away
    pseudonym = handle_field()


class PseudonymForm(Form):
    pseudonym = handle_field()


class CodeForm(Form):
    code = StringField(_l("Code from your authenticator app"),
                       validators=[InputRequired(_l("Type the six digits from your app."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"})


class ResetForm(Form):
    password, password_repeat = new_password_fields()


class IntakeForm(Form):
    """The apply form's own section: the intake questions of the applicant's language, and a voucher.

    A separate form (same POST, its own prefix, no second CSRF token), built per request from the
    questions admins wrote; the apply form itself does not change.
    """

    class Meta:
        csrf = False

    vouch = StringField(_l("A member who can vouch for you (optional)"), validators=[Optional(), Length(max=30)],
                        description=_l("Their pseudonym here. We ask them in the portal; nobody else sees it."),
                        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})
    # an applicant has no pseudonym yet: without a few words of their own the member cannot tell who asks
    vouch_note = TextAreaField(_l("A few words for that member"), filters=[strip_whitespace],
                               validators=[Length(max=300, message=_l("At most %(max)d characters."))],
                               description=_l("Needed if you name a member. You have no pseudonym here yet, so tell them "
                                              "how they know you, for example where you met. Do not write your "
                                              "sign-in name. Only that member and the moderators read it."),
                               render_kw={"rows": 2, "dir": "auto"})

    @classmethod
    def for_questions(cls, questions, **kwargs):
        """A form with one field per question (q<id>), required where the admin said so."""
        fields = {}
        for question in questions:
            required = [InputRequired(_l("Please answer this question."))] if question.required else [Optional()]
            # gettext, not the lazy _l: a lazy string counts as safe HTML, and the question is an admin's text
            label = question.text if question.required else gettext("%(question)s (optional)", question=question.text)
            fields[f"q{question.id}"] = TextAreaField(label, validators=[*required, Length(max=1000)],
                                                      render_kw={"rows": 2, "dir": "auto"})
        form_class = type("IntakeQuestionsForm", (cls,), fields)
        form = form_class(prefix="intake", **kwargs)
        form.questions = list(questions)
        return form

    def validate_vouch_note(self, field):
        # on the text alone, never on whether the pseudonym exists: the form answers the same either way
        named = bool(self.vouch.data.strip())
        if named and not field.data:
            raise ValidationError(_l("Write a few words so that this member knows who you are, "
                                     "for example where you met."))
        if field.data and not named:
            raise ValidationError(_l("Write above the pseudonym of the member these words are for, "
                                     "or leave this empty."))

    def question_fields(self):
        return [self[f"q{question.id}"] for question in self.questions]

    def answers(self):
        """(question, answer) pairs, in the order asked."""
        return [(question, self[f"q{question.id}"].data or "") for question in self.questions]
