"""Page weight per page type, as a first visit on an empty browser cache: writes bench/RESULTS.md.

Run by hand: .venv/bin/python bench/page_weight.py
"""

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import write_section
from portal import create_app, db, demo
from portal.calendar.models import Meetup
from portal.forum.models import Thread
from portal.introductions.models import Introduction
from tests.browser.weight import measure

PASSWORD = "benchmark password"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def page_types():
    thread = Thread.select().order_by(Thread.id).first()
    meetup = Meetup.select().order_by(Meetup.id).first()
    conversation = Introduction.get(Introduction.state == "introduced")
    return [("landing (visitor)", "/", None), ("help directory (visitor)", "/help", None),
            ("forum index", "/forum", "demo-member"), ("forum thread", f"/forum/t/{thread.id}", "demo-member"),
            ("calendar list", "/calendar", "demo-member"), ("calendar month", "/calendar?month=2026-12", "demo-member"),
            ("meet-up", f"/calendar/{meetup.id}", "demo-member"),
            ("introductions", "/introductions", "demo-member"),
            ("conversation", f"/introductions/{conversation.id}", "demo-member"),
            ("notifications", "/notifications", "demo-member"),
            ("moderation queue", "/moderation/posts", "demo-moderator")]


def main():
    folder = Path(tempfile.mkdtemp())
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.db'}", "REQUIRE_STAFF_2FA": False,
                      "SECRET_KEY": "bench"})
    db.migrate()
    with app.app_context():
        demo.populate(PASSWORD)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    rows = []
    with sync_playwright() as playwright, app.app_context():
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path, handle in page_types():
            context = browser.new_context(base_url=base)
            page = context.new_page()
            if handle:
                page.goto("/login")
                page.fill("#handle", handle)
                page.fill("#password", PASSWORD)
                with page.expect_navigation():
                    page.click("main form button[type=submit]")
            # an empty cache, as on a first visit
            context.new_cdp_session(page).send("Network.clearBrowserCache")
            first = measure(page, path)
            again = measure(page, path)
            kinds = first.by_kind()
            rows.append((name, first.compressed, kinds.get("text/html", 0), again.compressed))
            context.close()
        browser.close()
    server.shutdown()
    write(rows)


def write(rows):
    lines = ["Bytes over the network for one page view of the demo content, as Harbour itself sends them",
             "(brotli or gzip, no proxy; `portal/compression.py`). \"First view\" starts from an empty browser",
             "cache: HTML, CSS, htmx, the site script and the icon. \"Again\" is the same page once more:",
             "static files come from the cache (content-hashed URLs, cached for a year), only the HTML",
             "travels. `tests/browser/test_page_weight.py` holds a first thread view to 20 KB and later",
             "pages to 3 KB.", "",
             "| page | first view (KB) | of which HTML (KB) | again (KB) |", "|---|---:|---:|---:|"]
    for name, first, html, again in rows:
        lines.append(f"| {name} | {first / 1024:.1f} | {html / 1024:.1f} | {again / 1024:.1f} |")
    write_section("Page weight (bench/page_weight.py)", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
