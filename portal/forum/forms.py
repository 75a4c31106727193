"""Forms for writing in the forum and for flagging."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.forms import Form, choices, strip_whitespace

TITLE = (3, 120)
BODY = (1, 20_000)

FLAG_REASON_NAMES = {
    "outing": _l("Outing risk or personal information"),
    "harassment": _l("Harassment or hate"),
    "politics": _l("Politics or religion (house rule)"),
    "spam": _l("Spam"),
    "other": _l("Something else"),
}


def body_field(label):
    return TextAreaField(label, filters=[strip_whitespace], validators=[
        DataRequired(_l("Write something first.")),
        Length(*BODY, message=_l("A post has at most 20,000 characters."))],
        description=_l("You can use Markdown: *italic*, **bold**, > quote, - list, [link](https://…)."),
        render_kw={"rows": 8})


class ThreadForm(Form):
    category = SelectField(_l("Category"), validate_choice=False)
    title = StringField(_l("Title"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Give your thread a title.")),
        Length(*TITLE, message=_l("A title has 3 to 120 characters."))],
        render_kw={"maxlength": TITLE[1]})
    body = body_field(_l("Your message"))


class ReplyForm(Form):
    body = body_field(_l("Your reply"))


class EditForm(Form):
    body = body_field(_l("Text"))
    note = StringField(_l("Note about this edit (shown to staff)"), validators=[Optional(), Length(max=300)])


class FlagForm(Form):
    reason = RadioField(_l("What is wrong with this post?"), choices=choices(FLAG_REASON_NAMES.items()),
                        validators=[InputRequired(_l("Choose a reason."))])
    note = TextAreaField(_l("Anything the moderators should know? (optional)"),
                         validators=[Optional(), Length(max=500)], render_kw={"rows": 2})
