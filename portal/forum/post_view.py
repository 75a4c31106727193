"""What a reader may do with each post on a page, and where its links go: decided once per page, not per post."""

import hashlib
import threading
from collections import OrderedDict
from typing import NamedTuple

from flask import current_app
from flask_babel import get_locale, get_timezone
from markupsafe import Markup

from portal import policy
from portal.rendering import IdUrl


class PostActions(NamedTuple):
    quote: bool
    edit: bool
    delete: bool
    flag: bool
    history: bool
    moderate: bool


def post_actions(user, thread, posts, flagged):
    """{post id: PostActions}: the same policy rules the page's buttons always asked, each asked once."""
    # the member itself, not the current_user proxy that every template call would resolve again
    user = user._get_current_object() if hasattr(user, "_get_current_object") else user
    reply = policy.can(user, "reply", thread)
    moderate = policy.can(user, "moderate_posts")
    return {post.id: PostActions(quote=reply, edit=policy.can(user, "edit_post", post),
                                 delete=policy.can(user, "delete_own_post", post),
                                 flag=post.id not in flagged and policy.can(user, "flag_post", post),
                                 history=bool(post.edited_at) and policy.can(user, "see_post_history", post),
                                 moderate=moderate)
            for post in posts}


def post_urls(thread, last_page=None):
    """The links of a post, built once per page."""
    return {"post": IdUrl("forum.post_link", "post_id"), "edit": IdUrl("forum.edit_post", "post_id"),
            "delete": IdUrl("forum.delete_post", "post_id"), "flag": IdUrl("forum.flag_post", "post_id"),
            "quote": IdUrl("forum.thread", "quote", thread_id=thread.id, page=last_page, _anchor="reply-form")}


class RenderedPosts:
    """Posts as HTML, kept per process: most readers of a thread see the same posts with the same buttons.

    The key holds everything a post's HTML is made of (a digest of its text, its state, author, the reader's
    buttons, the page's quote link, language and time zone), so a change to any of them is a new key, never
    a stale page, and two readers share an entry only when their pages would show the same bytes. Staff
    tools carry the reader's form token and are never kept. The entries are capped in bytes, not in number:
    a post may be 20,000 characters long, and a worker must not grow with them.
    """

    def __init__(self, max_bytes=16 * 1024 * 1024):
        self.max_bytes, self.size = max_bytes, 0
        self.entries, self.lock = OrderedDict(), threading.Lock()

    def get(self, key, render):
        with self.lock:
            html = self.entries.get(key)
            if html is not None:
                self.entries.move_to_end(key)
                return html
        html = render()
        with self.lock:
            if key not in self.entries:
                self.entries[key] = html
                self.size += len(html)
            while self.size > self.max_bytes and self.entries:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)
        return html

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


RENDERED = RenderedPosts()


def post_renderer(actions, urls):
    """The template function that turns a post into HTML: rendered once per key (RenderedPosts), then reused."""
    template = current_app.jinja_env.get_template("forum/_post.html")
    page = {"post_actions": actions, "post_urls": urls}
    quote_link = (urls["quote"].head, urls["quote"].tail)
    locale, zone = str(get_locale()), str(get_timezone())

    def render(post):
        may = actions[post.id]
        if may.moderate:
            return Markup(template.render(page, post=post))
        text = hashlib.blake2b(post.html.encode(), digest_size=16).digest()
        key = (post.id, text, post.status, post.status_reason, post.created_at, post.edited_at,
               post.author_id, post.author.handle if post.author_id else None, may, quote_link, locale, zone)
        return RENDERED.get(key, lambda: Markup(template.render(page, post=post)))
    return render


def context(user, thread, posts, flagged, last_page=None):
    """What forum/_post.html needs besides the post, for a page of posts or a single new one."""
    actions, urls = post_actions(user, thread, posts, flagged), post_urls(thread, last_page)
    return {"post_actions": actions, "post_urls": urls, "rendered_post": post_renderer(actions, urls)}
