from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from portal.admin import category_routes, desk_routes, help_routes, mail_routes, routes, text_routes  # noqa: E402,F401
