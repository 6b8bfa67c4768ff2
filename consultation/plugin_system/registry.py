"""Finding installed plugins and registering them, once, when the app starts.

Every installed distribution with an entry point in the group
`consultation.plugins` is loaded, enabled or not, so its blueprints exist
before the first request; whether it runs is decided per request (state.py).
Anything a plugin contributes by name must carry its prefix, and a clash
stops start-up with a message naming both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

import pluggy
from flask import Flask, current_app

from consultation.plugin_system import hookspecs
from consultation.plugin_system.base import Channel, ExportColumn, Permission, Plugin, Role

ENTRY_POINT_GROUP = "consultation.plugins"
EXTENSION_KEY = "consultation.plugins"

#: Names the core uses for its own blueprints and URL spaces.
RESERVED_NAMES = frozenset(
    {"account", "admin", "api", "auth", "consultations", "core", "main", "officer", "plugins"}
)
_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


class PluginError(RuntimeError):
    """An installed plugin cannot be loaded; the message says which and why."""


@dataclass
class LoadedPlugin:
    """An installed plugin as the running app knows it."""

    name: str
    plugin: Plugin
    distribution: str
    version: str
    title: str
    description: str
    priority: int
    migrations: Path | None
    blueprints: tuple[str, ...] = ()


@dataclass
class Declarations:
    """What plugins declared at start-up, by name, with the plugin that declared it."""

    roles: dict[str, tuple[str, Role]] = field(default_factory=dict)
    permissions: dict[str, tuple[str, Permission]] = field(default_factory=dict)
    channels: dict[str, tuple[str, Channel]] = field(default_factory=dict)
    settings_forms: dict[str, type] = field(default_factory=dict)
    cli_commands: list[tuple[str, Any]] = field(default_factory=list)
    export_columns: dict[str, tuple[str, ExportColumn]] = field(default_factory=dict)


@dataclass
class Registry:
    """The plugins of one app: the pluggy manager, their metadata and declarations."""

    pm: pluggy.PluginManager
    plugins: dict[str, LoadedPlugin]
    declarations: Declarations
    #: Blueprint name → plugin name, for the per-request route check.
    blueprint_owner: dict[str, str]
    #: Cached Alembic script directory (built on first use; scripts do not change).
    script: Any = None

    def ordered(self) -> list[LoadedPlugin]:
        """Plugins in priority order (lower first), ties by name."""
        return sorted(self.plugins.values(), key=lambda p: (p.priority, p.name))


def registry(app: Flask | None = None) -> Registry:
    """The plugin registry of `app` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def installed_entry_points() -> list[EntryPoint]:
    """Entry points in the group `consultation.plugins`, by name.

    The same name from two different distributions stops start-up.
    """
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        other = found.get(ep.name)
        if other is not None and (other.value, _dist(other)) != (ep.value, _dist(ep)):
            raise PluginError(
                f"Two installed distributions provide a plugin called '{ep.name}': "
                f"{_dist(other)} ({other.value}) and {_dist(ep)} ({ep.value}). "
                "Uninstall one of them."
            )
        found[ep.name] = ep
    return [found[name] for name in sorted(found)]


def _dist(ep: EntryPoint) -> str:
    return ep.dist.name if ep.dist is not None else "an unknown distribution"


def _candidates(app: Flask) -> list[tuple[Plugin, str, str, str]]:
    """(plugin, distribution, version, summary) for every plugin this app loads."""
    wanted = app.config.get("PLUGINS")
    eps = installed_entry_points()
    if wanted is not None:
        available = {ep.name for ep in eps}
        missing = sorted(set(wanted) - available)
        if missing:
            raise PluginError(
                f"CONSULTATION_PLUGINS names {', '.join(missing)}, which is not installed. "
                f"Installed plugins: {', '.join(sorted(available)) or 'none'}."
            )
        eps = [ep for ep in eps if ep.name in set(wanted)]
    found = []
    for ep in eps:
        try:
            loaded = ep.load()
        except Exception as exc:
            raise PluginError(
                f"The plugin '{ep.name}' ({_dist(ep)}) failed to import: {exc}"
            ) from exc
        plugin = loaded() if isinstance(loaded, type) else loaded
        if not isinstance(plugin, Plugin):
            raise PluginError(f"The entry point '{ep.name}' ({ep.value}) is not a Plugin.")
        if plugin.name != ep.name:
            raise PluginError(
                f"The entry point '{ep.name}' ({_dist(ep)}) loads a plugin named "
                f"'{plugin.name}'; the two names must be the same."
            )
        dist = ep.dist
        if dist is None:
            found.append((plugin, ep.value, "0", ""))
        else:
            found.append((plugin, dist.name, dist.version, dist.metadata.get("Summary") or ""))
    # Plugins handed over directly (tests register throwaway plugins this way).
    for extra in app.config.get("EXTRA_PLUGINS") or ():
        plugin = extra() if isinstance(extra, type) else extra
        found.append((plugin, type(plugin).__module__, "0", ""))
    return found


def _check_name(plugin: Plugin, seen: dict[str, str], distribution: str) -> None:
    if not _NAME.fullmatch(plugin.name or ""):
        raise PluginError(
            f"{distribution}: a plugin name must be lower case letters, digits and "
            f"underscores, starting with a letter (got '{plugin.name}')."
        )
    if plugin.name in RESERVED_NAMES:
        raise PluginError(f"{distribution}: '{plugin.name}' is a name the core uses.")
    if plugin.name in seen:
        raise PluginError(
            f"Two plugins are called '{plugin.name}': {seen[plugin.name]} and {distribution}."
        )
    seen[plugin.name] = distribution


def has_prefix(name: str, plugin: str) -> bool:
    """True when `name` is the plugin's own name or starts with its prefix."""
    for stem in {plugin, plugin.replace("_", "-")}:
        if name == stem or name.startswith((f"{stem}_", f"{stem}.", f"{stem}-")):
            return True
    return False


def _claim(table: dict, kind: str, key: str, plugin: str, value: Any, core: Iterable[str]) -> None:
    if not has_prefix(key, plugin):
        raise PluginError(
            f"The plugin '{plugin}' declares the {kind} '{key}', which does not start "
            f"with its prefix '{plugin}_'."
        )
    if key in set(core):
        raise PluginError(f"The {kind} '{key}' is declared by both the core and plugin '{plugin}'.")
    if key in table:
        raise PluginError(
            f"The {kind} '{key}' is declared by both plugin '{table[key][0]}' and plugin "
            f"'{plugin}'."
        )
    table[key] = (plugin, value)


def _declared(pm: pluggy.PluginManager, hook: str, loaded: dict[str, LoadedPlugin]):
    """(plugin name, result) of one declaration hook, for every plugin, in priority order."""
    impls = getattr(pm.hook, hook).get_hookimpls()
    results = []
    for impl in sorted(impls, key=lambda i: (loaded[i.plugin_name].priority, i.plugin_name)):
        try:
            result = impl.function()
        except Exception as exc:
            raise PluginError(
                f"The plugin '{impl.plugin_name}' failed in {hook} at start-up: {exc!r}"
            ) from exc
        if result is not None:
            results.append((impl.plugin_name, result))
    return results


def collect_declarations(pm: pluggy.PluginManager, loaded: dict[str, LoadedPlugin]) -> Declarations:
    """Call every declaration hook once and check prefixes and clashes."""
    from consultation.auth.models import CORE_ROLES
    from consultation.comments.models import CORE_CHANNELS

    found = Declarations()
    for plugin, roles in _declared(pm, "register_roles", loaded):
        for role in roles:
            _claim(found.roles, "role", role.name, plugin, role, CORE_ROLES)
    for plugin, permissions in _declared(pm, "register_permissions", loaded):
        for permission in permissions:
            _claim(found.permissions, "permission", permission.name, plugin, permission, ())
    for plugin, channels in _declared(pm, "comment_channels", loaded):
        for channel in channels:
            _claim(found.channels, "channel", channel.code, plugin, channel, CORE_CHANNELS)
    setting_names: dict[str, tuple[str, Any]] = {}
    for plugin, form in _declared(pm, "settings_form", loaded):
        for name in form_field_names(form):
            _claim(setting_names, "setting", name, plugin, None, ())
        found.settings_forms[plugin] = form
    command_names: dict[str, tuple[str, Any]] = {}
    for plugin, commands in _declared(pm, "cli_commands", loaded):
        for command in commands:
            _claim(command_names, "command", command.name, plugin, command, ())
            found.cli_commands.append((plugin, command))
    for plugin, columns in _declared(pm, "export_columns", loaded):
        for column in columns:
            _claim(found.export_columns, "export column", column.name, plugin, column, ())
    return found


def form_field_names(form: type) -> list[str]:
    """The data field names of a FlaskForm class (not csrf_token or buttons)."""
    from wtforms import SubmitField
    from wtforms.fields.core import UnboundField

    names = []
    for name in dir(form):
        value = getattr(form, name, None)
        if isinstance(value, UnboundField) and value.field_class is not SubmitField:
            names.append(name)
    return names


def _check_tables(loaded: dict[str, LoadedPlugin]) -> None:
    """A plugin's tables carry its prefix, so two lineages never fight over a name."""
    from consultation.extensions import db

    packages = {type(p.plugin).__module__.split(".")[0]: p.name for p in loaded.values()}
    for mapper in db.Model.registry.mappers:
        owner = packages.get(mapper.class_.__module__.split(".")[0])
        table = getattr(mapper.local_table, "name", "")
        if owner and not has_prefix(table, owner):
            raise PluginError(
                f"The plugin '{owner}' defines the table '{table}', which does not start "
                f"with its prefix '{owner}_'."
            )


def build_registry(app: Flask) -> Registry:
    """Load the app's plugins, check their names and register their blueprints."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    loaded: dict[str, LoadedPlugin] = {}
    seen: dict[str, str] = {}
    blueprint_owner: dict[str, str] = {}
    for plugin, distribution, version, summary in _candidates(app):
        _check_name(plugin, seen, distribution)
        try:
            pm.register(plugin, name=plugin.name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"The plugin '{plugin.name}' has a bad hook: {exc}") from exc
        blueprints = plugin.blueprints()
        for bp in blueprints:
            if not has_prefix(bp.name, plugin.name):
                raise PluginError(
                    f"The plugin '{plugin.name}' has a blueprint '{bp.name}' without its prefix."
                )
            if bp.name in blueprint_owner:
                raise PluginError(
                    f"The blueprint '{bp.name}' is declared by both plugin "
                    f"'{blueprint_owner[bp.name]}' and plugin '{plugin.name}'."
                )
            blueprint_owner[bp.name] = plugin.name
        loaded[plugin.name] = LoadedPlugin(
            name=plugin.name,
            plugin=plugin,
            distribution=distribution,
            version=version,
            title=plugin.title or plugin.name.replace("_", " ").capitalize(),
            description=plugin.description or summary,
            priority=plugin.priority,
            migrations=plugin.migrations_path(),
            blueprints=tuple(bp.name for bp in blueprints),
        )
        for bp in blueprints:
            app.register_blueprint(bp)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"A plugin implements a hook that does not exist: {exc}") from exc
    _check_tables(loaded)
    return Registry(pm, loaded, collect_declarations(pm, loaded), blueprint_owner)
