"""Writing in the forum: threads, replies, edits, subscriptions, and who hears about it."""

from flask import current_app

from portal import policy
from portal.db import transaction, utcnow
from portal.forum import counters, reading, search
from portal.forum.models import Post, PostRevision, Subscription, Thread
from portal.members import handles
from portal.members.models import Member
from portal.notifications import notify
from portal.text import mentioned_handles, render_markdown


def needs_review(member):
    """A new member's first posts (a setting, 3 by default) wait for a moderator."""
    if policy.is_moderator(member):
        return False
    required = current_app.config["FORUM_REVIEW_FIRST_POSTS"]
    approved = Post.select().where(Post.author == member, Post.status == "visible").count()
    return approved < required


def create_thread(category, author, title, body):
    """Start a thread with its opening post; returns the thread."""
    status = "pending" if needs_review(author) else "visible"
    with transaction():
        thread = Thread.create(category=category, author=author, title=title.strip(), status=status)
        post = _add_post(thread, author, body, status)
        counters.posts_changed(thread.id, category.id)
        subscribe(thread, author)
        # one's own post is never news to oneself
        reading.mark_read(thread, author, [post])
    if status == "visible":
        announce(post)
    return thread


def add_reply(thread, author, body):
    """Add a reply at the end of a thread; returns the post (pending for new members)."""
    status = "pending" if needs_review(author) else "visible"
    with transaction():
        post = _add_post(thread, author, body, status)
        if status == "visible":
            Thread.update(last_activity_at=post.created_at).where(Thread.id == thread.id).execute()
        counters.posts_changed(thread.id, thread.category_id)
        subscribe(thread, author)
        reading.mark_read(thread, author, [post])
    if status == "visible":
        announce(post)
    return post


def _add_post(thread, author, body, status):
    post = Post.create(thread=thread, author=author, body=body, html=render_markdown(body), status=status)
    search.index_post(post, thread.title if post.is_opening() else "")
    return post


def edit_post(post, editor, body, note=""):
    """Replace a post's text, keeping the old text as a revision."""
    with transaction():
        PostRevision.create(post=post, body=post.body, edited_by=editor, note=note or "")
        post.body, post.html, post.edited_at = body, render_markdown(body), utcnow()
        post.save()
        search.index_post(post, post.thread.title if post.is_opening() else "")
    return post


def delete_post(post, by):
    """Delete a post for real (its text too); the opening post takes its thread along."""
    with transaction():
        opening = post.is_opening()
        post.status, post.body, post.html = "deleted", "", ""
        post.moderated_by, post.moderated_at = by, utcnow()
        post.save()
        PostRevision.delete().where(PostRevision.post == post).execute()
        search.remove_post(post)
        if opening:
            Thread.update(status="deleted").where(Thread.id == post.thread_id).execute()
        counters.posts_changed(post.thread_id)
    return opening


def subscribe(thread, member):
    """Follow a thread, unless the member turned that off for it before."""
    Subscription.insert(thread=thread, member=member, active=True).on_conflict_ignore().execute()


def set_subscription(thread, member, active):
    with transaction():
        # one upsert: update-then-create lets two clicks both create, and the second fails
        (Subscription.insert(thread=thread, member=member, active=active)
         .on_conflict(conflict_target=[Subscription.member, Subscription.thread],
                      update={Subscription.active: active}).execute())


def announce(post):
    """Tell subscribers about a new visible post, and the members it mentions."""
    thread = Thread.get_by_id(post.thread_id)
    if thread.status != "visible":
        # nobody else can read it yet: a notification would point at nothing, or leak a title
        return
    author_id = post.author_id
    subscribers = [row.member_id for row in Subscription.select(Subscription.member).where(
        Subscription.thread == thread, Subscription.active == True,  # noqa: E712
        Subscription.member != author_id)]
    keys = [handles.handle_key(handle) for handle in mentioned_handles(post.body)]
    mentioned = [member.id for member in Member.select(Member.id).where(
        Member.handle_key.in_(keys), Member.id != author_id, Member.banned_at.is_null(),
        Member.role != "applicant")] if keys else []
    with transaction():
        for member_id in mentioned:
            notify.send(member_id, "mention", actor=author_id, target_type="post", target_id=post.id)
        for member_id in subscribers:
            if member_id not in mentioned:
                notify.send(member_id, "reply", actor=author_id, target_type="post", target_id=post.id)
