from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

from portal.moderation import (  # noqa: E402,F401
                               desk_routes,
                               introduction_routes,
                               member_routes,
                               notices,
                               post_routes,
                               routes,
                               support_routes,
)
