from flask import Blueprint

bp = Blueprint("checkins", __name__, url_prefix="/check-in")

from portal.checkins import notices, routes  # noqa: E402,F401
