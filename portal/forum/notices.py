"""What a notification about a post shows: the thread's title and a link to the post."""

from flask import url_for

from portal.forum.models import Post, Thread
from portal.notifications import notify


@notify.describes("post")
def describe_posts(ids):
    return {post.id: {"title": post.thread.title, "url": url_for("forum.post_link", post_id=post.id)}
            for post in Post.select(Post.id, Thread.title).join(Thread).where(Post.id.in_(ids))}
