"""Forms shared by every feature, and the base class every form of the site is built on."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField
from wtforms.validators import StopValidation

from portal.inputs import coerce_id, has_control_characters

__all__ = ["Form", "EmptyForm", "choices", "strip_whitespace", "coerce_id"]

CONTROL_CHARACTERS_MESSAGE = _l("This text contains invisible control characters. Remove them and try again.")


def _missing_as_empty(value):
    # a form sent without one of its text fields (not by a browser) means "left empty", not NULL
    return "" if value is None else value


def refuse_control_characters(form, field):
    """A validator on every field: NUL and other control characters are refused, with a message."""
    # what was sent, not only what the field made of it: a checkbox reads "\x00" as "on"
    values = [*(field.raw_data or ()), *(field.data if isinstance(field.data, (list, tuple)) else [field.data])]
    if any(has_control_characters(value) for value in values):
        # Stop: no later check of this field (a pseudonym lookup, say) may take the text to the database
        raise StopValidation(CONTROL_CHARACTERS_MESSAGE)


class Form(FlaskForm):
    """Every form of the site: missing text fields read as empty, control characters are refused."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField):
                field.filters = (_missing_as_empty, *field.filters)
            # first, so the one clear message comes before any other the text would get
            field.validators = [refuse_control_characters, *field.validators]
            return field


class EmptyForm(Form):
    """Only the CSRF token: for buttons that POST."""


def choices(pairs):
    """(value, label) pairs as the options of a select field."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip_whitespace(value):
    """A field filter: text made only of spaces counts as empty."""
    return value.strip() if isinstance(value, str) else value
