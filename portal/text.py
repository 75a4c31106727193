"""Markdown to safe HTML: the only place where user text becomes markup."""

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "em", "strong", "del", "s", "ul", "ol", "li", "blockquote", "code", "pre",
                "a", "h3", "h4", "h5", "h6", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"

# commonmark with raw HTML off; images off (nothing may load from another host)
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("strikethrough").disable("image")

LEFTOVER_MARKS = re.compile(r"\]\(\S*|(?<=\w)\*+|\*+(?=\w)|~~+|`+|[\[\]]")
MENTION = re.compile(r"(?<![\w@/])@([\w-]{3,30})")


def _shift_headings(tokens):
    # a post's "# Title" must not outrank the page's own h1 and h2
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
    return tokens


def render_markdown(source):
    """Markdown source -> sanitised HTML (as Markup, ready for a template)."""
    tokens = _shift_headings(_markdown.parse(source or ""))
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                            url_schemes=ALLOWED_URL_SCHEMES, link_rel=LINK_REL,
                            clean_content_tags={"script", "style"}))


def plain_text(source):
    """Markdown source -> the words only, without its marks (for snippets and previews)."""
    words = []
    for block in _markdown.parse(source or ""):
        for token in block.children or []:
            if token.type in ("text", "code_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if block.type == "inline":
            words.append(" ")
    # a snippet starts or ends inside a mark ("letter** from", "interview](https://…"): drop what is left of it
    text = LEFTOVER_MARKS.sub("", "".join(words))
    return " ".join(text.split())


def mentioned_handles(source):
    """The pseudonyms written as @name in a text, in order, without repeats."""
    seen = []
    for handle in MENTION.findall(source or ""):
        if handle not in seen:
            seen.append(handle)
    return seen


def quote_markdown(author, source):
    """A post's text as a Markdown quote, to start a reply with."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in (source or "").strip().splitlines())
    return f"**{author}:**\n{quoted}\n\n"
