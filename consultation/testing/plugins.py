"""Which plugins a test loads: the `plugins` marker and the `--plugins` option.

A test's app loads no plugin by default, so installed plugins never change
what unrelated tests see. `@pytest.mark.plugins("faq")` loads the named
plugins and switches them on site-wide; `@pytest.mark.plugins("faq",
enabled=False)` loads them switched off. `--plugins=all|none|name,name`
(default all; also CONSULTATION_TEST_PLUGINS) says which installed plugins
this run may use: the test schema holds their tables, and a test marked for
a plugin outside that set is skipped, saying so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add `--plugins`."""
    parser.addoption(
        "--plugins",
        dest="consultation_plugins",
        default=os.environ.get("CONSULTATION_TEST_PLUGINS", "all"),
        help="installed plugins this run may load: all (default), none, or names, comma-separated",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the `plugins` marker."""
    config.addinivalue_line(
        "markers",
        "plugins(*names, enabled=True): load these installed plugins in the test's apps "
        "(switched on site-wide unless enabled=False)",
    )


def universe(config: pytest.Config) -> list[str]:
    """The installed plugins this run may load (from `--plugins`)."""
    from consultation.plugin_system.registry import installed_entry_points

    installed = [ep.name for ep in installed_entry_points()]
    wanted = str(config.getoption("consultation_plugins")).strip().lower()
    if wanted in {"", "all"}:
        return installed
    if wanted == "none":
        return []
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    missing = sorted(set(names) - set(installed))
    if missing:
        raise pytest.UsageError(
            f"--plugins names {', '.join(missing)}, which is not installed "
            f"(installed: {', '.join(installed) or 'none'})"
        )
    return names


@pytest.fixture(scope="session")
def plugin_universe(pytestconfig: pytest.Config) -> list[str]:
    """The installed plugins this run may load."""
    return universe(pytestconfig)


@dataclass(frozen=True)
class TestPlugins:
    """The plugins the current test asked for with its marker."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    names: tuple[str, ...] = ()
    enabled: bool = True


@pytest.fixture
def test_plugins(request: pytest.FixtureRequest, plugin_universe: list[str]) -> TestPlugins:
    """What the `plugins` marker asks for; skips (saying why) if a plugin is not in this run."""
    marker = request.node.get_closest_marker("plugins")
    if marker is None:
        return TestPlugins()
    names = tuple(marker.args)
    missing = [name for name in names if name not in plugin_universe]
    if missing:
        pytest.skip(
            f"needs plugin {', '.join(missing)}, which this run does not load "
            f"(--plugins={request.config.getoption('consultation_plugins')})"
        )
    return TestPlugins(names, bool(marker.kwargs.get("enabled", True)))


def switch_on(names: tuple[str, ...] | list[str]) -> None:
    """Switch plugins on site-wide directly in the database (test set-up, not audited)."""
    from consultation.extensions import db
    from consultation.plugin_system.models import PluginState

    for name in names:
        row = db.session.get(PluginState, name) or PluginState(plugin=name, settings={})
        row.enabled = True
        db.session.add(row)
    db.session.commit()


def stamp_schema() -> None:
    """Mark the freshly created test schema as migrated through every lineage.

    The test schema comes from the models (`create_all`), which the migration
    tests prove equal to `flask db upgrade heads`; stamping it lets plugins
    whose migrations must be current be switched on.
    """
    from consultation.plugin_system.migrations import stamp_heads

    stamp_heads()


@pytest.fixture
def plugin_app(app, make_app):
    """Build an app with throwaway plugin objects registered for one test.

    `plugin_app(Probe(), enabled=True, **config)` returns the app with its
    context pushed and the plugins switched on site-wide (unless
    enabled=False); tables are emptied after the test as with `app`.
    """
    contexts = []

    def build(*plugins: object, enabled: bool = True, **config: object):
        new = make_app(EXTRA_PLUGINS=list(plugins), **config)
        context = new.app_context()
        context.push()
        contexts.append(context)
        if enabled:
            switch_on([plugin.name for plugin in plugins])  # type: ignore[attr-defined]
        return new

    yield build
    from consultation.extensions import db

    for context in reversed(contexts):
        db.session.remove()
        context.pop()
