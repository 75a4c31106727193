"""What comes in from the outside world before any feature sees it: ids, query strings, bodies.

Every id in a URL goes through one converter, every number in a query string through one
helper, so a value no database column can hold is a 404 or "not given", never a crash.
"""

import re

from flask import abort, request
from werkzeug.routing import IntegerConverter, ValidationError

# the largest id a 64-bit column holds; SQLite raises OverflowError for anything above it
MAX_ID = 2**63 - 1

# C0 controls and DEL, except tab, newline and carriage return; PostgreSQL refuses NUL outright
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# how much of a too-large body is read and thrown away, so the client can read the 413 page
DRAIN_LIMIT = 64 * 1024 * 1024


class IdConverter(IntegerConverter):
    """<int:...> for ids: digits only, and a 404 for a number no column can hold."""

    def to_python(self, value):
        number = super().to_python(value)
        if number > MAX_ID:
            raise ValidationError()
        return number


def valid_id(value):
    """value as an id (1 to MAX_ID), or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def query_id(name):
    """An id from the query string (?region=3), or None when missing, odd or out of range."""
    return valid_id(request.args.get(name))


def coerce_id(value):
    """A select field's coerce= for ids: out of range is an invalid choice, not a crash."""
    number = int(value)
    if not 0 <= number <= MAX_ID:
        raise ValueError(value)
    return number


def has_control_characters(text):
    return isinstance(text, str) and CONTROL_CHARACTERS.search(text) is not None


def _refuse_control_characters_in_url():
    # no page has such an address; PostgreSQL would refuse a NUL in any query built from it
    if has_control_characters(request.path) or any(
            has_control_characters(key) or has_control_characters(value)
            for key, value in request.args.items(multi=True)):
        abort(404)


def drain_body():
    """Read and discard what is left of the request body (up to a bound).

    A server that answers while the client is still sending, and then closes, resets the
    connection: the client sees an error instead of the page that says what went wrong.
    """
    stream = request.environ.get("wsgi.input")
    if stream is None:
        return
    left = min(request.content_length or DRAIN_LIMIT, DRAIN_LIMIT)
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            break
        left -= len(chunk)


def init_app(app):
    """Register the id converter (before any blueprint adds its routes) and the URL check."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_control_characters_in_url)
