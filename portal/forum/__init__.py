from flask import Blueprint

bp = Blueprint("forum", __name__, url_prefix="/forum")

from portal.forum import notices, post_routes, routes  # noqa: E402,F401
