"""Password hashing and the rules a new password must meet."""

from functools import cache
from importlib import resources

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10


@cache
def common_passwords():
    text = resources.files("portal").joinpath("data/common-passwords.txt").read_text()
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip())


def problem(password):
    """Why a new password is too weak (a translated message), or None."""
    if len(password or "") < MIN_LENGTH:
        return _l("Use at least 10 characters.")
    if password.casefold() in common_passwords():
        return _l("This password is one of the most common ones. Choose another.")
    return None


def hash_password(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password(password_hash, password):
    return check_password_hash(password_hash, password)


def waste_time_like_a_check(password):
    """Spend the time of a real check, so an unknown sign-in name does not answer faster or slower."""
    check_password_hash(current_app.extensions["dummy_password_hash"], password or "")


def init_app(app):
    # made at start, not on first use: else the first unknown name after a start costs two hashes
    app.extensions["dummy_password_hash"] = generate_password_hash(
        "not a real password", method=app.config["PASSWORD_HASH_METHOD"])
