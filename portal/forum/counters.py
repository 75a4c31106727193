"""Counts that pages show, kept in the same transaction as every write that changes them.

A thread keeps its number of visible posts and its newest visible post; a category keeps the number of
visible threads that have a visible post, their visible posts, and the time of the newest. Counting is done
again from the rows (not +1/-1), so a missed path can never drift; the rows are locked first on PostgreSQL
so that two writers at once both count each other's posts.
"""

from peewee import fn

from portal.db import is_sqlite
from portal.forum.models import Category, Post, Thread


def _lock(model, ids):
    if not is_sqlite() and ids:
        # SQLite's BEGIN IMMEDIATE holds the write lock already; PostgreSQL locks the rows, in id order
        # (the same order on every path, so two writers never wait for each other in a circle)
        list(model.select(model.id).where(model.id.in_(sorted(ids))).order_by(model.id).for_update())


def thread_changed(thread_id):
    """Count a thread's visible posts again; call inside the transaction that changed them."""
    _lock(Thread, [thread_id])
    visible = Post.select().where(Post.thread == Thread.id, Post.status == "visible")
    (Thread.update(post_count=visible.select(fn.COUNT(Post.id)),
                   last_post_id=visible.select(fn.COALESCE(fn.MAX(Post.id), 0)),
                   last_post_at=visible.select(fn.MAX(Post.created_at)))
     .where(Thread.id == thread_id).execute())


def category_changed(*category_ids):
    """Add up a category's threads again (after thread_changed for the threads that changed)."""
    ids = sorted(set(category_ids))
    _lock(Category, ids)
    counted = Thread.select().where(Thread.category == Category.id, Thread.status == "visible",
                                    Thread.post_count > 0)
    (Category.update(thread_count=counted.select(fn.COUNT(Thread.id)),
                     post_count=counted.select(fn.COALESCE(fn.SUM(Thread.post_count), 0)),
                     last_post_at=counted.select(fn.MAX(Thread.last_post_at)))
     .where(Category.id.in_(ids)).execute())


def posts_changed(thread_id, category_id=None):
    """A post of a thread appeared, changed status or went: recount the thread and its category."""
    thread_changed(thread_id)
    if category_id is None:
        category_id = Thread.select(Thread.category).where(Thread.id == thread_id).scalar()
    category_changed(category_id)


def recount_all():
    """Count everything again (after rows were written straight to the tables, as the demo does)."""
    for (thread_id,) in Thread.select(Thread.id).order_by(Thread.id).tuples():
        thread_changed(thread_id)
    category_changed(*[category_id for (category_id,) in Category.select(Category.id).tuples()])
