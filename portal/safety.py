"""What every response carries: strict headers, no caching of private pages, kind error pages."""

from flask import Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from portal import inputs

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])

ERRORS = {
    400: (_l("Something went wrong with this form"),
          _l("The page may have been open for a long time, or the form was sent twice. "
             "Go back, reload the page and try again.")),
    403: (_l("This page is not for you"),
          _l("Your account cannot open this page.")),
    404: (_l("Page not found"),
          _l("This page does not exist, or it is not visible to you.")),
    405: (_l("This does not work here"),
          _l("This web address cannot be used this way.")),
    413: (_l("This is too large to send"),
          _l("What you sent is larger than this site accepts. Go back, make it shorter, and try again.")),
    429: (_l("Please wait a moment"),
          _l("There were too many attempts. Try again in a few minutes.")),
    500: (_l("Something went wrong on our side"),
          _l("Nothing you did caused this. Try again in a little while.")),
}

# pages a search engine may list; every other page asks not to be indexed
INDEXABLE_ENDPOINTS = {"public.landing"}


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.endpoint not in INDEXABLE_ENDPOINTS:
        headers["X-Robots-Tag"] = "noindex, nofollow"
    if request.endpoint != "static":
        # a shared phone must not show someone's page from the cache
        headers["Cache-Control"] = "no-store"
    elif request.args.get("v"):
        # versioned URL (portal/assets.py): the content behind it never changes
        headers["Cache-Control"] = "public, max-age=31536000, immutable"
    if current_app.config["HTTPS"]:
        headers["Strict-Transport-Security"] = "max-age=63072000"
    return response


def error_page(error):
    code = getattr(error, "code", 500) or 500
    if code not in ERRORS:
        code = 500
    title, message = ERRORS[code]
    return render_template("errors/error.html", code=code, title=title, message=message), code


def untrusted_host(error):
    """A request for a host that is not BASE_URL's (TRUSTED_HOSTS): refused, and no link is built for it."""
    # plain text: without a trusted host Flask cannot build the page's links
    return Response(f"{ERRORS[400][0]}\n", status=400, mimetype="text/plain")


def too_large_page(error):
    """The 413 page, after reading the rest of the body, so the client is not reset mid-send."""
    inputs.drain_body()
    response = current_app.make_response(error_page(error))
    response.headers["Connection"] = "close"
    return response


def init_app(app):
    app.after_request(security_headers)
    for code in ERRORS:
        app.register_error_handler(code, error_page)
    app.register_error_handler(413, too_large_page)
    app.register_error_handler(CSRFError, error_page)
    app.register_error_handler(SecurityError, untrusted_host)
