"""Full-text search over posts: SQLite FTS5 or PostgreSQL text search, ranked, with snippets."""

import math
import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from peewee import JOIN, Expression, fn
from playhouse.sqlite_ext import FTS5Model, SearchField

from portal.db import database, is_sqlite
from portal.forum.models import Post, Thread
from portal.forum.reading import author_columns, visible_post_condition, visible_thread_condition
from portal.members.models import Member
from portal.paging import Page
from portal.text import plain_text

RESULTS_PER_PAGE = 20
# matches counted at most (beyond, the page says "more than"), and the newest of them that are ranked and shown
CAP = 1000
RANKED = 200
START, STOP = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)


class PostSearch(FTS5Model):
    """SQLite's full-text index of posts (created by migration 0002; rowid is the post's id)."""

    title = SearchField()
    body = SearchField()

    class Meta:
        database = database
        table_name = "post_search"


@dataclass
class SearchPage(Page):
    # more matches than CAP: total is CAP, and the page says "more than"
    more: bool = False
    # how many of the matches are ranked and can be paged through
    shown: int = 0


def index_post(post, title=""):
    """Put a post's current text into the index (SQLite; PostgreSQL indexes the column itself)."""
    if is_sqlite():
        PostSearch.delete().where(PostSearch.rowid == post.id).execute()
        PostSearch.insert(rowid=post.id, title=title, body=post.body).execute()


def remove_post(post):
    if is_sqlite():
        PostSearch.delete().where(PostSearch.rowid == post.id).execute()


def compact():
    """After deletions: leave no deleted word in the database file (SQLite; outside a transaction).

    FTS5 keeps a deleted row's terms in its index segments until they are merged: 'optimize'
    merges them all, and secure_delete (db.SQLITE_PRAGMAS) zeroes the freed pages. The
    write-ahead log still holds the old page images until a checkpoint truncates it.
    """
    if not is_sqlite() or database.in_transaction():
        return
    database.execute_sql("INSERT INTO post_search(post_search) VALUES('optimize')")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


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


def _matches(user, words, score):
    """The matches the reader may see, newest first: (post id, score) with score, else (post id,); lower is better."""
    if is_sqlite():
        match = " ".join('"%s"' % word.replace('"', '""') for word in words)
        # in the index's own (rowid) order, newest first, so SQLite stops at the limit
        columns = [PostSearch.rowid] + ([PostSearch.bm25(4.0, 1.0)] if score else [])
        query = (PostSearch.select(*columns)
                 .join(Post, on=(Post.id == PostSearch.rowid)).join(Thread)
                 .where(PostSearch.match(match))
                 .order_by(PostSearch.rowid.desc()))
    else:
        terms_query = fn.plainto_tsquery("simple", " ".join(words))
        document = fn.to_tsvector("simple", Post.body)
        title_document = fn.to_tsvector("simple", Thread.title)
        # times -1: lower is better, as with BM25 (a leading minus would mean DESC to peewee)
        columns = [Post.id] + ([fn.ts_rank(document, terms_query) * -1] if score else [])
        query = (Post.select(*columns)
                 .join(Thread)
                 .where(Expression(document, "@@", terms_query) | Expression(title_document, "@@", terms_query))
                 .order_by(Post.id.desc()))
    return query.where(visible_post_condition(user), visible_thread_condition(user))


def _count(user, words):
    """How many matches the reader may see, counting no further than CAP + 1."""
    # peewee counts a limited query as a subquery: the limit holds
    return _matches(user, words, score=False).limit(CAP + 1).count()


def _ranked(user, words):
    """(post id, score) of the newest RANKED matches, best first."""
    rows = _matches(user, words, score=True).limit(RANKED).tuples()
    return sorted(rows, key=lambda row: (row[1], -row[0]))


def _page_rows(words, ids):
    """The posts of one page of results, with their thread, author and a highlighted snippet."""
    if is_sqlite():
        match = " ".join('"%s"' % word.replace('"', '""') for word in words)
        snippet = fn.snippet(PostSearch._meta.entity, 1, START, STOP, "…", 16)
        query = (Post.select(Post, Thread, *author_columns(), snippet.alias("snippet"))
                 .join_from(Post, PostSearch, on=(PostSearch.rowid == Post.id))
                 # rowid IN: the index looks up these rows instead of walking every match
                 .where(PostSearch.match(match), PostSearch.rowid.in_(ids)))
    else:
        terms_query = fn.plainto_tsquery("simple", " ".join(words))
        headline = fn.ts_headline("simple", Post.body, terms_query,
                                  f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=10")
        query = Post.select(Post, Thread, *author_columns(), headline.alias("snippet"))
    query = (query.join_from(Post, Thread)
             .join_from(Post, Member, on=(Post.author == Member.id), join_type=JOIN.LEFT_OUTER)
             .where(Post.id.in_(ids)))
    return {post.id: post for post in query}


def search(user, text, page_arg):
    """A page of posts the reader may see that match the words, best first.

    Matches are counted up to CAP and only the newest RANKED are ranked: a word found in every post costs
    about what a rare one does, and the page says "more than CAP" instead of a number that took seconds.
    """
    words = terms(text)
    if not words:
        return SearchPage(items=[], number=1, pages=1, total=0)
    total = _count(user, words)
    ranked = _ranked(user, words) if total else []
    pages = max(1, math.ceil(len(ranked) / RESULTS_PER_PAGE))
    try:
        number = min(max(1, int(page_arg)), pages)
    except (TypeError, ValueError):
        number = 1
    ids = [post_id for post_id, _score in ranked[(number - 1) * RESULTS_PER_PAGE:number * RESULTS_PER_PAGE]]
    rows = _page_rows(words, ids) if ids else {}
    items = [rows[post_id] for post_id in ids if post_id in rows]
    for post in items:
        post.snippet_html = highlight(post.snippet)
    return SearchPage(items=items, number=number, pages=pages, total=min(total, CAP), more=total > CAP,
                      shown=len(ranked))
