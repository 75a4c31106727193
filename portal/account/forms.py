"""Account settings and password change."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from portal.auth.forms import new_password_fields
from portal.config import LANGUAGES
from portal.formats import language_choices, timezone_choices
from portal.forms import choices


class SettingsForm(FlaskForm):
    locale = SelectField(_l("Language of the site"), choices=choices(language_choices(LANGUAGES)))
    timezone = SelectField(_l("Time zone"), choices=lambda: choices(timezone_choices()),
                           description=_l("Meet-up times are shown in this time zone."))
    email = EmailField(_l("E-mail address (optional)"), validators=[Optional(), Length(max=254), Email(_l("This does not look like an e-mail address."))],
                       description=_l("Only to tell you that there is something new for you, never what. "
                                      "Nobody else sees it. Leave empty for no e-mail."),
                       render_kw={"autocomplete": "email"})
    bio = TextAreaField(_l("About you (optional)"), validators=[Optional(), Length(max=500)],
                        description=_l("Members see this on your profile. Nothing that shows who you are."),
                        render_kw={"rows": 3})
    profile_hidden = BooleanField(_l("Hide my profile from the member list"),
                                  description=_l("Then only moderators (for buddy matching) and people you are "
                                                 "already introduced to can reach you."))
    visible_to_attendees = BooleanField(_l("Show my pseudonym to other people going to the same meet-up"),
                                        description=_l("Off: they only see how many people are going."))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(_l("Type your current password."))],
                                     render_kw={"autocomplete": "current-password"})
    password, password_repeat = new_password_fields()


class ConfirmCodeForm(FlaskForm):
    code = StringField(_l("Code from your authenticator app"),
                       validators=[InputRequired(_l("Type the six digits from your app."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"})


class PasswordAndCodeForm(FlaskForm):
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
