"""One view, two outputs: the whole page, or the fragment an htmx request asked for."""

from urllib.parse import urlsplit

from flask import make_response, redirect, render_template, request, url_for


def render(template, fragment=None, status=200, **context):
    """Render the page template, or only the fragment for an htmx request; either way the same context."""
    wants_fragment = fragment is not None and bool(request.htmx) and not request.htmx.boosted
    response = make_response(render_template(fragment if wants_fragment else template, **context), status)
    response.vary.add("HX-Request")
    return response


def redirect_or_fragment(url, fragment, **context):
    """After a successful POST: 303 to url, or for htmx the fragment to swap in place."""
    if request.htmx:
        response = make_response(render_template(fragment, **context))
        response.vary.add("HX-Request")
        return response
    return redirect(url, 303)


def safe_next(target, default):
    """A local path to go on to, never another site."""
    if not target or any(ord(char) < 32 or char == "\\" for char in target):
        # browsers drop tabs and newlines and read "\\" as "/": "/\t/evil.example" is "//evil.example"
        return default
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc:
        return target
    return default


class IdUrl:
    """url_for(endpoint, key=N, ...) for many N at the cost of one call: a list page builds each row's link from it."""

    MARKER = 2_147_480_001

    def __init__(self, endpoint, key, **values):
        self.head, self.tail = url_for(endpoint, **{key: self.MARKER}, **values).split(str(self.MARKER), 1)

    def __call__(self, ident):
        # int(): only a number ever goes into the link
        return f"{self.head}{int(ident)}{self.tail}"


def init_app(app):
    app.jinja_env.globals["url_for_id"] = IdUrl
