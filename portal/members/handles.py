"""Pseudonyms: how they are normalised, compared and checked."""

import unicodedata

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 3
MAX_LENGTH = 30


def normalise(handle):
    """NFKC, trimmed: the form a pseudonym is stored and shown in."""
    return unicodedata.normalize("NFKC", handle or "").strip()


def handle_key(handle):
    """The comparison key: two pseudonyms that differ only in case are the same person."""
    return normalise(handle).casefold()


def _allowed(char):
    # letters of any script (with their combining marks), digits, "_" and "-"
    return char in "_-" or unicodedata.category(char)[0] in ("L", "M", "N")


def problem(handle):
    """Why a pseudonym cannot be used (a translated message), or None."""
    handle = normalise(handle)
    if not MIN_LENGTH <= len(handle) <= MAX_LENGTH:
        return _l("A pseudonym has 3 to 30 characters.")
    if not all(_allowed(char) for char in handle):
        return _l("Use only letters, digits, _ and - in a pseudonym.")
    if unicodedata.category(handle[0])[0] == "M":
        return _l("A pseudonym starts with a letter or digit.")
    return None
