"""Becoming and staying a member: applying, signing in, recovering, the first admin."""

import datetime

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from portal import audit, policy
from portal.auth import devices, intake, passwords, tokens
from portal.auth.models import Application, Invite, ResetToken, SetupToken, Vouch
from portal.db import transaction, utcnow
from portal.members import handles, pseudonyms
from portal.members.models import Member, RecoveryCode
from portal.notifications import alerts, notify


class Refused(Exception):
    """A request that cannot be done, with the form field to blame and a translated message."""

    def __init__(self, field, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def find_member(login_name):
    """The member who signs in with this private name (never looked up by pseudonym)."""
    return Member.get_or_none(Member.login_key == handles.login_key(login_name))


def login_name_taken(login_name):
    return find_member(login_name) is not None


def usable_invite(code):
    """The open invite for a code, or Refused saying plainly why not."""
    invite = Invite.get_or_none(Invite.code_hash == tokens.digest((code or "").strip()))
    if invite is None:
        raise Refused("invite", _l("We do not know this invite code. Check it, or leave the field empty."))
    if invite.state == "used":
        raise Refused("invite", _l("This invite code has already been used."))
    if invite.state == "expired":
        raise Refused("invite", _l("This invite code has expired. Ask for a new one, or leave the field empty."))
    return invite


def spend_invite(invite, member):
    """Mark an invite used by member, or Refused if another application spent it first."""
    # one conditional UPDATE: of ten applications sent with one code at once, only one changes
    # the row; the others wait for its lock, then see it used (and their transaction rolls back)
    # a partner organisation's batch counts its codes used, never by whom
    spent = (Invite.update(used_by=None if invite.batch_id else member, used_at=utcnow())
             .where(Invite.id == invite.id, Invite.used_at.is_null(), Invite.expires_at > utcnow())
             .execute())
    if not spent:
        raise Refused("invite", _l("This invite code has already been used."))


def _create_member(login_name, password, role, handle=None, **profile):
    """A new account; without a pseudonym yet unless one is given (the first admin's)."""
    if handle is None:
        placeholder = pseudonyms.placeholder()
        chosen = {"handle": placeholder, "handle_key": placeholder, "handle_chosen": False}
    else:
        chosen = pseudonyms.pseudonym_fields(handle)
    try:
        with transaction():
            return Member.create(login_name=handles.normalise(login_name), login_key=handles.login_key(login_name),
                                 password_hash=passwords.hash_password(password), role=role, **chosen, **profile)
    except IntegrityError:
        raise Refused("login_name", _l("This sign-in name is taken. Choose another.")) from None


def issue_recovery_codes(member):
    """Replace a member's recovery codes with ten new ones; returns them (shown once)."""
    codes = [tokens.new_recovery_code() for _ in range(tokens.RECOVERY_CODE_COUNT)]
    with transaction():
        RecoveryCode.delete().where(RecoveryCode.member == member).execute()
        RecoveryCode.insert_many([{"member": member.id, "code_hash": tokens.digest(code)}
                                  for code in codes]).execute()
    return codes


def apply(login_name, password, *, languages, region=None, invite_code="", email=None, locale=None,
          answers=(), vouch_handle="", vouch_note=""):
    """Create an applicant (or a member, with a pre-approved invite); returns (member, codes).

    The applicant gives only a private sign-in name: the pseudonym others see is chosen after approval.
    answers: (question, text) pairs of the intake questions; vouch_handle: a member who can vouch, and
    vouch_note: the applicant's words to them, kept whether or not that member exists.
    """
    with transaction():
        invite = usable_invite(invite_code) if invite_code else None
        approved = bool(invite and invite.pre_approved)
        member = _create_member(login_name, password, "member" if approved else "applicant",
                                languages=languages, region=region,
                                email=email or None, locale=locale)
        # a partner organisation's batch sees how many codes were used, never by whom: no link is kept
        named = not approved and bool((vouch_handle or "").strip())
        application = Application.create(member=member, invite=None if invite and invite.batch_id else invite,
                                          status="approved" if approved else "pending",
                                          vouch_note=vouch_note.strip() if named else "")
        if invite:
            spend_invite(invite, member)
        if not approved:
            intake.save_answers(application, answers)
            ask_voucher(application, member, vouch_handle)
            alerts.raise_alert("application", "application", application.id)
        if approved:
            application.decided_by, application.decided_at = invite.created_by, utcnow()
            application.save()
            audit.record(invite.created_by, "application.approved", member=member,
                         note="pre-approved invite")
        codes = issue_recovery_codes(member)
    return member, codes


def ask_voucher(application, applicant, handle):
    """Ask the named member to vouch; a name that fits nobody (or nobody who can vouch) is dropped silently,
    so the apply form answers the same whether a pseudonym exists or not."""
    voucher = None
    if (handle or "").strip():
        # by the pseudonym members know each other by, never by the private sign-in name
        voucher = Member.get_or_none((Member.handle_key == handles.handle_key(handle)) & Member.handle_chosen)
    if (voucher is None or voucher.id == applicant.id or voucher.banned_at
            or not voucher.has_role("member") or voucher.is_suspended):
        return None
    vouch = Vouch.create(application=application, voucher=voucher)
    notify.send(voucher.id, "vouch_asked", target_type="vouch", target_id=vouch.id)
    return vouch


def answer_vouch(vouch, member, confirm):
    """The member confirms they know the applicant, or says they do not; once."""
    with transaction():
        return (Vouch.update(state="confirmed" if confirm else "declined", answered_at=utcnow())
                .where(Vouch.id == vouch.id, Vouch.voucher == member.id, Vouch.state == "asked").execute())


def authenticate(login_name, password):
    """The member with this sign-in name and password, or None; as slow either way."""
    member = find_member(login_name)
    if member is None:
        passwords.waste_time_like_a_check(password)
        return None
    if not passwords.check_password(member.password_hash, password):
        return None
    # a banned member gets the same answer as a wrong password
    return None if member.banned_at else member


def change_password(member, new_password):
    """Set a new password and end every session of this member."""
    with transaction():
        member.password_hash = passwords.hash_password(new_password)
        member.save()
        end_other_sessions(member)


def recover(login_name, code, new_password):
    """Spend a recovery code to set a new password; returns the member, or None."""
    member = find_member(login_name)
    with transaction():
        # the same statement for an unknown name: the answer takes as long either way
        spent = (RecoveryCode.update(used_at=utcnow())
                 .where(RecoveryCode.member == (member.id if member else 0),
                        RecoveryCode.code_hash == tokens.digest(tokens.normalise_recovery_code(code)),
                        RecoveryCode.used_at.is_null())
                 .execute())
        if not spent or member is None:
            return None
        change_password(member, new_password)
        # if it was not them, they learn it at their next sign-in; the staff hear of it for staff accounts
        notify.send(member.id, "account_recovered", target_type="account", target_id=member.id)
        if policy.has_staff_role(member):
            audit.record(member, "account.recovered", member=member)
    return member


def sign_in_without_authenticator(member):
    """After a recovery code replaced the password, someone who lost their authenticator app too signs
    in without it: two-factor sign-in is removed, so staff keep only a member's powers until it is set
    up again; the staff and the member are told."""
    with transaction():
        member.totp_secret, member.totp_last_step = None, 0
        member.save()
        audit.record(member, "account.two_factor_lost", member=member)
        notify.send(member.id, "two_factor_lost", target_type="account", target_id=member.id)
    return member


def change_login_name(member, login_name):
    """Give member a new private sign-in name, or Refused if someone already signs in with it."""
    before = member.login_name, member.login_key
    try:
        with transaction():
            member.login_name, member.login_key = handles.normalise(login_name), handles.login_key(login_name)
            member.save()
    except IntegrityError:
        member.login_name, member.login_key = before
        raise Refused("login_name", _l("This sign-in name is taken. Choose another.")) from None


def unused_recovery_codes(member):
    return member.recovery_codes.where(RecoveryCode.used_at.is_null()).count()


def admin_exists():
    return Member.select().where(Member.role == "admin").exists()


def new_setup_token(hours):
    """A fresh one-time setup link token; earlier unused ones stop working."""
    token = tokens.new_token()
    with transaction():
        SetupToken.delete().where(SetupToken.used_at.is_null()).execute()
        SetupToken.create(token_hash=tokens.digest(token),
                          expires_at=utcnow() + datetime.timedelta(hours=hours))
    return token


def setup_token_valid(token):
    return (not admin_exists()) and SetupToken.select().where(
        SetupToken.token_hash == tokens.digest(token or ""),
        SetupToken.used_at.is_null(),
        SetupToken.expires_at > utcnow()).exists()


def create_first_admin(token, login_name, handle, password, *, languages=(), locale=None):
    """Spend the setup token on the first admin account; returns (admin, codes) or None."""
    with transaction():
        spent = (SetupToken.update(used_at=utcnow())
                 .where(SetupToken.token_hash == tokens.digest(token or ""),
                        SetupToken.used_at.is_null(),
                        SetupToken.expires_at > utcnow())
                 .execute())
        if not spent or admin_exists():
            return None
        admin = _create_member(login_name, password, "admin", handle=handle,
                               languages=languages, locale=locale)
        Application.create(member=admin, status="approved", decided_by=admin, decided_at=utcnow())
        audit.record(admin, "setup.first_admin", member=admin)
        codes = issue_recovery_codes(admin)
    return admin, codes


def new_reset_link_token(member, moderator, hours=24):
    """A one-time reset link for a member who lost everything; returns the token (shown once)."""
    token = tokens.new_token()
    with transaction():
        ResetToken.update(used_at=utcnow()).where(ResetToken.member == member, ResetToken.used_at.is_null()).execute()
        ResetToken.create(member=member, token_hash=tokens.digest(token), created_by=moderator,
                          expires_at=utcnow() + datetime.timedelta(hours=hours))
        audit.record(moderator, "member.reset_link", member=member)
    return token


def reset_token_member(token):
    """The member a still-valid reset token belongs to, or None."""
    found = (ResetToken.select().where(ResetToken.token_hash == tokens.digest(token or ""),
                                       ResetToken.used_at.is_null(), ResetToken.expires_at > utcnow()).first())
    return Member.get_or_none(Member.id == found.member_id) if found else None


def reset_with_token(token, new_password):
    """Spend the token: new password, no two-factor, new recovery codes; returns (member, codes) or None."""
    with transaction():
        member = reset_token_member(token)
        spent = (ResetToken.update(used_at=utcnow())
                 .where(ResetToken.token_hash == tokens.digest(token or ""), ResetToken.used_at.is_null())
                 .execute())
        if member is None or not spent:
            return None
        member.totp_secret, member.totp_last_step = None, 0
        member.save()
        change_password(member, new_password)
        codes = issue_recovery_codes(member)
    return member, codes


def end_other_sessions(member):
    """Sign out everywhere: the device records go, on every app server at once (the caller signs itself in anew)."""
    with transaction():
        # a sign-in waiting for its two-factor code (portal/auth/routes.py) stops too
        member.session_version += 1
        member.save()
        devices.end_for_member(member)
