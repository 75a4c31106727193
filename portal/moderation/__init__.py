from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

from portal.moderation import desk, introductions, members, posts, routes, support_desk  # noqa: E402,F401
