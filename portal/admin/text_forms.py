"""The form for a public text: one field per interface language, each may stay empty."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.config import LANGUAGES, RTL_LANGUAGES
from portal.forms import Form


def public_text_form_class(text):
    """A form class for one public text (portal/public/texts.py), a field per language."""
    fields = {}
    for code, language in LANGUAGES.items():
        validators = [Optional(), Length(max=text.max_length, message=_l("At most %(max)d characters.",
                                                                         max=text.max_length))]
        attributes = {"lang": code, "dir": "rtl" if code in RTL_LANGUAGES else "ltr"}
        if text.markdown:
            fields[code] = TextAreaField(language, validators=validators, render_kw={"rows": 4, **attributes})
        else:
            fields[code] = StringField(language, validators=validators, render_kw=attributes)
    return type("PublicTextForm", (Form,), fields)
