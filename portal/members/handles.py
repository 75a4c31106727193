"""Pseudonyms and sign-in names: how they are normalised, compared and checked."""

import unicodedata

from flask_babel import lazy_gettext as _l

from portal.members.confusables import IGNORABLE, skeleton

MIN_LENGTH = 3
MAX_LENGTH = 30
# canonical combining class 1: marks drawn through a letter (U+0335, U+0336, U+20D2 ...)
OVERLAY = 1


def normalise(handle):
    """NFKC, trimmed: the form a pseudonym (or sign-in name) is stored and shown in."""
    return unicodedata.normalize("NFKC", handle or "").strip()


def handle_key(handle):
    """The comparison key: two pseudonyms that differ only in case are the same person."""
    return normalise(handle).casefold()


# sign-in names are compared the same way as pseudonyms
login_key = handle_key


def look_alike_key(handle):
    """Equal for two pseudonyms that read the same on screen (UTS #39 skeleton, case folded)."""
    # skeleton before and after folding: "DЕMO" (Cyrillic Е) folds to "demo" only once its Е is an E
    return skeleton(skeleton(normalise(handle)).casefold())


def _allowed(char):
    # letters of any script (with their combining marks), digits, "_" and "-"
    return char in "_-" or unicodedata.category(char)[0] in ("L", "M", "N")


def problem(handle):
    """Why a pseudonym or sign-in name cannot be used (a translated message), or None."""
    handle = normalise(handle)
    if not MIN_LENGTH <= len(handle) <= MAX_LENGTH:
        return _l("Use 3 to 30 characters.")
    # before the character check: U+034F and U+3164 count as a mark and a letter
    if IGNORABLE.search(handle) or any(unicodedata.category(char) == "Cf" for char in handle):
        return _l("This contains a character that cannot be seen. Use only letters, digits, _ and -.")
    if any(unicodedata.combining(char) == OVERLAY for char in unicodedata.normalize("NFD", handle)):
        return _l("Letters with a line drawn through them cannot be used. Use ordinary letters.")
    if not all(_allowed(char) for char in handle):
        return _l("Use only letters, digits, _ and -.")
    if unicodedata.category(handle[0])[0] == "M":
        return _l("Start with a letter or a digit.")
    return None
