"""Keeping the forum safe: flags, the review queue, and what moderators do to posts and threads."""

from flask import current_app
from peewee import JOIN, IntegrityError, fn

from portal import audit
from portal.db import lock_rows, transaction, utcnow
from portal.forum import counters, posting
from portal.forum.models import Flag, Post, Thread
from portal.members.models import Member
from portal.notifications import alerts, notify


class AlreadyFlagged(Exception):
    """A member flags a post once."""


def flag_post(post, member, reason, note=""):
    """Flag a post; an outing-risk flag, or enough members flagging, hides it at once."""
    with transaction():
        # two members flagging at once must both be counted: the second waits for the first
        lock_rows(Post, Post.id == post.id)
        try:
            with transaction():
                Flag.create(post=post, member=member, reason=reason, note=note or "")
        except IntegrityError:
            raise AlreadyFlagged() from None
        flaggers = (Flag.select(fn.COUNT(fn.DISTINCT(Flag.member)))
                    .where(Flag.post == post, Flag.resolved_at.is_null()).scalar())
        hide_now = reason == "outing" or flaggers >= current_app.config["FORUM_FLAGS_TO_HIDE"]
        if reason == "outing":
            alerts.raise_alert("flag", "post", post.id)
        hidden = hide_now and (Post.update(status="hidden", status_reason="")
                               .where(Post.id == post.id, Post.status == "visible").execute())
        if hidden:
            post.status, post.status_reason = "hidden", ""
            if post.is_opening():
                Thread.update(status="hidden").where(Thread.id == post.thread_id).execute()
            alerts.raise_alert("hidden_post", "post", post.id)
            counters.posts_changed(post.thread_id)
    return hide_now


def _set_status(post, status, moderator, action, reason=""):
    with transaction():
        was = post.status
        post.status, post.status_reason = status, reason or ""
        post.moderated_by, post.moderated_at = moderator, utcnow()
        post.save()
        if post.is_opening():
            Thread.update(status=status).where(Thread.id == post.thread_id).execute()
        if status == "visible":
            Thread.update(last_activity_at=post.created_at).where(
                Thread.id == post.thread_id, Thread.last_activity_at < post.created_at).execute()
        counters.posts_changed(post.thread_id)
        Flag.update(resolved_at=utcnow()).where(Flag.post == post, Flag.resolved_at.is_null()).execute()
        alerts.handled("post", post.id, moderator)
        audit.record(moderator, action, member=post.author, target_type="post", target_id=post.id, note=reason)
    return was


def approve_post(post, moderator):
    """Make a pending or flagged post visible; its author and followers hear about it."""
    was = _set_status(post, "visible", moderator, "post.approved")
    if was == "pending":
        with transaction():
            notify.send(post.author_id, "post_approved", actor=None, target_type="post", target_id=post.id)
        posting.announce(post)


def hide_post(post, moderator, reason):
    """Hide a post; the author sees it with the reason, nobody else sees it."""
    _set_status(post, "hidden", moderator, "post.hidden", reason)
    if post.author_id:
        with transaction():
            notify.send(post.author_id, "post_hidden", target_type="post", target_id=post.id)


def restore_post(post, moderator):
    _set_status(post, "visible", moderator, "post.restored")


def delete_post(post, moderator, reason=""):
    with transaction():
        posting.delete_post(post, moderator)
        Flag.update(resolved_at=utcnow()).where(Flag.post == post, Flag.resolved_at.is_null()).execute()
        alerts.handled("post", post.id, moderator)
        audit.record(moderator, "post.deleted", member=post.author, target_type="post", target_id=post.id,
                     note=reason)


def edit_post(post, moderator, body, note):
    with transaction():
        posting.edit_post(post, moderator, body, note)
        audit.record(moderator, "post.edited", member=post.author, target_type="post", target_id=post.id,
                     note=note)


def set_thread_flag(thread, moderator, field, value):
    """Lock, unlock, pin or unpin a thread."""
    action = {("locked", True): "thread.locked", ("locked", False): "thread.unlocked",
              ("pinned", True): "thread.pinned", ("pinned", False): "thread.unpinned"}[(field, value)]
    with transaction():
        setattr(thread, field, value)
        thread.save()
        audit.record(moderator, action, member=thread.author, target_type="thread", target_id=thread.id)


def move_thread(thread, moderator, category):
    with transaction():
        old = thread.category_id
        thread.category = category
        thread.save()
        counters.category_changed(old, category.id)
        audit.record(moderator, "thread.moved", member=thread.author, target_type="thread", target_id=thread.id,
                     note=f"{old} -> {category.id}")


def queue():
    """Posts waiting for a moderator: pending ones and ones with open flags, oldest first."""
    flagged = Flag.select(Flag.post).where(Flag.resolved_at.is_null())
    return (Post.select(Post, Thread, Member)
            .join_from(Post, Thread)
            .join_from(Post, Member, on=(Post.author == Member.id), join_type=JOIN.LEFT_OUTER)
            .where((Post.status == "pending") | ((Post.id.in_(flagged)) & (Post.status != "deleted")))
            .order_by(Post.created_at, Post.id))


def open_flags(posts):
    """{post id: [flags]} for the posts shown, in one query."""
    by_post = {}
    if posts:
        for flag in (Flag.select(Flag, Member).join(Member)
                     .where(Flag.post.in_([p.id for p in posts]), Flag.resolved_at.is_null())
                     .order_by(Flag.created_at)):
            by_post.setdefault(flag.post_id, []).append(flag)
    return by_post


def queue_count():
    flagged = Flag.select(Flag.post).where(Flag.resolved_at.is_null())
    return Post.select().where((Post.status == "pending") | (Post.id.in_(flagged) & (Post.status != "deleted"))).count()
