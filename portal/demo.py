"""Realistic (and clearly fictional) demo content, for trying the portal out."""

from portal.auth import membership, passwords, two_factor
from portal.auth.models import Application
from portal.calendar import demo as calendar_demo
from portal.db import transaction, utcnow
from portal.directory import demo as directory_demo
from portal.forum import demo as forum_demo
from portal.introductions import demo as introductions_demo
from portal.members import pseudonyms
from portal.members.models import Member, Region
from portal.moderation import vetting
from portal.support import demo as support_demo

REGIONS = ["Groningen", "Friesland", "Drenthe", "Amsterdam", "Utrecht", "Rotterdam", "Den Haag",
           "Eindhoven", "Antwerpen", "Gent", "Brussel"]

# (pseudonym and sign-in name, role, languages, region, buddy)
ACCOUNTS = [
    ("demo-admin", "admin", ["en", "nl"], "Groningen", False),
    ("demo-moderator", "moderator", ["en", "nl", "ar"], "Groningen", False),
    ("demo-organiser", "organiser", ["en", "fa"], "Drenthe", False),
    ("demo-member", "member", ["ar", "en"], "Groningen", False),
    ("demo-buddy", "member", ["nl", "en", "fr"], "Friesland", True),
    ("demo-applicant", "applicant", ["ru", "en"], "Amsterdam", False),
    ("demo-newcomer", "member", ["ar"], "Groningen", False),
]

# sign-in names of applicants: they choose their pseudonym once approved
PENDING = [
    ("SunnyRiver", ["ar", "fr"], "Groningen"),
    ("Лиса_88", ["ru", "uk"], "Utrecht"),
    ("Kıyı-yolcu", ["tr", "en"], "Antwerpen"),
    ("نسیم", ["fa"], "Drenthe"),
]


def _regions():
    with transaction():
        for position, name in enumerate(REGIONS, start=1):
            Region.get_or_create(name=name, defaults={"position": position})
    return {region.name: region for region in Region.select()}


def _ensure(handle, role, languages, region, password):
    """Create the account if missing; an existing demo account gets the new password and role."""
    member = membership.find_member(handle)
    if member is None:
        member, _codes = membership.apply(handle, password, languages=languages, region=region)
    with transaction():
        # demo accounts sign in with their pseudonym, so a visitor trying the demo knows what to type;
        # real members' sign-in names are private and chosen apart from their pseudonym
        for name, value in pseudonyms.pseudonym_fields(handle).items():
            setattr(member, name, value)
        member.profile_hidden = False
        member.password_hash = passwords.hash_password(password)
        if role != "applicant":
            member.role = role
            Application.update(status="approved", decided_at=utcnow()).where(
                Application.member == member).execute()
        member.save()
    return member


def populate(password):
    """Add regions, demo accounts, pending applications and an invite; returns [(handle, role)]."""
    regions = _regions()
    accounts = []
    for handle, role, languages, region, buddy in ACCOUNTS:
        member = _ensure(handle, role, languages, regions[region], password)
        if buddy and not member.is_buddy:
            with transaction():
                member.is_buddy = True
                member.save()
        accounts.append((handle, role + (" (buddy)" if buddy else "")))
    for handle, languages, region in PENDING:
        if membership.find_member(handle) is None:
            membership.apply(handle, password, languages=languages, region=regions[region])
        accounts.append((handle, "applicant"))
    admin = Member.get(Member.handle == "demo-admin")
    vetting.create_invite(admin, days=14, note="demo: partner organisation")
    members = {handle: membership.find_member(handle) for handle, *_rest in ACCOUNTS}
    forum_demo.populate(members)
    calendar_demo.populate(members, regions)
    introductions_demo.populate(members)
    directory_demo.populate(regions)
    support_demo.populate(members)
    return accounts


def set_up_two_factor(handles_):
    """Two-factor sign-in for the demo staff accounts; returns {handle: secret} to print."""
    secrets = {}
    for handle in handles_:
        member = membership.find_member(handle)
        if not member.totp_secret:
            with transaction():
                member.totp_secret = two_factor.new_secret()
                member.save()
        secrets[handle] = member.totp_secret
    return secrets
