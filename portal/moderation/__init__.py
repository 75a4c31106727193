from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

from portal.moderation import introduction_routes, member_routes, notices, post_routes, routes  # noqa: E402,F401
