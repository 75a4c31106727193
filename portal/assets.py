"""Static files under versioned URLs, so browsers may keep them for a year and still never see a stale one."""

import hashlib
from functools import cache
from pathlib import Path

from flask import current_app, url_for

ONE_YEAR = 365 * 24 * 3600


@cache
def _version(static_folder, filename, modified):
    return hashlib.sha256((Path(static_folder) / filename).read_bytes()).hexdigest()[:12]


def static_url(filename):
    """The URL of a static file with its content hash: a new file gets a new URL."""
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_version(current_app.static_folder, filename, path.stat().st_mtime))


def init_app(app):
    app.config.setdefault("SEND_FILE_MAX_AGE_DEFAULT", ONE_YEAR)
    app.jinja_env.globals["static_url"] = static_url
