"""Signed-in devices: the server-side record behind every session cookie.

The session cookie carries a random id; the database keeps only its SHA-256. A request is
signed in only while that row exists, so deleting it (sign-out, quick exit, password change,
"sign out everywhere", ban, deletion) ends the session on every app server at once, and a
copied cookie opens nothing afterwards.
"""

import datetime

from flask import current_app
from ua_parser import parse as parse_user_agent

from portal.auth import tokens
from portal.auth.models import DeviceSession
from portal.db import Prepared, transaction, utcnow
from portal.members.models import Member

# write last_used_at at most this often: not a database write on every page
TOUCH_EVERY = datetime.timedelta(minutes=5)
FAMILY_LENGTH = 40


def describe(user_agent):
    """(browser family, system family) from a User-Agent string; empty when unknown."""
    found = parse_user_agent((user_agent or "")[:512])
    browser = found.user_agent.family if found.user_agent else ""
    system = found.os.family if found.os else ""
    return (browser if browser != "Other" else "")[:FAMILY_LENGTH], (system if system != "Other" else "")[:FAMILY_LENGTH]


def start(member, *, remember=False, user_agent=""):
    """Record a newly signed-in device; returns the random id for the session cookie (never stored)."""
    secret = tokens.new_token()
    browser, system = describe(user_agent)
    with transaction():
        DeviceSession.create(member=member, token_hash=tokens.digest(secret), browser=browser, system=system,
                             remember=bool(remember))
    return secret


# every signed-in request runs it: its SQL is built once (portal.db.Prepared)
_device_and_member = Prepared(lambda token_hash: (
    DeviceSession.select(DeviceSession, Member).join(Member, on=(DeviceSession.member == Member.id))
    .where(DeviceSession.token_hash == token_hash, Member.banned_at.is_null())))


def member_for(secret):
    """The member a session cookie's id belongs to, with .device set; None once it was signed out."""
    if not secret or not isinstance(secret, str):
        return None
    found = _device_and_member.get_or_none(tokens.digest(secret))
    if found is None:
        return None
    member = found.member
    member.device, member.device_secret = found, secret
    return member


def lifetime(device):
    """How long a device stays signed in without being used."""
    if device.remember:
        return datetime.timedelta(days=current_app.config["REMEMBER_DAYS"])
    return datetime.timedelta(hours=current_app.config["IDLE_HOURS"])


def expired(device, now=None):
    return (now or utcnow()) - device.last_used_at > lifetime(device)


def touch(device, now=None):
    """Note that the device was used, at most once every few minutes."""
    now = now or utcnow()
    if now - device.last_used_at < TOUCH_EVERY:
        return
    with transaction():
        DeviceSession.update(last_used_at=now).where(DeviceSession.id == device.id).execute()
    device.last_used_at = now


def end(device):
    """Sign out one device."""
    with transaction():
        DeviceSession.delete().where(DeviceSession.id == device.id).execute()


def end_for_member(member):
    """Sign out every device of a member; returns how many."""
    with transaction():
        return DeviceSession.delete().where(DeviceSession.member == member).execute()


def of_member(member):
    """A member's signed-in devices, the most recently used first."""
    return (DeviceSession.select().where(DeviceSession.member == member)
            .order_by(DeviceSession.last_used_at.desc(), DeviceSession.id.desc()))


def end_idle(now=None):
    """Delete the records of devices nobody came back to (for the daily purge); returns how many."""
    now = now or utcnow()
    with transaction():
        short = (DeviceSession.delete().where(
            DeviceSession.remember == False,  # noqa: E712 (a SQL comparison)
            DeviceSession.last_used_at < now - datetime.timedelta(hours=current_app.config["IDLE_HOURS"]))
            .execute())
        kept = (DeviceSession.delete().where(
            DeviceSession.remember == True,  # noqa: E712
            DeviceSession.last_used_at < now - datetime.timedelta(days=current_app.config["REMEMBER_DAYS"]))
            .execute())
    return short + kept
