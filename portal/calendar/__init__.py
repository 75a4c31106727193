from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

from portal.calendar import notices, organising, routes  # noqa: E402,F401
