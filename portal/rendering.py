"""One view, two outputs: the whole page, or the fragment an htmx request asked for."""

from urllib.parse import urlsplit

from flask import flash, make_response, redirect, render_template, request, url_for


def render(template, fragment=None, status=200, *, flash_message=None, flash_category="success", redirect_to=None,
           target=None, swap=None, **context):
    """The one way a view answers, with the same context whichever way it goes.

    Without a page template the fragment is the page. An htmx request gets the fragment (into
    `target` with `swap` when it should land elsewhere than the element that asked), and
    `flash_message` out of band in the page's message region. Any other request gets
    `flash_message` flashed, then a 303 to `redirect_to` (after a successful POST) or the whole page.
    """
    if fragment is not None and request.htmx and not request.htmx.boosted:
        body = render_template(fragment, **context)
        if flash_message:
            body += render_template("_messages.html", messages=[(flash_category, flash_message)], out_of_band=True)
        response = make_response(body, status)
        if target:
            response.headers["HX-Retarget"] = target
        if swap:
            response.headers["HX-Reswap"] = swap
    else:
        if flash_message:
            flash(flash_message, flash_category)
        if redirect_to is not None:
            response = redirect(redirect_to, 303)
        else:
            response = make_response(render_template(template or fragment, **context), status)
    response.vary.add("HX-Request")
    return response


def redirect_or_fragment(url, fragment, **context):
    """After a successful POST: 303 to url, or for htmx the fragment to swap in place."""
    return render(None, fragment, redirect_to=url, **context)


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
