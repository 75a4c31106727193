from flask import Blueprint

bp = Blueprint("auth", __name__)

from portal.auth import notices, routes, sanctions  # noqa: E402,F401
