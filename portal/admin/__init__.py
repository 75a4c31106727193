from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from portal.admin import category_routes, desk_routes, help_routes, routes  # noqa: E402,F401
