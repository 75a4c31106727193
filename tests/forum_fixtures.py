"""Fixtures and helpers for the forum tests: a small forum, its members' browsers, and HTML checks.

conftest.py loads the fixture (`forum`) for every test file; the helpers are imported from here.
"""

import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from portal.db import transaction, utcnow
from portal.forum import counters, moderating, posting, search
from portal.forum.models import Category, CategoryText, Post
from portal.text import render_markdown
from tests.conftest import make_member
from tests.helpers import fresh, sign_in

# At least 30 hostile texts, each short enough to be a thread title (3-120 characters).
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "![x](javascript:alert(1))",
    "![tracker](https://evil.example/pixel.png)",
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)//<</script>/script>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input autofocus onfocus=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x](jav\tascript:alert(1))",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=data:text/css,body{}>",
    '<video><source onerror="alert(1)"></video>',
    "<x onclick=alert(1)>click me</x>",
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "[x](data:image/svg+xml,<svg/onload=alert(1)>)",
    '<p title="&quot;><script>alert(1)</script>">x</p>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    '[x](https://example.org/"onmouseover="alert(1))',
    "<a href='&#x6A;avascript:alert(1)'>x</a>",
    "<isindex type=image src=1 onerror=alert(1)>",
]

BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
FORBIDDEN_TAGS = {"script", "svg", "img", "iframe", "style", "object", "embed", "math", "meta", "link",
                  "base", "video", "audio", "source", "template", "noscript", "isindex", "body", "frame"}
# what the site's own layout legitimately contains (paths; the query may carry a version)
SITE_SCRIPTS = {"/static/js/vendor/htmx-2.0.11.min.js", "/static/js/site.js"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def tags_of(html):
    """[(tag, [(attribute, value)])] of the markup, entities decoded as a browser would."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def _squash(value):
    # browsers ignore whitespace and control characters inside a URL scheme ("jav\tascript:")
    return re.sub(r"[\x00-\x20]+", "", value or "").lower()


def hostile_markup(html, *, page=False):
    """What in html could run script or load something: a list of findings (empty when inert).

    Escaped text is inert by definition, so the checks are on real tags and attributes.
    page=True allows the layout's own two same-site <script src> tags, its static links and its manifest.
    """
    findings = []
    if re.search(r"<\s*script", html, re.I) and not page:
        findings.append("<script")
    for tag, attrs in tags_of(html):
        attributes = dict(attrs)
        if tag == "script" and page and urlsplit(attributes.get("src") or "").path in SITE_SCRIPTS \
                and not urlsplit(attributes["src"]).netloc and len(attrs) <= 2:
            continue
        if tag == "link" and page and (attributes.get("href", "").startswith("/static/")
                                       or attributes.get("href") == "/manifest.webmanifest"):
            continue
        if tag == "meta" and page and "http-equiv" not in attributes:
            continue
        if tag == "body" and page and not any(name.startswith("on") for name in attributes):
            continue
        if tag in FORBIDDEN_TAGS:
            findings.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                findings.append(f"<{tag} {name}=>")
            if name == "style":
                findings.append(f"<{tag} style=>")
            if name in ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc") \
                    and _squash(value).startswith(BAD_SCHEMES):
                findings.append(f"<{tag} {name}={value!r}>")
    return findings


def post_ids_on(html):
    """The ids of the posts on a page, in page order."""
    return [int(found) for found in re.findall(r'<article class="post[^"]*" id="p(\d+)"', html)]


def thread_ids_on(html):
    """The ids of the threads a category page lists, in order."""
    return [int(found) for found in re.findall(r'<li class="thread-row[^"]*">\s*<a href="/forum/t/(\d+)"', html)]


def thread_row(html, thread_id):
    match = re.search(rf'<li class="thread-row[^"]*">\s*<a href="/forum/t/{thread_id}">.*?</li>', html, re.S)
    assert match, f"thread {thread_id} is not listed"
    return match.group(0)


def make_category(slug, names=None, position=0, archived=False):
    """A category with a name (and description) per locale; names is {locale: name or (name, description)}."""
    category = Category.create(slug=slug, position=position, archived=archived)
    for locale, text in (names or {"en": slug.title()}).items():
        name, description = text if isinstance(text, tuple) else (text, "")
        CategoryText.create(category=category, locale=locale, name=name, description=description)
    return category


def opening_post(thread):
    return Post.select().where(Post.thread == thread).order_by(Post.id).first()


def bulk_replies(thread, authors, count, text="Reply number {n}"):
    """Many visible replies at once, written straight to the table (fast; no notifications)."""
    now = utcnow()
    rows = []
    for n in range(count):
        body = text.format(n=n)
        rows.append({"thread": thread.id, "author": authors[n % len(authors)].id, "body": body,
                     "html": str(render_markdown(body)), "status": "visible", "status_reason": "",
                     "created_at": now})
    with transaction():
        for start in range(0, len(rows), 100):
            Post.insert_many(rows[start:start + 100]).execute()
        posts = list(Post.select().where(Post.thread == thread).order_by(Post.id))
        for post in posts[-count:]:
            search.index_post(post)  # as posting does, so search finds them on SQLite too
        counters.posts_changed(thread.id)  # as posting does, so counts and unread marks are right
    return posts


class Forum(SimpleNamespace):
    """A category, members and a thread; browsers for the members are made when first asked for."""

    def browser(self, member):
        if member.id not in self._browsers:
            self._browsers[member.id] = sign_in(self.app, member)
        return self._browsers[member.id]

    def thread_by(self, author, title="Where to find a lawyer", body="Opening post text", category=None):
        return posting.create_thread(category or self.category, fresh(author), title, body)

    def reply(self, author, body="A reply", thread=None):
        return posting.add_reply(thread or self.thread, fresh(author), body)

    def approve(self, post):
        moderating.approve_post(Post.get_by_id(post.id), self.moderator)


@pytest.fixture
def forum(app):
    """Alice started a visible thread in "housing"; Bob and Carol are members; Mo moderates.

    Their posts skip review (FORUM_REVIEW_FIRST_POSTS = 0): the review tests set it back themselves.
    """
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    category = make_category("housing", {"en": ("Housing and work", "Finding a home"),
                                         "nl": ("Wonen en werk", "Een huis vinden")}, position=1)
    alice, bob, carol = (make_member(handle) for handle in ("alice", "bob", "carol"))
    moderator = make_member("mo", "moderator")
    thread = posting.create_thread(category, alice, "Where to find a lawyer", "Opening post text")
    return Forum(app=app, category=category, alice=alice, bob=bob, carol=carol, moderator=moderator,
                 thread=thread, opening=opening_post(thread), _browsers={})


def newcomer_posts_wait(app):
    """A member's first posts wait for review again (the site's default of 3)."""
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 3


