"""Members: who is here, in which role, speaking which languages; their profiles."""

from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")

from portal.members import routes  # noqa: E402,F401
