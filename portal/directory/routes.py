"""The public help directory."""

from flask import request
from flask_babel import get_locale

from portal.config import SPOKEN_LANGUAGES
from portal.directory import bp, listing
from portal.directory.models import KINDS
from portal.inputs import query_id
from portal.members.models import Region
from portal.rendering import render


@bp.get("/help")
def index():
    """Organisations to turn to, filtered by kind, region and language, with the emergency numbers."""
    kind = request.args.get("kind", "")
    kind = kind if kind in KINDS else ""
    language = request.args.get("language", "")
    language = language if language in SPOKEN_LANGUAGES else ""
    region_id = query_id("region")
    found = listing.entries(str(get_locale()), kind, region_id, language)
    return render("directory/index.html", "directory/_entries.html", entries=found, kind=kind, language=language,
                  region_id=region_id, kinds=listing.KIND_NAMES, regions=list(Region.ordered()),
                  languages=SPOKEN_LANGUAGES)
