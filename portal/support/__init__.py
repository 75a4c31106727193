from flask import Blueprint

bp = Blueprint("support", __name__, url_prefix="/support")

from portal.support import notices, routes  # noqa: E402,F401
from portal.support.models import CATEGORIES, STATE_NAMES  # noqa: E402

bp.add_app_template_filter(lambda category: CATEGORIES.get(category, category), "support_category")
bp.add_app_template_filter(lambda state: STATE_NAMES.get(state, state), "support_state")
