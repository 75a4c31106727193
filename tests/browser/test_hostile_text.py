"""Hostile text in a real browser: XSS payloads as thread titles, post bodies, flag notes and a search
query stay inert on every forum page that shows them.

Each payload, if it ever ran, would open a dialog or set window.__xss (to its own number, so a
failure names it). The Content-Security-Policy would block most of them even then, so the test
also looks at the DOM itself: no markup from a payload may survive, whether or not it could run.
"""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from portal.forum import moderating, posting
from portal.forum.models import Post
from tests.browser.helpers import forum_category, make_staff, record_dialogs, sign_in
from tests.conftest import make_member

pytestmark = pytest.mark.browser

# %N% becomes the payload's number; every payload fits a title (at most 120 characters)
PAYLOADS = [
    "<script>alert(%N%)</script>",
    "<script>window.__xss=%N%</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="window.__xss=%N%;alert(%N%)">',
    "<img src=https://evil.example/pixel.png>",
    '<svg onload="window.__xss=%N%">',
    "<svg><script>alert(%N%)</script></svg>",
    '<svg><a xlink:href="javascript:alert(%N%)"><text x="20" y="20">tap</text></a></svg>',
    "<body onload=alert(%N%)>",
    '<iframe src="javascript:alert(%N%)"></iframe>',
    '<iframe srcdoc="<script>parent.__xss=%N%</script>"></iframe>',
    "[tap here](javascript:alert(%N%))",
    "[tap here](JaVaScRiPt:window.__xss=%N%)",
    "[tap here](&#x6A;avascript:alert(%N%))",
    "[tap here](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(%N%)">raw link</a>',
    '<a href="data:text/html,<script>alert(%N%)</script>">raw data link</a>',
    "<javascript:alert(%N%)>",
    "![pixel](https://evil.example/pixel.png?%N%)",
    '<div style="width:expression(alert(%N%))">styled</div>',
    "<style>@import 'https://evil.example/x.css';body{display:none}</style>",
    '<p style="background:url(javascript:alert(%N%))">bg</p>',
    "&lt;script&gt;alert(%N%)&lt;/script&gt;",
    "&#60;script&#62;window.__xss=%N%&#60;/script&#62;",
    "<scr<script>ipt>alert(%N%)</scr</script>ipt>",
    "<<script>script>alert(%N%)//<</script>/script>",
    '<img src="x" onerror="window.__xss=%N%"',
    '<a href="https://example.org" onmouseover="window.__xss=%N%',
    '"><script>alert(%N%)</script>',
    "'><img src=x onerror=window.__xss=%N%>",
    "</textarea><script>alert(%N%)</script>",
    "</title><script>alert(%N%)</script>",
    "{{7*7}} {{ config }} {% print(%N%) %}",
    "${alert(%N%)} #{7*7} <%= 7*7 %>",
    "{{constructor.constructor('window.__xss=%N%')()}}",
    "[@hostile-mod](javascript:alert(%N%)) <a href=javascript:alert(%N%)>@hostile-mod</a>",
    '[ok](https://example.org/"onmouseover="window.__xss=%N%)',
    '<div hx-get="/logout" hx-trigger="load">htmx</div><a hx-on:click="window.__xss=%N%">x</a>',
    '<form action="javascript:alert(%N%)"><button formaction="javascript:alert(%N%)">go</button></form>',
    '<object data="javascript:alert(%N%)"></object><embed src="javascript:alert(%N%)">',
    '<math><mi xlink:href="javascript:alert(%N%)">m</mi></math><base href="https://evil.example/">',
    '<a id="posts" name="reply-form">clobber</a><input name="csrf_token" value="x%N%">',
    "\u202etxt.exe \u2067<script>alert(%N%)</script>\u2069 \u200f",
]
PAYLOADS = [payload.replace("%N%", str(number)) for number, payload in enumerate(PAYLOADS, 1)]
SEARCH_WORD = "zebra"

# Markup no payload may leave behind. Anywhere on the page: no event handler attribute, no
# javascript:, data: or vbscript: value, no link outside http(s) and mailto. Inside what members
# wrote: only the elements and attributes portal/text.py allows (and the <bdi> and <mark> the
# templates put around titles and search matches).
FIND_LEFTOVERS = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
      if (/^\\s*(javascript|data|vbscript):/i.test(attr.value)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    if (!["http:", "https:", "mailto:"].includes(a.protocol)) found.push(`link to ${a.href}`);
  }
  const tags = new Set(["P", "BR", "EM", "STRONG", "DEL", "UL", "OL", "LI", "BLOCKQUOTE", "CODE", "PRE", "A",
                        "H3", "H4", "H5", "H6", "HR", "BDI", "MARK"]);
  const written = ".post-body, .snippet, .flags, h1, .thread-list bdi, .search-results bdi, .notifications a, " +
                  ".breadcrumb a, .category-list h2 a, .category-list > li > p:not(.meta), #reply-form textarea";
  for (const box of document.querySelectorAll(written)) {
    for (const el of box.querySelectorAll("*")) {
      if (!tags.has(el.tagName)) found.push(`<${el.tagName}> in ${box.className || box.tagName}`);
      for (const attr of el.attributes) {
        if (!(el.tagName === "A" && ["href", "title", "rel"].includes(attr.name))) {
          found.push(`${el.tagName} ${attr.name} in ${box.className || box.tagName}`);
        }
      }
    }
  }
  return found;
}"""


def per_page(total, size):
    """How many items each page of a paginated list shows."""
    return [min(size, total - start) for start in range(0, total, size)]


@pytest.fixture
def hostile_forum(app):
    """Every payload as a thread title and its opening post, flagged, and mentioning the moderator."""
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    category = forum_category("hostile", "Hostile <b>category</b> <img src=x onerror=window.__xss=99>",
                              "<script>window.__xss=98</script> [x](javascript:alert(98))")
    moderator = make_staff("hostile-mod")
    author = make_member("hostile-author")
    flagger = make_member("hostile-flagger")
    threads = []
    for payload in PAYLOADS:
        title = " ".join(payload.split())[:120]
        # the mention puts the title into the moderator's notifications; the word makes it searchable
        thread = posting.create_thread(category, author, title, f"{payload}\n\n{SEARCH_WORD} @hostile-mod")
        opening = Post.get(Post.thread == thread)
        # one flag does not hide a post: it stays visible and waits in the queue, with its note
        moderating.flag_post(opening, flagger, "spam", payload)
        threads.append((thread, opening))
    return category, moderator, threads


def test_hostile_text_stays_inert_on_every_forum_page(tab, hostile_forum):
    category, moderator, threads = hostile_forum
    page = tab.page
    dialogs = record_dialogs(page)
    sign_in(page, moderator.handle)

    def visit(path, expected_items=None):
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        if expected_items:
            locator, count = expected_items
            expect(page.locator(locator)).to_have_count(count)
        assert page.evaluate("typeof window.__xss") == "undefined", f"{path}: payload {page.evaluate('window.__xss')} ran"
        assert page.evaluate(FIND_LEFTOVERS) == [], path

    visit("/forum")
    visit("/forum/new")
    for number, count in enumerate(per_page(len(PAYLOADS), 25), 1):
        visit(f"/forum/{category.slug}?page={number}", ("li.thread-row", count))
    for (thread, opening), payload in zip(threads, PAYLOADS, strict=True):
        # quoting puts the payload's source into the reply box too
        visit(f"/forum/t/{thread.id}?quote={opening.id}", ("#posts > article", 1))
        # the title arrives as text: the template-looking ones are not evaluated either
        expect(page.locator("h1")).to_have_text(thread.title)
        expect(page.get_by_label("Your reply")).to_have_value(re.compile(re.escape(payload.splitlines()[0][:40])))
    for number, count in enumerate(per_page(len(PAYLOADS), 20), 1):
        visit(f"/forum/search?q={SEARCH_WORD}&page={number}", (".search-results > li", count))
    # the query comes back in the search box
    for query in ('"><img src=x onerror=window.__xss=97> zebra', "</title><script>alert(96)</script>"):
        visit(f"/forum/search?q={quote(query)}")
        expect(page.get_by_label("Words to find")).to_have_value(query)
    for number, count in enumerate(per_page(len(PAYLOADS), 30), 1):
        visit(f"/moderation/posts?page={number}", ("article.queue-item", count))
    visit("/notifications", (".notifications > li", len(PAYLOADS)))

    assert dialogs == []
    assert tab.errors == [], "no script error, no CSP violation, no blocked load"
    assert tab.foreign_requests() == []
