"""Member profiles and the member list."""

from flask import abort, request
from flask_login import current_user

from portal import policy
from portal.config import SPOKEN_LANGUAGES
from portal.inputs import query_id
from portal.members import bp, profiles
from portal.members.models import Region
from portal.paging import paginate
from portal.rendering import render


@bp.before_request
def members_only():
    if not policy.is_member(current_user):
        # for visitors and applicants, profiles do not exist
        abort(404)


@bp.get("")
def index():
    """Members who show their profile, filtered by language and region."""
    language = request.args.get("language", "")
    language = language if language in SPOKEN_LANGUAGES else ""
    region_id = query_id("region")
    page = paginate(profiles.directory(language, region_id), request.args.get("page", 1), per_page=50)
    return render("members/index.html", "members/_list.html", page=page, language=language, region_id=region_id,
                  regions=list(Region.ordered()), languages=SPOKEN_LANGUAGES)


@bp.get("/<handle>")
def profile(handle):
    """A member's profile: pseudonym, languages, region, bio, buddy badge."""
    member = profiles.visible_profile(current_user, handle)
    return render("members/profile.html", None, member=member)
