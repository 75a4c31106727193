"""Every permission decision, as named predicates that views and templates share."""

from flask import abort, current_app, has_app_context
from flask_login import current_user

# the powers a staff account without two-factor sign-in keeps (while it is required)
WITHOUT_TWO_FACTOR = ("applicant", "member")


def _holds_role(user, role):
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(role)


def staff_two_factor_required():
    """The REQUIRE_STAFF_2FA setting; on outside an app too, the safe side."""
    return current_app.config["REQUIRE_STAFF_2FA"] if has_app_context() else True


def has_staff_role(user, obj=None):
    """A moderator or admin by role, whether or not their staff powers are switched on."""
    return _holds_role(user, "moderator")


def lacks_staff_two_factor(user, obj=None):
    """Staff by role who must set up two-factor sign-in before their staff powers count."""
    return has_staff_role(user) and staff_two_factor_required() and not user.has_two_factor


def _role_at_least(role):
    def predicate(user, obj=None):
        if not _holds_role(user, role):
            return False
        # an approved member has a member's powers once others can know them by a pseudonym
        if role != "applicant" and not user.handle_chosen:
            return False
        # while two-factor is required, a staff account without it has exactly a member's powers:
        # a stolen password alone must never open addresses, attendee lists or hidden posts
        return role in WITHOUT_TWO_FACTOR or not lacks_staff_two_factor(user)
    predicate.__name__ = f"at_least_{role}"
    return predicate


is_signed_in = _role_at_least("applicant")
is_member = _role_at_least("member")
is_moderator = _role_at_least("moderator")
is_admin = _role_at_least("admin")


def can_write(user, obj=None):
    """Members write, unless suspended (read-only) for now."""
    return is_member(user) and not user.is_suspended


def can_start_thread_in(user, category):
    return can_write(user) and (category is None or not category.archived or is_moderator(user))


def can_reply_to(user, thread):
    if not can_write(user) or thread.status == "deleted":
        return False
    open_to_all = not thread.locked and not thread.category.archived
    return open_to_all or is_moderator(user)


def can_edit_post(user, post):
    if is_moderator(user):
        return post.status != "deleted"
    return can_write(user) and post.author_id == user.id and post.status in ("visible", "pending")


def can_delete_own_post(user, post):
    return is_member(user) and post.author_id == user.id and post.status != "deleted"


def can_see_history(user, post):
    return is_moderator(user) or (is_member(user) and post.author_id == user.id)


def can_flag(user, post):
    return can_write(user) and post.author_id != user.id and post.status == "visible"


def can_create_meetup(user, obj=None):
    return _role_at_least("organiser")(user) and not user.is_suspended


def can_manage_meetup(user, meetup):
    """The organiser of a meet-up (while still an organiser), and staff."""
    if is_moderator(user):
        return True
    return can_create_meetup(user) and meetup is not None and meetup.organiser_id == user.id


def can_rsvp(user, meetup):
    return can_write(user) and meetup.cancelled_at is None and not meetup.is_past


def can_see_location(user, meetup):
    """The exact address or link: the organiser and staff; confirmed attendees once it opens; never visitors."""
    if not is_member(user):
        return False
    if can_manage_meetup(user, meetup):
        return True
    return getattr(meetup, "viewer_rsvp", None) == "going" and not meetup.address_held_back


def can_answer_checkin(user, check):
    return is_member(user) and check is not None and check.member_id == user.id


def can_test_mail(user, obj=None):
    return is_admin(user)


def can_see_meetup(user, meetup):
    return is_member(user) or (meetup is not None and meetup.public)


def can_change_role_of(user, member):
    # an admin changes others' roles; demoting oneself by accident would lock one out
    return is_admin(user) and member is not None and member.id != user.id and member.role != "applicant"


def can_sanction(user, member=None):
    """Warn, suspend or ban: staff are not sanctioned by their peers, with or without two-factor
    (that is for an admin's role change)."""
    return is_moderator(user) and member is not None and member.id != user.id and not has_staff_role(member)


def can_set_buddy(user, member=None):
    return is_admin(user) and member is not None and member.role != "applicant"


def can_keep_notes_on(user, member=None):
    return is_moderator(user) and member is not None and member.id != user.id


RULES = {
    "see_application_status": is_signed_in,
    "use_account": is_signed_in,
    "enter_member_area": is_member,
    "read_forum": is_member,
    "start_thread": can_start_thread_in,
    "reply": can_reply_to,
    "edit_post": can_edit_post,
    "delete_own_post": can_delete_own_post,
    "see_post_history": can_see_history,
    "flag_post": can_flag,
    "moderate_posts": is_moderator,
    "sanction_member": can_sanction,
    "manage_categories": is_admin,
    "see_meetup": can_see_meetup,
    "create_meetup": can_create_meetup,
    "manage_meetup": can_manage_meetup,
    "rsvp": can_rsvp,
    "see_location": can_see_location,
    "answer_checkin": can_answer_checkin,
    "test_mail": can_test_mail,
    "moderate_introductions": is_moderator,
    "manage_help": is_moderator,
    "moderate": is_moderator,
    "decide_application": is_moderator,
    "create_invite": is_moderator,
    "find_members": is_moderator,
    "read_audit_log": is_moderator,
    "administer": is_admin,
    "change_role": can_change_role_of,
    "set_buddy": can_set_buddy,
    # someone unsafe where they live must always be able to ask: read-only members too
    "ask_support": is_member,
    "work_support_desk": is_moderator,
    "vouch": is_member,
    "keep_staff_notes": can_keep_notes_on,
    "manage_intake": is_admin,
    "issue_invite_batch": is_admin,
}


def can(user, action, obj=None):
    """Whether user may do action (to obj)."""
    return RULES[action](user, obj)


def require(action, obj=None, user=None):
    """Stop the request with 403 unless the current user may do action."""
    if not can(user if user is not None else current_user, action, obj):
        abort(403)


def init_app(app):
    app.jinja_env.globals["can"] = lambda action, obj=None: can(current_user, action, obj)
    # staff without two-factor still see the way in: the staff gate sends them to set it up
    app.jinja_env.globals["lacks_staff_two_factor"] = lambda: lacks_staff_two_factor(current_user)
