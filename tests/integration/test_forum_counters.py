"""The counts pages show are kept by every write, in the same transaction, and match a count from the rows."""

import importlib

from peewee import fn

from portal import db
from portal.account import data_rights
from portal.db import transaction
from portal.forum import moderating
from portal.forum.models import Category, Post, Thread
from tests.conftest import make_member
from tests.forum_fixtures import make_category, newcomer_posts_wait
from tests.helpers import count_queries, fresh


def counted_from_rows(category):
    """What the counters must say, counted the slow way."""
    threads = {}
    for thread in Thread.select().where(Thread.category == category):
        visible = Post.select().where(Post.thread == thread, Post.status == "visible")
        threads[thread.id] = (visible.count(), visible.select(fn.MAX(Post.id)).scalar() or 0,
                              visible.select(fn.MAX(Post.created_at)).scalar())
    shown = [tid for tid, (count, _last, _at) in threads.items()
             if count and Thread.get_by_id(tid).status == "visible"]
    return threads, (len(shown), sum(threads[tid][0] for tid in shown),
                     max((threads[tid][2] for tid in shown), default=None))


def assert_counters_match(category):
    threads, (thread_count, post_count, latest) = counted_from_rows(category)
    for thread_id, expected in threads.items():
        thread = Thread.get_by_id(thread_id)
        assert (thread.post_count, thread.last_post_id, thread.last_post_at) == expected, thread_id
    category = Category.get_by_id(category.id)
    assert (category.thread_count, category.post_count, category.last_post_at) == (thread_count, post_count, latest)


def test_replies_hides_restores_and_deletes_keep_the_counts(forum):
    assert_counters_match(forum.category)
    first = forum.reply(forum.bob, "one")
    second = forum.reply(forum.carol, "two")
    assert fresh(forum.thread).post_count == 3 and fresh(forum.thread).last_post_id == second.id
    assert_counters_match(forum.category)
    moderating.hide_post(second, forum.moderator, "off topic")
    assert fresh(forum.thread).last_post_id == first.id
    assert_counters_match(forum.category)
    moderating.restore_post(fresh(second), forum.moderator)
    assert_counters_match(forum.category)
    moderating.delete_post(fresh(first), forum.moderator)
    assert fresh(forum.thread).post_count == 2
    assert_counters_match(forum.category)


def test_a_flag_that_hides_a_post_takes_it_out_of_the_counts(forum):
    post = forum.reply(forum.bob, "where someone lives")
    moderating.flag_post(post, forum.carol, "outing")
    assert fresh(forum.thread).post_count == 1
    assert_counters_match(forum.category)


def test_a_hidden_opening_post_takes_its_thread_out_of_the_category(forum):
    forum.reply(forum.bob, "a reply")
    moderating.hide_post(fresh(forum.opening), forum.moderator, "outing risk")
    category = fresh(forum.category)
    assert category.thread_count == 0 and category.post_count == 0
    assert_counters_match(forum.category)


def test_waiting_posts_are_counted_once_approved(forum, app):
    newcomer_posts_wait(app)
    newcomer = make_member("newcomer")
    waiting = forum.reply(newcomer, "hello")
    assert fresh(forum.thread).post_count == 1
    moderating.approve_post(fresh(waiting), forum.moderator)
    assert fresh(forum.thread).post_count == 2
    assert_counters_match(forum.category)


def test_moving_a_thread_moves_its_counts(forum):
    forum.reply(forum.bob, "a reply")
    elsewhere = make_category("elsewhere", position=5)
    moderating.move_thread(fresh(forum.thread), forum.moderator, elsewhere)
    assert fresh(forum.category).post_count == 0 and fresh(elsewhere).post_count == 2
    assert_counters_match(forum.category)
    assert_counters_match(elsewhere)


def test_deleting_an_account_with_its_posts_recounts_every_thread_it_wrote_in(forum):
    other = forum.thread_by(forum.carol, "Second thread")
    forum.reply(forum.bob, "in the first")
    forum.reply(forum.bob, "in the second", thread=other)
    forum.thread_by(forum.bob, "Bob's own thread")
    with transaction():
        data_rights.delete_account(fresh(forum.bob), keep_posts=False)
    assert fresh(forum.thread).post_count == 1 and fresh(other).post_count == 1
    assert_counters_match(forum.category)


def test_keeping_posts_as_former_member_keeps_the_counts(forum):
    forum.reply(forum.bob, "kept")
    with transaction():
        data_rights.delete_account(fresh(forum.bob), keep_posts=True)
    assert fresh(forum.thread).post_count == 2
    assert_counters_match(forum.category)


def test_the_migration_backfills_the_counters_from_the_rows(forum):
    forum.reply(forum.bob, "one")
    hidden = forum.reply(forum.carol, "two")
    moderating.hide_post(hidden, forum.moderator, "no")
    Thread.update(post_count=0, last_post_id=0, last_post_at=None).execute()
    Category.update(thread_count=0, post_count=0, last_post_at=None).execute()
    migration = importlib.import_module("portal.migrations.0013_forum_counters")

    class NoSchemaChange:
        def migrate(self, *operations):
            pass

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    with transaction():
        migration.up(NoSchemaChange(), db.database.obj)
    assert fresh(forum.thread).post_count == 2
    assert_counters_match(forum.category)


def test_reading_a_thread_again_writes_nothing(forum):
    forum.reply(forum.bob, "news")
    browser = forum.browser(forum.carol)
    _count, first = count_queries(browser, f"/forum/t/{forum.thread.id}")
    assert any(sql.startswith(("UPDATE", "INSERT")) for sql in first)
    _count, again = count_queries(browser, f"/forum/t/{forum.thread.id}")
    assert not any(sql.startswith(("UPDATE", "INSERT", "BEGIN", "DELETE")) for sql in again), again
    forum.reply(forum.bob, "more news")
    _count, newer = count_queries(browser, f"/forum/t/{forum.thread.id}")
    assert any(sql.startswith("UPDATE") for sql in newer)


def test_the_pages_of_the_forum_never_load_password_hashes_or_two_factor_secrets_of_authors(forum):
    forum.reply(forum.bob, "a reply")
    browser = forum.browser(forum.carol)
    for url in (f"/forum/t/{forum.thread.id}", f"/forum/{forum.category.slug}", "/forum/search?q=reply"):
        _count, statements = count_queries(browser, url)
        # one statement loads the signed-in member with their device record (the session): never the authors
        secrets = [sql for sql in statements if "password_hash" in sql or "totp_secret" in sql]
        assert len(secrets) == 1 and 'FROM "device_session"' in secrets[0], secrets
