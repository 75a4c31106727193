"""Counters on threads and categories, kept by every write, so forum pages cost the same at any size."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('thread', 'post_count', IntegerField(default=0)),
        migrator.add_column('thread', 'last_post_id', IntegerField(default=0)),
        migrator.add_column('thread', 'last_post_at', DateTimeField(null=True)),
        migrator.add_column('category', 'thread_count', IntegerField(default=0)),
        migrator.add_column('category', 'post_count', IntegerField(default=0)),
        migrator.add_column('category', 'last_post_at', DateTimeField(null=True)),
        migrator.add_index('thread', ('category_id', 'pinned', 'last_activity_at'), False))
    # backfill: what portal/forum/counters.py keeps from now on
    db.execute_sql(
        "UPDATE thread SET "
        "post_count = (SELECT COUNT(*) FROM post WHERE post.thread_id = thread.id AND post.status = 'visible'), "
        "last_post_id = (SELECT COALESCE(MAX(post.id), 0) FROM post "
        "WHERE post.thread_id = thread.id AND post.status = 'visible'), "
        "last_post_at = (SELECT MAX(post.created_at) FROM post "
        "WHERE post.thread_id = thread.id AND post.status = 'visible')")
    counted = "FROM thread WHERE thread.category_id = category.id AND thread.status = 'visible' AND thread.post_count > 0"
    db.execute_sql(
        f"UPDATE category SET thread_count = (SELECT COUNT(*) {counted}), "
        f"post_count = (SELECT COALESCE(SUM(thread.post_count), 0) {counted}), "
        f"last_post_at = (SELECT MAX(thread.last_post_at) {counted})")


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('thread', 'thread_category_id_pinned_last_activity_at'),
        migrator.drop_column('category', 'last_post_at'),
        migrator.drop_column('category', 'post_count'),
        migrator.drop_column('category', 'thread_count'),
        migrator.drop_column('thread', 'last_post_at'),
        migrator.drop_column('thread', 'last_post_id'),
        migrator.drop_column('thread', 'post_count'))
