"""Static files under versioned URLs, so browsers may keep them for a year and still never see a stale one."""

import hashlib
from functools import cache
from pathlib import Path

from flask import current_app, request, url_for

ONE_YEAR = 365 * 24 * 3600


@cache
def _version(static_folder, filename, modified):
    return hashlib.sha256((Path(static_folder) / filename).read_bytes()).hexdigest()[:12]


def static_url(filename):
    """The URL of a static file with its content hash: a new file gets a new URL."""
    app = current_app._get_current_object()
    key = (request.script_root, filename)
    known = app.extensions["static_urls"]
    if key in known:
        return known[key]
    path = Path(app.static_folder) / filename
    url = url_for("static", filename=filename, v=_version(app.static_folder, filename, path.stat().st_mtime))
    if not app.debug:
        # files change only with a new release, which starts new workers: one look per file and worker
        known[key] = url
    return url


def init_app(app):
    app.config.setdefault("SEND_FILE_MAX_AGE_DEFAULT", ONE_YEAR)
    app.extensions["static_urls"] = {}
    app.jinja_env.globals["static_url"] = static_url
