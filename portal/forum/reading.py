"""What a reader sees: categories, threads and posts, each page in a fixed number of queries."""

from flask import current_app
from peewee import JOIN, fn

from portal import policy
from portal.db import Prepared, transaction
from portal.forum.models import Category, CategoryText, Flag, Post, Subscription, Thread, ThreadRead
from portal.members.models import Member
from portal.paging import paginate

THREADS_PER_PAGE = 25


def posts_per_page():
    """Posts on one page of a thread (the FORUM_POSTS_PER_PAGE setting)."""
    return current_app.config["FORUM_POSTS_PER_PAGE"]


def author_columns():
    """What a page shows of an author: never the password hash or the two-factor secret."""
    return (Member.id, Member.handle, Member.role)


def visible_post_condition(user):
    """Posts a person may see: visible ones, their own pending or hidden ones; staff see all but deleted."""
    if policy.is_moderator(user):
        return Post.status != "deleted"
    return (Post.status == "visible") | ((Post.author == user.id) & Post.status.in_(("pending", "hidden")))


def visible_thread_condition(user):
    return _visible_thread_condition(user.id, policy.is_moderator(user))


def _visible_thread_condition(member_id, staff):
    if staff:
        return Thread.status != "deleted"
    return (Thread.status == "visible") | ((Thread.author == member_id) & Thread.status.in_(("pending", "hidden")))


def category_texts(categories, locale):
    """{category id: CategoryText} in the reader's language, else the site's, else any."""
    default = current_app.config["DEFAULT_LOCALE"]
    preference = {locale: 0, default: 1, "en": 2}
    best = {}
    texts = CategoryText.select().where(CategoryText.category.in_([c.id for c in categories]))
    for text in texts:
        rank = preference.get(text.locale, 3)
        if text.category_id not in best or rank < best[text.category_id][0]:
            best[text.category_id] = (rank, text)
    return {category_id: text for category_id, (_rank, text) in best.items()}


def category_overview(locale):
    """Every category in the admin's order, with its text, thread and post counts and latest activity."""
    # the counts are kept by every write (portal/forum/counters.py): nothing is added up here
    categories = list(Category.select().order_by(Category.position, Category.id))
    texts = category_texts(categories, locale)
    return [(category, texts.get(category.id),
             {"threads": category.thread_count, "posts": category.post_count, "latest": category.last_post_at})
            for category in categories]


def thread_list(category, user, page_arg):
    """A page of a category's threads: pinned first, then by latest activity, with counts and unread marks."""
    query = (Thread.select(Thread, *author_columns())
             .join(Member, JOIN.LEFT_OUTER, on=(Thread.author == Member.id))
             .where(Thread.category == category, visible_thread_condition(user))
             .order_by(Thread.pinned.desc(), Thread.last_activity_at.desc(), Thread.id.desc()))
    counted = Thread.select(Thread.id).where(Thread.category == category, visible_thread_condition(user))
    page = paginate(query, page_arg, THREADS_PER_PAGE, counted)
    ids = [thread.id for thread in page.items]
    read_upto = {}
    if ids:
        read_upto = {row.thread_id: row.last_read_post_id for row in
                     ThreadRead.select().where(ThreadRead.thread.in_(ids), ThreadRead.member == user.id)}
    for thread in page.items:
        # post_count and last_post_id count visible posts, kept by every write
        thread.unread = thread.last_post_id > read_upto.get(thread.id, 0)
    return page


def thread_posts(thread, user, page_arg):
    """A page of a thread's posts with their authors, and which of them this reader has flagged."""
    query = (Post.select(Post, *author_columns())
             .join(Member, JOIN.LEFT_OUTER, on=(Post.author == Member.id))
             .where(Post.thread == thread, visible_post_condition(user))
             .order_by(Post.id))
    counted = Post.select(Post.id).where(Post.thread == thread, visible_post_condition(user))
    page = paginate(query, page_arg, posts_per_page(), counted)
    flagged = set()
    if page.items:
        flagged = {flag.post_id for flag in Flag.select(Flag.post).where(
            Flag.member == user.id, Flag.post.in_([post.id for post in page.items]))}
    return page, flagged


def page_of_post(post, user):
    """The page of its thread a post is on, for links that land on it."""
    before = (Post.select().where(Post.thread == post.thread_id, Post.id < post.id,
                                  visible_post_condition(user)).count())
    return before // posts_per_page() + 1


def _threads_for(member_id, staff):
    """Threads the reader may see, each with its category, how far the reader has read, and whether they follow it."""
    read_upto = (ThreadRead.select(ThreadRead.last_read_post_id)
                 .where(ThreadRead.thread == Thread.id, ThreadRead.member == member_id))
    following = (Subscription.select(fn.COUNT(Subscription.id))
                 .where(Subscription.thread == Thread.id, Subscription.member == member_id,
                        Subscription.active == True))  # noqa: E712
    return (Thread.select().where(_visible_thread_condition(member_id, staff)).join(Category).select_extend(
        Category, fn.COALESCE(read_upto, 0).alias("read_upto"), following.alias("following")))


# every thread page and reply looks its thread up this way: the SQL is built once (portal.db.Prepared)
_readable_thread = {staff: Prepared(lambda member_id, thread_id, staff=staff: _threads_for(member_id, staff)
                                    .where(Thread.id == thread_id))
                    for staff in (False, True)}


def readable_thread(user, thread_id):
    """The thread if this reader may see it, with its category, read marker and following, else None."""
    return _readable_thread[policy.is_moderator(user)].get_or_none(user.id, thread_id)


def mark_read(thread, user, posts, read_upto=None):
    """Remember the newest post this reader has now seen in the thread; no write when that is not news."""
    newest = max((post.id for post in posts), default=0)
    if not newest or (read_upto is not None and newest <= read_upto):
        # reading a page again changes nothing: no write transaction, no lock taken
        return
    with transaction():
        updated = (ThreadRead.update(last_read_post_id=newest)
                   .where(ThreadRead.thread == thread, ThreadRead.member == user.id,
                          ThreadRead.last_read_post_id < newest).execute())
        if not updated:
            ThreadRead.insert(thread=thread, member=user.id, last_read_post_id=newest).on_conflict_ignore().execute()


def is_subscribed(thread, user):
    return Subscription.select().where(Subscription.thread == thread, Subscription.member == user.id,
                                       Subscription.active == True).exists()  # noqa: E712
