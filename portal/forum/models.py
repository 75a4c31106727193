"""Categories, threads, posts, their revisions and flags, subscriptions and read markers."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from portal.db import BaseModel, utcnow
from portal.members.models import Member

POST_STATES = ("visible", "pending", "hidden", "deleted")
FLAG_REASONS = ("outing", "harassment", "politics", "spam", "other")


class Category(BaseModel):
    slug = CharField(max_length=60, unique=True)
    position = IntegerField(default=0)
    archived = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    # kept by portal/forum/counters.py: visible threads with a visible post, their visible posts, the newest
    thread_count = IntegerField(default=0)
    post_count = IntegerField(default=0)
    last_post_at = DateTimeField(null=True)


class CategoryText(BaseModel):
    """A category's name and description in one language."""

    category = ForeignKeyField(Category, backref="texts", on_delete="CASCADE")
    locale = CharField(max_length=10)
    name = CharField(max_length=80)
    description = CharField(max_length=300, default="")

    class Meta:
        indexes = ((("category", "locale"), True),)


class Thread(BaseModel):
    class Meta:
        # save() writes only the columns changed: a whole-row save of a stale copy (an author's
        # edit) must not undo what a moderator did meanwhile (hiding it after an outing-risk flag)
        only_save_dirty = True
        # the category page: a category's threads, pinned first, then by latest activity
        indexes = ((("category", "pinned", "last_activity_at"), False),)

    category = ForeignKeyField(Category, backref="threads", on_delete="CASCADE")
    # SET NULL: a deleted account's kept posts show as "former member"
    author = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="threads")
    title = CharField(max_length=120)
    # mirrors the opening post: a thread is only as visible as its first post
    status = CharField(max_length=20, default="visible", index=True)
    pinned = BooleanField(default=False)
    locked = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    last_activity_at = DateTimeField(default=utcnow, index=True)
    # kept by portal/forum/counters.py: visible posts, and the newest of them (for unread marks)
    post_count = IntegerField(default=0)
    last_post_id = IntegerField(default=0)
    last_post_at = DateTimeField(null=True)


class Post(BaseModel):
    class Meta:
        # save() writes only the columns changed: a whole-row save of a stale copy (an author's
        # edit) must not undo what a moderator did meanwhile (hiding it after an outing-risk flag)
        only_save_dirty = True

    thread = ForeignKeyField(Thread, backref="posts", on_delete="CASCADE")
    author = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="posts")
    body = TextField()
    # rendered once when written, so reading costs nothing
    html = TextField()
    status = CharField(max_length=20, default="visible", index=True)
    status_reason = CharField(max_length=300, default="")
    moderated_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    moderated_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    edited_at = DateTimeField(null=True)

    def is_opening(self):
        """Whether this post started its thread."""
        return not Post.select().where(Post.thread == self.thread_id, Post.id < self.id).exists()


class PostRevision(BaseModel):
    """The text a post had before an edit."""

    post = ForeignKeyField(Post, backref="revisions", on_delete="CASCADE")
    body = TextField()
    edited_by = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    note = CharField(max_length=300, default="")
    created_at = DateTimeField(default=utcnow)


class Flag(BaseModel):
    post = ForeignKeyField(Post, backref="flags", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="flags", on_delete="CASCADE")
    reason = CharField(max_length=20)
    note = CharField(max_length=500, default="")
    created_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("post", "member"), True),)


class Subscription(BaseModel):
    member = ForeignKeyField(Member, backref="subscriptions", on_delete="CASCADE")
    thread = ForeignKeyField(Thread, backref="subscriptions", on_delete="CASCADE")
    # False: the member turned it off, and replying must not turn it on again
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("member", "thread"), True),)


class ThreadRead(BaseModel):
    member = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    thread = ForeignKeyField(Thread, backref="+", on_delete="CASCADE")
    last_read_post_id = IntegerField(default=0)

    class Meta:
        indexes = ((("member", "thread"), True),)
