"""portal.text: Markdown to sanitised HTML, mentions and quotes."""

import re

import pytest

from portal.text import mentioned_handles, quote_markdown, render_markdown
from tests.forum_fixtures import HOSTILE, hostile_markup, tags_of

ALLOWED = {"p", "br", "em", "strong", "del", "ul", "ol", "li", "blockquote", "code", "pre", "a",
           "h3", "h4", "h5", "h6", "hr"}
REL = "nofollow noopener noreferrer"


# the allowlist ---------------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("Hello world", "<p>Hello world</p>"),
    ("*soft* and _soft_", "<p><em>soft</em> and <em>soft</em></p>"),
    ("**strong**", "<p><strong>strong</strong></p>"),
    ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
    ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
    ("use `code` here", "<p>use <code>code</code> here</p>"),
    ("```\nblock\n```", "<pre><code>block\n</code></pre>"),
    ("line one  \nline two", "<p>line one<br>\nline two</p>"),
    ("---", "<hr>"),
])
def test_markdown_allowlist_keeps_basic_formatting(source, expected):
    assert str(render_markdown(source)).strip() == expected


def test_strikethrough_survives_sanitising():
    # the renderer enables strikethrough; its tag must be on the allowlist, or ~~text~~ silently loses it
    html = str(render_markdown("~~gone~~")).strip()
    assert html in ("<p><s>gone</s></p>", "<p><del>gone</del></p>")


@pytest.mark.parametrize("hashes, tag", [("#", "h3"), ("##", "h4"), ("###", "h5"), ("####", "h6"),
                                         ("#####", "h6"), ("######", "h6")])
def test_headings_are_shifted_below_the_page_headings(hashes, tag):
    html = str(render_markdown(f"{hashes} Title"))
    assert html.strip() == f"<{tag}>Title</{tag}>"
    assert "<h1" not in html and "<h2" not in html


@pytest.mark.parametrize("url", ["https://example.org/page?a=1&b=2", "http://example.org",
                                 "mailto:someone@example.org"])
def test_links_keep_their_address_and_get_a_safe_rel(url):
    html = str(render_markdown(f"[a link]({url} \"A title\")"))
    (tag, attrs), = [found for found in tags_of(html) if found[0] == "a"]
    attributes = dict(attrs)
    assert attributes["href"] == url
    assert attributes["rel"] == REL
    assert attributes["title"] == "A title"
    assert set(attributes) == {"href", "rel", "title"}


def test_code_blocks_lose_their_class_attribute():
    html = str(render_markdown("```python\nprint(1)\n```"))
    assert "class=" not in html
    assert "<pre><code>print(1)\n</code></pre>" in html


def test_raw_html_is_shown_as_text_not_markup():
    html = str(render_markdown("<b>bold</b> and <i>it</i>"))
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize("source", ["![alt](https://example.org/a.png)",
                                    "![alt][ref]\n\n[ref]: https://example.org/a.png",
                                    '<img src="https://example.org/a.png">'])
def test_images_never_load(source):
    # nothing may load from another host: an image becomes at most a plain link
    html = str(render_markdown(source))
    assert "<img" not in html
    assert not [tag for tag, _attrs in tags_of(html) if tag not in ALLOWED]


def test_empty_and_missing_text_render_as_nothing():
    assert str(render_markdown("")) == ""
    assert str(render_markdown(None)) == ""


def test_rendered_html_is_markup_ready_for_a_template():
    assert hasattr(render_markdown("x"), "__html__")


# hostile text ----------------------------------------------------------------------------------

def test_there_are_at_least_thirty_hostile_payloads():
    assert len(HOSTILE) >= 30
    assert all(3 <= len(payload.strip()) <= 120 for payload in HOSTILE)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_renders_inert(payload):
    html = str(render_markdown(payload))
    lowered = html.lower()
    for needle in ("<script", "<svg", "<img", "<iframe", "<style", "<object", "<embed", "<form", "<input"):
        assert needle not in lowered, html
    assert hostile_markup(html) == [], html
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.I), html
    # only allowlisted tags, and on them only allowlisted attributes
    for tag, attrs in tags_of(html):
        assert tag in ALLOWED, html
        allowed_attributes = {"href", "title", "rel"} if tag == "a" else set()
        assert {name for name, _value in attrs} <= allowed_attributes, html
        for name, value in attrs:
            if name == "href":
                assert re.match(r"(https?:|mailto:)", value), html


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_stays_inert_inside_markdown_structures(payload):
    # the same payload in a list, a quote and a link text must not escape the allowlist either
    source = f"- {payload}\n\n> {payload}\n\n[{payload}](https://example.org)\n\n**{payload}**"
    html = str(render_markdown(source))
    assert hostile_markup(html) == [], html
    assert {tag for tag, _attrs in tags_of(html)} <= ALLOWED, html


def test_a_javascript_link_in_markdown_is_not_a_link():
    html = str(render_markdown("[click](javascript:alert(1))"))
    assert "<a" not in html


def test_a_data_link_in_markdown_is_not_a_link():
    html = str(render_markdown("[click](data:text/html;base64,PHNjcmlwdD4=)"))
    assert "<a" not in html


# mentions --------------------------------------------------------------------------------------

@pytest.mark.parametrize("source, handles", [
    ("Hi @alice and @bob-2, and again @alice.", ["alice", "bob-2"]),
    ("@carol_x at the start", ["carol_x"]),
    ("write to me at someone@example.org", []),
    ("see https://example.org/@alice", []),
    ("@@alice is not a mention", []),
    ("@ab is too short", []),
    ("مرحبا @علي", ["علي"]),
    ("", []),
    (None, []),
])
def test_mentioned_handles_finds_pseudonyms_once_in_order(source, handles):
    assert mentioned_handles(source) == handles


# quotes ----------------------------------------------------------------------------------------

def test_quote_markdown_quotes_every_line_and_names_the_author():
    assert quote_markdown("alice", "first line\n\nsecond line\n") == \
        "**alice:**\n> first line\n>\n> second line\n\n"


def test_a_quote_renders_as_a_blockquote_after_the_author():
    html = str(render_markdown(quote_markdown("alice", "first\nsecond")))
    assert html.startswith("<p><strong>alice:</strong></p>")
    assert "<blockquote>\n<p>first\nsecond</p>\n</blockquote>" in html


def test_a_quoted_hostile_post_stays_inert():
    html = str(render_markdown(quote_markdown("alice", "<script>alert(1)</script>\n[x](javascript:alert(1))")))
    assert hostile_markup(html) == []


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>", '<img src="x">', '<p onclick="x()">a</p>', '<a href=" JaVa\tScRiPt:alert(1)">a</a>',
    '<a href="data:text/html,x">a</a>', '<svg></svg>', '<iframe></iframe>', '<p style="color:red">a</p>',
    '<a href="&#106;avascript:alert(1)">a</a>',
])
def test_the_inertness_check_itself_catches_live_markup(html):
    # the hostile-text tests are only as good as this check
    assert hostile_markup(html) != []


def test_the_inertness_check_accepts_escaped_text():
    assert hostile_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt; onclick=x javascript:y</p>") == []


def test_plain_text_drops_markdown_marks_even_in_a_cut_snippet():
    from portal.text import plain_text

    assert plain_text("Bring **every letter** and [the list](https://example.org/x)") == "Bring every letter and the list"
    # a search snippet may start or end inside a mark
    assert plain_text("letter** from before the interview](https://example.org/x) with you") == \
        "letter from before the interview with you"
    assert plain_text("5 * 3 and user_name") == "5 * 3 and user_name"
