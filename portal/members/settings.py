"""A member's own choices (language, time zone, e-mail, profile, calendar feed), saved in one place."""

from portal.db import transaction


def save(member, **choices):
    """Save the named columns of a member's own settings in one transaction; only those columns change."""
    with transaction():
        for name, value in choices.items():
            setattr(member, name, value)
        # Member saves only changed columns: a ban or role change made meanwhile survives
        member.save()
    return member
