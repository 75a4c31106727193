"""Browser fixtures: one headless Chromium per run, the app on a real port, a stand-in neutral site.

For tests/browser and the security suite's browser tests alike: one Chromium for both, as Playwright's
sync API runs one instance per thread.

Each test gets fresh browser contexts (no shared cookies) whose requests and console errors are
recorded, so a test can say "nothing went to another host" and "no Content-Security-Policy
violation" about exactly what it did.
"""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from tests.browser.helpers import NEUTRAL_TITLE, Tab

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _no_browser(reason):
    """Skip, or fail where browser tests must run (CI sets PORTAL_REQUIRE_BROWSER=1)."""
    message = f"browser tests need {reason}"
    if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message}, and PORTAL_REQUIRE_BROWSER=1 says they must run", pytrace=False)
    pytest.skip(f"{message} (apt-get install chromium); set PORTAL_REQUIRE_BROWSER=1 to make this an error")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _no_browser(f"Debian's Chromium at {CHROMIUM}, which is not installed")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


class _ServerThread:
    """serve_forever in a daemon thread, stopped and its socket closed at the end."""

    def __init__(self, server):
        self.server = server
        # a short poll interval: shutdown() waits for the next poll, once per test
        self.thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


class _NeutralPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{NEUTRAL_TITLE}</title>"
                f"</head><body><h1>{NEUTRAL_TITLE}</h1><p>Sunny, 21 degrees.</p></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def neutral_site():
    """The stand-in for the neutral site quick exit goes to: a page titled "Weather"."""
    server = _ServerThread(ThreadingHTTPServer(("127.0.0.1", 0), _NeutralPage))
    yield server.url
    server.stop()


@pytest.fixture
def neutral_url(app, neutral_site):
    url = f"{neutral_site}/weather"
    app.config["NEUTRAL_URL"] = url
    return url


@pytest.fixture
def live_server(app, neutral_url):
    """The test's own app on a free port; the database proxy is global, so it must be this app."""
    server = _ServerThread(make_server("127.0.0.1", 0, app, threaded=True))
    yield server.url
    server.stop()


@pytest.fixture
def open_tab(browser, live_server):
    """Open a page in a fresh context (own cookies); options go to browser.new_context."""
    contexts = []

    def open_(**options):
        context = browser.new_context(base_url=live_server, **options)
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        tab = Tab(page=page, base_url=live_server)
        # on the context, so requests from any frame or popup are counted too
        context.on("request", lambda request: tab.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
        page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
        return tab

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def tab(open_tab):
    return open_tab()


@pytest.fixture
def page(tab):
    return tab.page

