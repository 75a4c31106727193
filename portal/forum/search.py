"""Full-text search over posts: SQLite FTS5 or PostgreSQL text search, ranked, with snippets."""

import math
import re

from markupsafe import Markup, escape
from peewee import JOIN, Expression, fn
from playhouse.sqlite_ext import FTS5Model, SearchField

from portal.db import database, is_sqlite
from portal.text import plain_text
from portal.forum.models import Post, Thread
from portal.forum.reading import visible_post_condition, visible_thread_condition
from portal.members.models import Member
from portal.paging import Page

RESULTS_PER_PAGE = 20
START, STOP = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)


class PostSearch(FTS5Model):
    """SQLite's full-text index of posts (created by migration 0002; rowid is the post's id)."""

    title = SearchField()
    body = SearchField()

    class Meta:
        database = database
        table_name = "post_search"


def index_post(post, title=""):
    """Put a post's current text into the index (SQLite; PostgreSQL indexes the column itself)."""
    if is_sqlite():
        PostSearch.delete().where(PostSearch.rowid == post.id).execute()
        PostSearch.insert(rowid=post.id, title=title, body=post.body).execute()


def remove_post(post):
    if is_sqlite():
        PostSearch.delete().where(PostSearch.rowid == post.id).execute()


def terms(text):
    """The words of a query; punctuation and search operators are ignored."""
    return WORD.findall(text or "")[:12]


def highlight(snippet):
    """A snippet as plain text (no Markdown marks), escaped, with the match markers turned into <mark>."""
    text = plain_text(snippet)
    if text.count(START) != text.count(STOP):
        # a match inside a link's address went with the address: no half-open <mark>
        text = text.replace(START, "").replace(STOP, "")
    return Markup(str(escape(text)).replace(START, "<mark>").replace(STOP, "</mark>"))


def search(user, text, page_arg):
    """A page of posts the reader may see that match the words, best first."""
    words = terms(text)
    if not words:
        return Page(items=[], number=1, pages=1, total=0)
    if is_sqlite():
        match = " ".join('"%s"' % word.replace('"', '""') for word in words)
        matches = (Post.select(Post, Thread, Member,
                               fn.snippet(PostSearch._meta.entity, 1, START, STOP, "…", 16).alias("snippet"))
                   .join_from(Post, Thread)
                   .join_from(Post, Member, on=(Post.author == Member.id), join_type=JOIN.LEFT_OUTER)
                   .join_from(Post, PostSearch, on=(PostSearch.rowid == Post.id))
                   .where(PostSearch.match(match))
                   .order_by(PostSearch.bm25(4.0, 1.0), Post.id.desc()))
    else:
        query = fn.plainto_tsquery("simple", " ".join(words))
        document = fn.to_tsvector("simple", Post.body)
        title_document = fn.to_tsvector("simple", Thread.title)
        matches = (Post.select(Post, Thread, Member,
                               fn.ts_headline("simple", Post.body, query,
                                              f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=10")
                               .alias("snippet"))
                   .join_from(Post, Thread)
                   .join_from(Post, Member, on=(Post.author == Member.id), join_type=JOIN.LEFT_OUTER)
                   .where(Expression(document, "@@", query) | Expression(title_document, "@@", query))
                   .order_by(fn.ts_rank(document, query).desc(), Post.id.desc()))
    matches = matches.where(visible_post_condition(user), visible_thread_condition(user))
    total = matches.count()
    pages = max(1, math.ceil(total / RESULTS_PER_PAGE))
    try:
        number = min(max(1, int(page_arg)), pages)
    except (TypeError, ValueError):
        number = 1
    items = list(matches.paginate(number, RESULTS_PER_PAGE))
    for post in items:
        post.snippet_html = highlight(post.snippet)
    return Page(items=items, number=number, pages=pages, total=total)
