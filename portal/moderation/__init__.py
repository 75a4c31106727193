from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

from portal.moderation import introductions, members, posts, routes  # noqa: E402,F401
