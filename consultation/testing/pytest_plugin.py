"""Pytest fixtures for Consultation and its plugins.

`app` gives a fresh application on an empty database (SQLite, or PostgreSQL
when TEST_DATABASE_URL is set); `client` a test client with form helpers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask

from consultation.testing.client import FormClient
from consultation.testing.database import empty_tables, reset_schema, test_database_url
from consultation.testing.mail import mailbox, smtp_server  # noqa: F401  (fixtures)

if TYPE_CHECKING:
    from consultation.testing.plugins import TestPlugins

#: The plugin marker, `--plugins` and their fixtures (consultation.testing.plugins).
pytest_plugins = ["consultation.testing.plugins"]


def test_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    """Configuration for a test app: real database, limits off unless a test turns them on."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
        # Every test reads fresh pages; tests/test_page_cache.py turns it on to test it.
        "ANONYMOUS_PAGE_CACHE_SECONDS": 0,
        # No installed plugin is loaded unless the test asks (@pytest.mark.plugins).
        "PLUGINS": [],
    }
    config.update(overrides)
    return config


# A helper, not a test: modules that import it must not have pytest collect it.
test_config.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database every test of this session uses."""
    return test_database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def _schema(database_url: str, plugin_universe: list[str]) -> None:
    from consultation import create_app
    from consultation.extensions import db
    from consultation.testing.plugins import stamp_schema

    # Every plugin this run may load brings its tables into the schema.
    app = create_app(test_config(database_url, PLUGINS=plugin_universe))
    with app.app_context():
        reset_schema()
        stamp_schema()
        db.engine.dispose()


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Override in a test module (or parametrize) to change the app's configuration."""
    return {}


@pytest.fixture
def make_app(database_url: str, _schema: None, test_plugins: TestPlugins):
    """Build extra apps on the same database (for example, two 'workers').

    Each loads the plugins the test's `plugins` marker names (none without one).
    """
    from consultation import create_app
    from consultation.extensions import db
    from consultation.testing.plugins import switch_on

    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        overrides.setdefault("PLUGINS", list(test_plugins.names))
        app = create_app(test_config(database_url, **overrides))
        app.test_client_class = FormClient
        if not apps and test_plugins.names and test_plugins.enabled:
            with app.app_context():
                switch_on(test_plugins.names)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app, app_config: dict[str, Any]) -> Iterator[Flask]:
    """A fresh app on empty tables, with an app context pushed for direct model use."""
    from consultation.extensions import db

    app = make_app(**app_config)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            empty_tables()


@pytest.fixture
def client(app: Flask) -> FormClient:
    """A test client with `submit()`, `login()` and `logout()`."""
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def runner(app: Flask):
    """A CLI runner for `flask` commands."""
    return app.test_cli_runner()
