"""Compressed responses from Harbour itself, with or without a reverse proxy in front.

Static files are compressed once (brotli at its best, and gzip) and kept in memory; pages are compressed as
they are sent (Flask-Compress). A page is compressed only for a request from Harbour's own pages or typed in
by the person (Sec-Fetch-Site): another site that makes a browser load a page many times and watches its
size on the network (BREACH) would otherwise learn secrets in it, such as the form token.
"""

import gzip
import mimetypes
import os

import brotli
import rcssmin
import rjsmin
from flask import abort, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

compress = Compress()
ENCODINGS = ("br", "gzip")
SAME_SITE = {"same-origin", "none"}
COMPRESSIBLE = {".css", ".js", ".svg", ".txt", ".json", ".html"}
_static = {}


def _encode(path, encoding):
    with open(path, "rb") as source:
        data = source.read()
    # comments and indentation stay in the source, not on the wire
    if path.endswith(".css"):
        data = rcssmin.cssmin(data)
    elif path.endswith(".js") and not path.endswith(".min.js"):
        data = rjsmin.jsmin(data)
    if encoding == "br":
        return brotli.compress(data, quality=11, mode=brotli.MODE_TEXT)
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompressed(path, encoding):
    """The file compressed with encoding, made once per process and version of the file; None if not worth it."""
    if os.path.splitext(path)[1] not in COMPRESSIBLE:
        return None
    key = (path, os.stat(path).st_mtime_ns, encoding)
    if key not in _static:
        _static[key] = _encode(path, encoding)
    return _static[key]


def static_file(filename):
    """A static file, precompressed when the browser accepts brotli or gzip."""
    app = current_app._get_current_object()
    path = safe_join(app.static_folder, filename)
    encoding = request.accept_encodings.best_match(ENCODINGS)
    if path is None or not os.path.isfile(path):
        abort(404)
    body = precompressed(path, encoding) if encoding else None
    if body is None:
        response = app.send_static_file(filename)
        response.vary.add("Accept-Encoding")
        return response
    response = app.response_class(body, mimetype=mimetypes.guess_type(filename)[0] or "application/octet-stream")
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{os.stat(path).st_mtime_ns:x}-{len(body):x}-{encoding}")
    return response.make_conditional(request)


def warm(app):
    """Compress every static file now (gunicorn --preload: once, in the master, before the workers fork)."""
    for folder, _dirs, files in os.walk(app.static_folder):
        for name in files:
            for encoding in ENCODINGS:
                precompressed(os.path.join(folder, name), encoding)


def compress_page(response):
    """Compress a page for a request that came from Harbour itself or from the address bar."""
    if request.endpoint == "static" or request.headers.get("Sec-Fetch-Site") not in SAME_SITE:
        response.vary.add("Accept-Encoding")
        return response
    return compress.after_request(response)


def init_app(app):
    """Register compression; create_app calls this first, so that it runs after every other after_request."""
    app.config.setdefault("COMPRESS_ALGORITHM", list(ENCODINGS))
    # 5: within 1-2% of levels 6-9 for a page; 10 and 11 save a further 200-300 bytes of a thread
    # page but cost 7-20 ms of the server's time each, more than building the page itself
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", 512)
    app.config["COMPRESS_REGISTER"] = False
    compress.init_app(app)
    app.after_request(compress_page)
    app.view_functions["static"] = static_file
