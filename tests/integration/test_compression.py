"""Harbour compresses what it sends by itself: static files once, pages as they go, never for another site."""

import gzip
from pathlib import Path

import brotli
import pytest

from tests.conftest import make_member
from tests.helpers import sign_in

SAME_SITE = {"Accept-Encoding": "br, gzip", "Sec-Fetch-Site": "same-origin"}
HTMX = "js/vendor/htmx-2.0.11.min.js"


@pytest.mark.parametrize("encoding, unpack", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_static_files_come_precompressed_and_unpack_to_the_file(client, app, encoding, unpack):
    source = Path(app.static_folder) / HTMX
    response = client.get(f"/static/{HTMX}?v=1", headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in response.headers["Cache-Control"]
    assert unpack(response.data) == source.read_bytes()


def test_site_script_and_sheet_are_sent_without_comments_but_whole(client):
    script = brotli.decompress(client.get("/static/js/site.js", headers={"Accept-Encoding": "br"}).data).decode()
    sheet = brotli.decompress(client.get("/static/css/site.css", headers={"Accept-Encoding": "br"}).data).decode()
    assert "Quick exit: the button" not in script and "data-quick-exit" in script and "location.replace" in script
    assert "/*" not in sheet and ".quick-exit" in sheet


def test_a_browser_that_accepts_no_compression_gets_the_plain_file(client, app):
    response = client.get(f"/static/{HTMX}", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.data == (Path(app.static_folder) / HTMX).read_bytes()
    response.close()


def test_a_conditional_request_for_a_compressed_file_gets_304(client):
    first = client.get(f"/static/{HTMX}", headers={"Accept-Encoding": "br"})
    again = client.get(f"/static/{HTMX}", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/static/../portal/config.py", "/static/%2e%2e/portal/config.py", "/static/none.js"])
def test_nothing_outside_the_static_folder_is_served(client, path):
    assert client.get(path, headers={"Accept-Encoding": "br"}).status_code == 404


def test_pages_are_compressed_for_harbours_own_requests(app):
    browser = sign_in(app, make_member("reader"))
    response = browser.get("/forum", headers=SAME_SITE)
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert b"<h1>" in brotli.decompress(response.data)
    assert browser.get("/forum", headers=dict(SAME_SITE, **{"Accept-Encoding": "gzip"})).headers[
        "Content-Encoding"] == "gzip"


@pytest.mark.parametrize("site", ["cross-site", "same-site", None])
def test_pages_asked_for_by_another_site_are_not_compressed(app, site):
    """BREACH: another site makes the browser load a page again and again and watches its compressed size."""
    browser = sign_in(app, make_member("reader"))
    headers = {"Accept-Encoding": "br, gzip"}
    if site:
        headers["Sec-Fetch-Site"] = site
    response = browser.get("/forum/search?q=csrf_token", headers=headers)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert b"csrf_token" in response.data
