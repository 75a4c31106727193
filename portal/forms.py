"""Forms shared by every feature."""

from flask_wtf import FlaskForm
from wtforms import SelectChoice


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons that POST."""


def choices(pairs):
    """(value, label) pairs as the options of a select field."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip_whitespace(value):
    """A field filter: text made only of spaces counts as empty."""
    return value.strip() if isinstance(value, str) else value
