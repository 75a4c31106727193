"""What a deleted member leaves in other people's posts: quotes of their words and @mentions.

A reply that quoted someone holds a copy (`**name:**` and `> ` lines, see text.quote_markdown),
and a mention holds their pseudonym. When the member goes, every copy goes: the quote becomes a
line saying it was removed (or, if they kept their posts, it is credited to "former member"), and
a mention reads "@former member". Old versions of those posts are rewritten the same way, and the
search index with them.
"""

import re

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.forum import search
from portal.forum.models import Post, PostRevision, Thread
from portal.members import handles
from portal.text import MENTION, render_markdown

QUOTE_BLOCK = re.compile(r"^\*\*(?P<handle>[^*\n]{1,60}):\*\*[ \t]*\n(?P<lines>(?:>.*(?:\n|$))*)", re.MULTILINE)


def _words():
    # stored text, read by everyone: written in the site's language
    with force_locale(current_app.config["DEFAULT_LOCALE"]):
        return _("former member"), _("A quote from a former member was removed.")


def without_member(text, member, keep_words):
    """text with member's quotes removed (or credited to "former member") and mentions anonymised."""
    former, removed = _words()

    def quote(match):
        if handles.handle_key(match.group("handle")) != member.handle_key:
            return match.group(0)
        if keep_words:
            return f"**{former}:**\n{match.group('lines')}"
        return f"> *{removed}*\n"

    def mention(match):
        if handles.handle_key(match.group(1)) != member.handle_key:
            return match.group(0)
        return f"@{former}"

    return MENTION.sub(mention, QUOTE_BLOCK.sub(quote, text or ""))


def forget_in_posts(member, keep_words):
    """Rewrite every post and post version of others that quotes or mentions member; inside a transaction."""
    # a case-insensitive LIKE finds the candidates; the patterns above decide
    candidates = Post.select().where(Post.author != member.id, Post.body ** f"%{member.handle}%")
    for post in candidates:
        body = without_member(post.body, member, keep_words)
        if body != post.body:
            Post.update(body=body, html=str(render_markdown(body))).where(Post.id == post.id).execute()
            post.body = body
            if post.status != "deleted":
                search.index_post(post, post.thread.title if post.is_opening() else "")
    for revision in PostRevision.select().where(PostRevision.body ** f"%{member.handle}%"):
        body = without_member(revision.body, member, keep_words)
        if body != revision.body:
            PostRevision.update(body=body).where(PostRevision.id == revision.id).execute()


def forget_threads_of(member):
    """Threads member started lose their title and opening words, not the replies of others."""
    Thread.update(title="").where(Thread.author == member.id).execute()
