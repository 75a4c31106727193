"""Seed a benchmark database: the small data set or the large one (100,000 posts, 5,000 threads, 10,000 members).

Rows go straight into the tables in a few big transactions (fast), then through the same counters and search
index that posting keeps, so every page reads what it would read after real use.

Run by hand: .venv/bin/python bench/seed.py small /tmp/small.db   (or: large /tmp/large.db)
"""

import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.security import generate_password_hash

from portal import create_app, db
from portal.calendar.models import Meetup, Rsvp
from portal.forum import counters, search
from portal.forum.models import Category, CategoryText, Post, Thread, ThreadRead
from portal.members.models import Member, Region
from portal.text import render_markdown

PASSWORD = "benchmark password"
READER = "bench-reader"
SIZES = {
    # members, categories, threads, posts per thread (the first threads hold 50 posts, for the long page)
    "small": (60, 6, 180, 20),
    "large": (10_000, 6, 5_000, 20),
}
WORDS = ("lawyer appointment interview housing shelter language course doctor letter procedure friend "
         "meeting evening train ticket bicycle weather kitchen library garden music film walk coffee").split()


def paragraph(rng, n):
    words = [rng.choice(WORDS) for _ in range(18 + n % 25)]
    # "harbour" is in every post, for the search that matches everything
    return f"Post {n}: harbour " + " ".join(words) + ". Some *emphasis* and a [link](https://example.org)."


def seed(size, path):
    """Create and fill a database file for one of SIZES; returns the reader's pseudonym."""
    members, categories, threads, per_thread = SIZES[size]
    rng = random.Random(14)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench", "REQUIRE_STAFF_2FA": False})
    db.migrate()
    now = datetime.datetime(2026, 12, 1, 12, 0)
    password_hash = generate_password_hash(PASSWORD)
    with app.app_context(), db.database.connection_context():
        with db.transaction():
            region = Region.create(name="North")
            names = [READER if n == 0 else f"member{n}" for n in range(members)]
            rows = [dict(handle=name, handle_key=name, login_name=name, login_key=name, password_hash=password_hash,
                         role="organiser" if n < 5 else "member",
                         languages=" en nl ", region=region, created_at=now) for n, name in enumerate(names)]
            for start in range(0, len(rows), 500):
                Member.insert_many(rows[start:start + 500]).execute()
            member_ids = [m.id for m in Member.select(Member.id).order_by(Member.id)]
            category_ids = []
            for n in range(categories):
                category = Category.create(slug=f"topic-{n}", position=n)
                CategoryText.create(category=category, locale="en", name=f"Topic {n}",
                                    description="Questions and answers about daily life.")
                category_ids.append(category.id)
            post_number = 0
            for t in range(threads):
                count = 50 if t < 2 else per_thread
                started = now - datetime.timedelta(minutes=10 * (threads - t) + count)
                thread = Thread.create(category=category_ids[t % categories], author=member_ids[t % members],
                                       title=f"Thread {t} about {rng.choice(WORDS)}", created_at=started,
                                       last_activity_at=started + datetime.timedelta(minutes=count))
                post_rows = []
                for p in range(count):
                    body = paragraph(rng, post_number)
                    post_number += 1
                    post_rows.append(dict(thread=thread.id, author=member_ids[(t + p * 7) % members], body=body,
                                          html=render_markdown(body),
                                          created_at=started + datetime.timedelta(minutes=p)))
                Post.insert_many(post_rows).execute()
            for post in Post.select(Post.id, Post.body, Post.thread).order_by(Post.id).iterator():
                search.PostSearch.insert(rowid=post.id, title="", body=post.body).execute()
            for thread_id in Thread.select(Thread.id).tuples().iterator():
                counters.thread_changed(thread_id[0])
            for category_id in category_ids:
                counters.category_changed(category_id)
            # the reader has read some threads: unread marks differ from row to row
            reader = member_ids[0]
            read = [dict(member=reader, thread=thread_id, last_read_post_id=last)
                    for thread_id, last in Thread.select(Thread.id, Thread.last_post_id).tuples() if thread_id % 3 == 0]
            for start in range(0, len(read), 500):
                ThreadRead.insert_many(read[start:start + 500]).execute()
            for n in range(12):
                starts = datetime.datetime(2026, 12, 2 + 2 * n, 17, 0)
                meetup = Meetup.create(organiser=member_ids[n % 5], title=f"Meet-up {n}", starts_at=starts,
                                       ends_at=starts + datetime.timedelta(hours=2), region=region,
                                       public_area="Centre", languages=" en ", description="Coffee and talk.",
                                       description_html=render_markdown("Coffee and talk."))
                Rsvp.create(meetup=meetup, member=member_ids[(n * 13) % members])
        db.analyse()
    return READER


if __name__ == "__main__":
    print(seed(sys.argv[1], Path(sys.argv[2])))
