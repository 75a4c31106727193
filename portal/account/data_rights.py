"""A member's data: everything we hold about them, and deleting it for real."""

from peewee import fn
from playhouse.shortcuts import model_to_dict

from portal.audit import AuditEntry
from portal.auth import devices, notes
from portal.auth.intake import IntakeAnswer
from portal.auth.models import Application, DeviceSession, ResetToken, Vouch
from portal.auth.sanctions import MemberWarning
from portal.calendar import attendance
from portal.calendar.models import MeetupMessage, Rsvp
from portal.checkins.models import SafetyCheck
from portal.db import transaction, utcnow
from portal.forum import counters, forgetting, search
from portal.forum.models import Flag, Post, PostRevision, Subscription, Thread
from portal.introductions.models import CONTACT_FIELDS, ConversationMessage, Introduction, MessageReport
from portal.members.models import Block
from portal.notifications import alerts, notify
from portal.notifications.alerts import AlertPreference
from portal.notifications.models import Notification
from portal.support import flow as support
from portal.support.models import SupportMessage, SupportRequest

# never exported: secrets and hashes are no use to the member and a risk in a downloaded file
SECRET_FIELDS = {"password_hash", "handle_key", "handle_skeleton", "login_key", "feed_token_hash", "totp_secret",
                 "totp_last_step", "session_version"}


def _rows(query, exclude=()):
    return [model_to_dict(row, recurse=False, exclude=list(exclude)) for row in query]


def export(member):
    """Everything stored about a member, as plain data for a JSON file."""
    profile = {key: value for key, value in model_to_dict(member, recurse=False).items() if key not in SECRET_FIELDS}
    asked = list(Introduction.select().where(Introduction.requester == member))
    # as on the pages: a request to me exists for me only once a moderator approved it
    received = list(Introduction.select().where(
        Introduction.recipient == member,
        Introduction.state.in_(("approved", "introduced", "ended"))
        | ((Introduction.state == "declined") & (Introduction.declined_by == "recipient"))))
    introductions = asked + received
    return {
        "profile": profile,
        "two_factor_sign_in": member.has_two_factor,
        "applications": _rows(Application.select().where(Application.member == member), exclude=[Application.note]),
        "threads_started": _rows(Thread.select().where(Thread.author == member)),
        "posts": _rows(Post.select().where(Post.author == member, Post.status != "deleted"), exclude=[Post.html]),
        "post_revisions": _rows(PostRevision.select().join(Post).where(Post.author == member)),
        "flags_made": _rows(Flag.select().where(Flag.member == member)),
        "subscriptions": _rows(Subscription.select().where(Subscription.member == member)),
        "rsvps": _rows(Rsvp.select().where(Rsvp.member == member)),
        "introductions": [_introduction(introduction, member) for introduction in introductions],
        "conversation_messages": _rows(ConversationMessage.select().where(
            ConversationMessage.introduction.in_([i.id for i in introductions]))),
        "blocks_made": _rows(Block.select().where(Block.blocker == member)),
        "warnings_received": _rows(MemberWarning.select().where(MemberWarning.member == member),
                                   exclude=[MemberWarning.issued_by]),
        "notifications": _rows(Notification.select().where(Notification.member == member)),
        "signed_in_devices": _rows(devices.of_member(member), exclude=[DeviceSession.token_hash]),
        # only unanswered ones exist: an answer is never stored
        "safety_check_ins_waiting": _rows(SafetyCheck.select().where(SafetyCheck.member == member)),
        "intake_answers": _rows(IntakeAnswer.select().join(Application).where(Application.member == member)),
        # the vouches asked of me; not those I asked for, which would tell an applicant whether a pseudonym exists
        "vouches_asked_of_me": _rows(Vouch.select().where(Vouch.voucher == member)),
        "support_requests": _support_requests(member),
        "alert_preferences": _rows(AlertPreference.select().where(AlertPreference.member == member)),
        # GDPR Art. 15: the member may know that staff keep notes on them; the notes are staff's working papers
        "staff_notes_exist": notes.notes_exist(member),
    }


def _support_requests(member):
    """My requests with their threads; who of the staff helps is not part of it, only what they wrote."""
    requests = _rows(SupportRequest.select().where(SupportRequest.member == member), exclude=[SupportRequest.taken_by])
    messages = _rows(SupportMessage.select().join(SupportRequest).where(SupportRequest.member == member),
                     exclude=[SupportMessage.author])
    for request in requests:
        request["messages"] = [message for message in messages if message["request"] == request["id"]]
    return requests


def _introduction(introduction, member):
    """One introduction as this member may know it: not who said no, not the other side's unshared details."""
    mine = "requester" if introduction.requester_id == member.id else "recipient"
    theirs = "recipient" if mine == "requester" else "requester"
    # the requester's state and end as the pages show them: one open state, and a "no" that does not say whose
    state = introduction.requester_state if mine == "requester" else introduction.state
    row = {"id": introduction.id, "kind": introduction.kind, "state": state,
           "created_at": introduction.created_at, "ended_at": None if state == "open" else introduction.ended_at,
           "requester": introduction.requester_id, "recipient": introduction.recipient_id,
           "first_message": introduction.first_message}
    if mine == "requester" and introduction.kind == "buddy" and introduction.state not in ("introduced", "ended"):
        # as on the page: who was asked to be the buddy (that a moderator chose one) stays unknown till then
        row["recipient"] = None
    sides = [mine, theirs] if introduction.state in ("introduced", "ended") else [mine]
    for side in sides:
        row.update({f"{side}_{name}": getattr(introduction, f"{side}_{name}") for name in CONTACT_FIELDS})
    if mine == "requester":
        row["note_for_moderators"] = introduction.note_for_moderators
    return row


def delete_account(member, keep_posts):
    """Remove a member for real; their forum posts are deleted, or kept under "former member"."""
    with transaction():
        for rsvp in list(Rsvp.select().where(Rsvp.member == member)):
            # frees the place for the waiting list, who are told
            attendance.withdraw(rsvp.meetup, member)
        _end_introductions(member)
        _forget_posts(member, keep_posts)
        # the log keeps what was done, not to whom or what was written about them
        AuditEntry.update(note="").where(AuditEntry.target_member == member).execute()
        # reports by or about them: the conversation they copy from is gone too
        MessageReport.delete().where((MessageReport.author == member) | (MessageReport.reporter == member)).execute()
        MeetupMessage.delete().where(MeetupMessage.author == member).execute()
        ResetToken.delete().where(ResetToken.member == member).execute()
        # every device is signed out, not only the one that asked
        devices.end_for_member(member)
        for application in Application.select(Application.id).where(Application.member == member):
            alerts.handled("application", application.id)
        for request in SupportRequest.select(SupportRequest.id).where(SupportRequest.member == member):
            alerts.handled("support_request", request.id)
        support.forget_member(member)
        notes.StaffNote.delete().where(notes.StaffNote.member == member).execute()
        member.delete_instance()
    # deleted rows must not live on in the search index's segments or the write-ahead log
    search.compact()


def _end_introductions(member):
    """Conversations go; the other side keeps an ended, empty introduction with a former member."""
    mine = list(Introduction.select().where((Introduction.requester == member) | (Introduction.recipient == member)))
    ids = [introduction.id for introduction in mine]
    if not ids:
        return
    ConversationMessage.delete().where(ConversationMessage.introduction.in_(ids)).execute()
    Introduction.update(state="ended", ended_at=utcnow(), first_message="", note_for_moderators="",
                        moderator_note="").where(
        Introduction.id.in_(ids), Introduction.state.in_(("requested", "approved", "introduced"))).execute()
    Introduction.update(first_message="", note_for_moderators="", moderator_note="",
                        requester_phone="", requester_signal="", requester_whatsapp="", requester_email="",
                        recipient_phone="", recipient_signal="", recipient_whatsapp="", recipient_email="").where(
        Introduction.id.in_(ids)).execute()
    for introduction in mine:
        other = introduction.recipient_id if introduction.requester_id == member.id else introduction.requester_id
        if other and introduction.state == "introduced":
            notify.send(other, "intro_ended", target_type="introduction", target_id=introduction.id)


def _forget_posts(member, keep_posts):
    posts = list(Post.select().where(Post.author == member))
    PostRevision.delete().where(PostRevision.post.in_([post.id for post in posts])).execute()
    # quotes of their words and @mentions of their pseudonym in other members' posts
    forgetting.forget_in_posts(member, keep_words=keep_posts)
    if keep_posts:
        return
    for post in posts:
        search.remove_post(post)
    touched = {post.thread_id for post in posts}
    touched |= {thread.id for thread in Thread.select(Thread.id).where(Thread.author == member)}
    Post.update(status="deleted", body="", html="").where(Post.author == member).execute()
    others_replied = Post.select(Post.id).where(Post.thread == Thread.id, Post.author != member.id,
                                                Post.status != "deleted")
    # a thread with replies by others stays for them: only its title and opening post go
    Thread.update(status="deleted").where(Thread.author == member, ~fn.EXISTS(others_replied)).execute()
    forgetting.forget_threads_of(member)
    for thread_id in sorted(touched):
        counters.thread_changed(thread_id)
    if touched:
        counters.category_changed(*{row.category_id for row in
                                    Thread.select(Thread.category).where(Thread.id.in_(sorted(touched)))})
