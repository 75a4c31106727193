from flask import Blueprint

bp = Blueprint("introductions", __name__, url_prefix="/introductions")

from portal.introductions import notices, routes  # noqa: E402,F401
from portal.introductions.forms import CONTACT_NAMES, SUPPORT_NAMES  # noqa: E402

bp.add_app_template_global(CONTACT_NAMES, "contact_names")
bp.add_app_template_filter(lambda kind: SUPPORT_NAMES.get(kind, kind), "support_name")
