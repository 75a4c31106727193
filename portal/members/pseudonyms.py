"""Choosing the pseudonym other members see, inside the member area, after approval."""

import secrets

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from portal.db import database, is_sqlite, transaction
from portal.members import handles
from portal.members.models import Member


class PseudonymRefused(Exception):
    """A pseudonym that cannot be had, with the translated reason."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def placeholder():
    """What stands in the pseudonym's place until the member chooses one: "#" never passes the rules."""
    return "#" + secrets.token_hex(6)


def clash(handle, member=None):
    """Why another member's pseudonym stands in the way (a translated message), or None; one query."""
    query = Member.select(Member.handle_key).where(Member.handle_skeleton == handles.look_alike_key(handle))
    if member is not None:
        query = query.where(Member.id != member.id)
    found = query.first()
    if found is None:
        return None
    if found.handle_key == handles.handle_key(handle):
        return _l("This pseudonym is taken. Choose another.")
    return _l("This pseudonym looks too much like one that is already used. Choose another.")


def pseudonym_fields(handle):
    """The columns that hold a chosen pseudonym."""
    return {"handle": handles.normalise(handle), "handle_key": handles.handle_key(handle),
            "handle_skeleton": handles.look_alike_key(handle), "handle_chosen": True}


def choose(member, handle):
    """Give member the pseudonym others will see, or raise PseudonymRefused saying why not."""
    message = handles.problem(handle)
    if message:
        raise PseudonymRefused(message)
    try:
        with transaction():
            if not is_sqlite():
                # two look-alikes chosen at once: the skeleton column is not unique (older members may
                # share one), so the check and the write are serialised per skeleton instead
                database.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (handles.look_alike_key(handle),))
            message = clash(handle, member)
            if message:
                raise PseudonymRefused(message)
            for name, value in pseudonym_fields(handle).items():
                setattr(member, name, value)
            member.save()
    except IntegrityError:
        raise PseudonymRefused(_l("This pseudonym is taken. Choose another.")) from None
    return member
