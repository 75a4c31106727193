from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

from portal.calendar import organising, routes  # noqa: E402,F401
