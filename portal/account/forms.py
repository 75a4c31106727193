"""Account settings and password change."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from portal.auth.forms import check_handle, new_password_fields
from portal.config import LANGUAGES
from portal.formats import language_choices, timezone_choices
from portal.forms import Form, choices


class SettingsForm(Form):
    locale = SelectField(_l("Language of the site"), choices=choices(language_choices(LANGUAGES)))
    timezone = SelectField(_l("Time zone"), choices=lambda: choices(timezone_choices()),
                           description=_l("Meet-up times are shown in this time zone."))
    email = EmailField(_l("E-mail address (optional)"),
                       validators=[Optional(), Length(max=254), Email(_l("This does not look like an e-mail address."))],
                       description=_l("Only to tell you that there is something new for you, never what. "
                                      "Nobody else sees it. Leave empty for no e-mail."),
                       render_kw={"autocomplete": "email"})
    email_frequency = RadioField(_l("When to send the e-mail"), default="immediate", choices=choices([
        ("immediate", _l("Each time there is something new")),
        ("daily", _l("At most once a day")),
        ("never", _l("Never: I look in the portal myself"))]),
        validators=[Optional()])
    bio = TextAreaField(_l("About you (optional)"), validators=[Optional(), Length(max=500)],
                        description=_l("Members see this on your profile. Nothing that shows who you are."),
                        render_kw={"rows": 3})
    # opt-in: off until the member ticks it (members from before keep what they had)
    listed = BooleanField(_l("Show my profile in the member list"),
                          description=_l("Then other members can find you and ask to be introduced. Off: only "
                                         "moderators (for buddy matching) and people you are already introduced "
                                         "to can reach you."))
    visible_to_attendees = BooleanField(_l("Show my pseudonym to other people going to the same meet-up"),
                                        description=_l("Off: they only see how many people are going."))


class PasswordChangeForm(Form):
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(_l("Type your current password."))],
                                     render_kw={"autocomplete": "current-password"})
    password, password_repeat = new_password_fields()


class LoginNameForm(Form):
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(_l("Type your current password."))],
                                     render_kw={"autocomplete": "current-password"})
    login_name = StringField(_l("New sign-in name"), validators=[InputRequired(_l("Choose a sign-in name.")),
                                                               check_handle],
                             description=_l("Only for signing in: nobody else ever sees it, not even other members. "
                                            "Choose one that is not your pseudonym or your real name."),
                             render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})


class ConfirmCodeForm(Form):
    code = StringField(_l("Code from your authenticator app"),
                       validators=[InputRequired(_l("Type the six digits from your app."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"})


class PasswordAndCodeForm(Form):
    password = PasswordField(_l("Your password"), validators=[InputRequired(_l("Type your password."))],
                             render_kw={"autocomplete": "current-password"})
    code = StringField(_l("Code from your authenticator app"), validators=[Optional()],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"})


class DeleteAccountForm(PasswordAndCodeForm):
    posts = RadioField(_l("Your forum posts"), choices=choices([("delete", _l("Delete them")),
                                                                ("keep", _l("Keep them, shown as “former member”"))]),
                       validators=[InputRequired(_l("Choose what happens to your posts."))])
    confirm = BooleanField(_l("I understand that this cannot be undone"),
                           validators=[DataRequired(_l("Tick this to confirm."))])
