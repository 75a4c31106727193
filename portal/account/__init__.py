from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from portal.account import data_routes, notices, routes, security_routes, vouch_routes  # noqa: E402,F401
