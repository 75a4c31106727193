"""Fixtures of the security suite: a world built once per module, and the browser fixtures."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.conftest import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_ARGS,
    _no_browser,
    live_server,
    neutral_site,
    neutral_url,
    open_tab,
    tab,
)
from tests.security.world import build_world, isolated_app, use_database_of


@pytest.fixture(scope="module")
def world_app(migrated_database, tmp_path_factory):
    """An app with the whole world in its own database, built once for the module."""
    with isolated_app(migrated_database, tmp_path_factory.mktemp("world")) as app:
        with app.app_context():
            app.world = build_world()
        yield app


@pytest.fixture
def world(world_app):
    """The world of the module, with the database proxy pointed at it and an app context open."""
    use_database_of(world_app)
    with world_app.app_context():
        yield world_app.world


def _chromium_of_the_browser_tests(request):
    """The Chromium tests/browser started in this run, if it is running (else None).

    Playwright's sync API runs one instance per thread, and the browser tests keep theirs for the
    whole session; their fixture is visible only under tests/browser, so it is looked up here.
    (With the browser fixtures in tests/conftest.py this would not be needed.)
    """
    manager = request.config.pluginmanager.get_plugin("funcmanage")
    for item in request.session.items:
        if item.nodeid.startswith("tests/browser/"):
            for fixturedef in manager.getfixturedefs("browser", item) or ():
                cached = fixturedef.cached_result
                if fixturedef.baseid == "tests/browser" and cached is not None and cached[2] is None:
                    return cached[0]
            return None
    return None


@pytest.fixture(scope="module")
def browser(request):
    """Chromium: the browser tests' own when it runs already, else one for this module only (so it
    is gone again before any browser test starts theirs)."""
    running = _chromium_of_the_browser_tests(request)
    if running is not None:
        yield running
        return
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
