"""The forum, notifications and member sanctions; full-text search on both backends."""
from peewee import *


def up(migrator, db):
    class Member(Model):
        class Meta:
            database = db
            table_name = 'member'

    class Category(Model):
        slug = CharField(unique=True, max_length=60)
        position = IntegerField(default=0)
        archived = BooleanField(default=False)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'category'
    db.create_tables([Category])

    class CategoryText(Model):
        category = ForeignKeyField(Category, on_delete='CASCADE')
        locale = CharField(max_length=10)
        name = CharField(max_length=80)
        description = CharField(max_length=300, default='')
        class Meta:
            database = db
            table_name = 'category_text'
            indexes = ((('category', 'locale'), True),)
    db.create_tables([CategoryText])

    class Thread(Model):
        category = ForeignKeyField(Category, on_delete='CASCADE')
        author = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        title = CharField(max_length=120)
        status = CharField(index=True, max_length=20, default='visible')
        pinned = BooleanField(default=False)
        locked = BooleanField(default=False)
        created_at = DateTimeField()
        last_activity_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'thread'
    db.create_tables([Thread])

    class Post(Model):
        thread = ForeignKeyField(Thread, on_delete='CASCADE')
        author = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        body = TextField()
        html = TextField()
        status = CharField(index=True, max_length=20, default='visible')
        status_reason = CharField(max_length=300, default='')
        moderated_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        moderated_at = DateTimeField(null=True)
        created_at = DateTimeField()
        edited_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'post'
    db.create_tables([Post])

    class Flag(Model):
        post = ForeignKeyField(Post, on_delete='CASCADE')
        member = ForeignKeyField(Member, on_delete='CASCADE')
        reason = CharField(max_length=20)
        note = CharField(max_length=500, default='')
        created_at = DateTimeField()
        resolved_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'flag'
            indexes = ((('post', 'member'), True),)
    db.create_tables([Flag])

    class MemberWarning(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        issued_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        message = TextField()
        created_at = DateTimeField()
        acknowledged_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'member_warning'
    db.create_tables([MemberWarning])

    class Notification(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        kind = CharField(max_length=30)
        actor = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        target_type = CharField(max_length=30, default='')
        target_id = IntegerField(null=True)
        created_at = DateTimeField(index=True)
        read_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'notification'
    db.create_tables([Notification])

    class PostRevision(Model):
        post = ForeignKeyField(Post, on_delete='CASCADE')
        body = TextField()
        edited_by = ForeignKeyField(Member, null=True, on_delete='SET NULL')
        note = CharField(max_length=300, default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'post_revision'
    db.create_tables([PostRevision])

    class Subscription(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        thread = ForeignKeyField(Thread, on_delete='CASCADE')
        active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'subscription'
            indexes = ((('member', 'thread'), True),)
    db.create_tables([Subscription])

    class ThreadRead(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        thread = ForeignKeyField(Thread, on_delete='CASCADE')
        last_read_post_id = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'thread_read'
            indexes = ((('member', 'thread'), True),)
    db.create_tables([ThreadRead])


    migrator.migrate(
        migrator.add_column('member', 'suspended_until', DateTimeField(null=True)),
        migrator.add_column('member', 'banned_at', DateTimeField(null=True)))

    if isinstance(db, SqliteDatabase):
        # the index is kept in step with post in the same transaction (portal/forum/search.py)
        db.execute_sql("CREATE VIRTUAL TABLE post_search USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
    else:
        db.execute_sql("CREATE INDEX post_body_search ON post USING GIN (to_tsvector('simple', body))")
        db.execute_sql("CREATE INDEX thread_title_search ON thread USING GIN (to_tsvector('simple', title))")


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        db.execute_sql("DROP TABLE post_search")
    migrator.migrate(migrator.drop_column('member', 'banned_at'), migrator.drop_column('member', 'suspended_until'))
    migrator.migrate(migrator.drop_table('thread_read'))
    migrator.migrate(migrator.drop_table('subscription'))
    migrator.migrate(migrator.drop_table('post_revision'))
    migrator.migrate(migrator.drop_table('notification'))
    migrator.migrate(migrator.drop_table('member_warning'))
    migrator.migrate(migrator.drop_table('flag'))
    migrator.migrate(migrator.drop_table('post'))
    migrator.migrate(migrator.drop_table('thread'))
    migrator.migrate(migrator.drop_table('category_text'))
    migrator.migrate(migrator.drop_table('category'))
