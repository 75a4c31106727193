"""Becoming and staying a member: applying, signing in, recovering, the first admin."""

import datetime

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from portal.auth import intake, passwords, tokens
from portal.auth.models import Application, Invite, ResetToken, SetupToken, Vouch
from portal.db import transaction, utcnow
from portal.members import handles
from portal.members.models import Member, RecoveryCode
from portal.moderation import audit
from portal.notifications import alerts, notify


class Refused(Exception):
    """A request that cannot be done, with the form field to blame and a translated message."""

    def __init__(self, field, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def find_member(handle):
    return Member.get_or_none(Member.handle_key == handles.handle_key(handle))


def handle_taken(handle):
    return find_member(handle) is not None


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


def _create_member(handle, password, role, **profile):
    try:
        return Member.create(handle=handles.normalise(handle), handle_key=handles.handle_key(handle),
                             password_hash=passwords.hash_password(password), role=role, **profile)
    except IntegrityError:
        raise Refused("handle", _l("This pseudonym is taken. Choose another.")) from None


def issue_recovery_codes(member):
    """Replace a member's recovery codes with ten new ones; returns them (shown once)."""
    codes = [tokens.new_recovery_code() for _ in range(tokens.RECOVERY_CODE_COUNT)]
    with transaction():
        RecoveryCode.delete().where(RecoveryCode.member == member).execute()
        RecoveryCode.insert_many([{"member": member.id, "code_hash": tokens.digest(code)}
                                  for code in codes]).execute()
    return codes


def apply(handle, password, *, languages, region=None, invite_code="", email=None, locale=None,
          answers=(), vouch_handle=""):
    """Create an applicant (or a member, with a pre-approved invite); returns (member, codes).

    answers: (question, text) pairs of the intake questions; vouch_handle: a member who can vouch.
    """
    with transaction():
        invite = usable_invite(invite_code) if invite_code else None
        approved = bool(invite and invite.pre_approved)
        member = _create_member(handle, password, "member" if approved else "applicant",
                                languages=Member.pack_languages(languages), region=region,
                                email=email or None, locale=locale)
        # a partner organisation's batch sees how many codes were used, never by whom: no link is kept
        application = Application.create(member=member, invite=None if invite and invite.batch_id else invite,
                                          status="approved" if approved else "pending")
        if invite:
            invite.used_by = None if invite.batch_id else member
            invite.used_at = utcnow()
            invite.save()
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
    voucher = find_member(handle) if (handle or "").strip() else None
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


def authenticate(handle, password):
    """The member with this pseudonym and password, or None; as slow either way."""
    member = find_member(handle)
    if member is None:
        passwords.waste_time_like_a_check(password)
        return None
    if not passwords.check_password(member.password_hash, password):
        return None
    # a banned member gets the same answer as a wrong password
    return None if member.banned_at else member


def change_password(member, new_password):
    """Set a new password and end every other session of this member."""
    with transaction():
        member.password_hash = passwords.hash_password(new_password)
        member.save()
        end_other_sessions(member)


def recover(handle, code, new_password):
    """Spend a recovery code to set a new password; returns the member, or None."""
    member = find_member(handle)
    if member is None:
        return None
    with transaction():
        spent = (RecoveryCode.update(used_at=utcnow())
                 .where(RecoveryCode.member == member,
                        RecoveryCode.code_hash == tokens.digest(tokens.normalise_recovery_code(code)),
                        RecoveryCode.used_at.is_null())
                 .execute())
        if not spent:
            return None
        change_password(member, new_password)
    return member


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


def create_first_admin(token, handle, password, *, languages=(), locale=None):
    """Spend the setup token on the first admin account; returns (admin, codes) or None."""
    with transaction():
        spent = (SetupToken.update(used_at=utcnow())
                 .where(SetupToken.token_hash == tokens.digest(token or ""),
                        SetupToken.used_at.is_null(),
                        SetupToken.expires_at > utcnow())
                 .execute())
        if not spent or admin_exists():
            return None
        admin = _create_member(handle, password, "admin",
                               languages=Member.pack_languages(languages), locale=locale)
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
    """Sign out everywhere: every session of an older version stops working."""
    with transaction():
        member.session_version += 1
        member.save()
