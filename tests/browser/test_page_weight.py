"""Small pages for prepaid data, as Harbour alone serves them (no proxy): a first thread page of at most 20 KB
on the wire, then at most 3 KB for each later page, with the static files from the browser's cache."""

import pytest

from portal.forum import posting
from tests.browser.helpers import forum_category, forum_thread, sign_in
from tests.browser.weight import measure
from tests.conftest import make_member

pytestmark = pytest.mark.browser

BUDGET = 20 * 1024
LATER_BUDGET = 3 * 1024


class StaticCounter:
    """Counts requests for static files that reach the server (a browser cache hit does not)."""

    def __init__(self, wsgi_app):
        self.wsgi_app, self.static = wsgi_app, []

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"].startswith("/static/"):
            self.static.append(environ["PATH_INFO"])
        return self.wsgi_app(environ, start_response)


@pytest.fixture
def thread(app):
    app.config["FORUM_REVIEW_FIRST_POSTS"] = 0
    author = make_member("weigher")
    thread = forum_thread(forum_category(), author)
    for n in range(19):
        posting.add_reply(thread, author, f"Reply {n}: a few sentences of ordinary length, as members write them. "
                                          "Nothing fancy, some *emphasis* and a [link](https://example.org).")
    return thread


def test_first_visit_to_a_thread_fits_the_budget_and_later_views_reuse_static_files(app, open_tab, thread):
    counter = StaticCounter(app.wsgi_app)
    app.wsgi_app = counter
    tab = open_tab()
    sign_in(tab.page, "weigher")
    # a new browser: nothing cached yet
    fresh = open_tab()
    sign_in(fresh.page, "weigher")
    # signing in loaded the static files: empty the cache again, as on a first visit
    fresh.page.context.new_cdp_session(fresh.page).send("Network.clearBrowserCache")
    counter.static.clear()
    first = measure(fresh.page, f"/forum/t/{thread.id}")
    print(f"\nfirst thread view: {first.compressed} bytes on the wire: {first.by_kind()}")
    assert len(counter.static) >= 3, "the first view should have fetched the static files"
    assert first.compressed <= BUDGET, first.responses
    assert all(encoding in ("br", "gzip") for _kind, encoding, _wire, raw in first.responses.values() if raw > 1024)
    counter.static.clear()
    later = [measure(fresh.page, "/forum"), measure(fresh.page, f"/forum/t/{thread.id}")]
    assert counter.static == [], "static files fetched again instead of from the cache"
    for transfer in later:
        assert transfer.compressed <= LATER_BUDGET, transfer.responses


def test_htmx_navigation_transfers_only_the_fragment(app, open_tab):
    tab = open_tab()
    sign_in(tab.page, make_member("pager").handle)
    tab.page.goto("/calendar?month=2026-12")
    responses = []
    tab.page.on("response", lambda response: responses.append(response))
    tab.page.get_by_role("link", name="Next month").click()
    tab.page.wait_for_url("**month=2027-01**")
    fragment = [r for r in responses if "month=2027-01" in r.url]
    assert fragment and "<html" not in fragment[0].text()
    assert len(fragment[0].body()) < 8 * 1024
