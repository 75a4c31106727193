"""Fixtures of the security suite: a world built once per module (the browser ones are in tests/browser_fixtures.py)."""

import pytest

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
