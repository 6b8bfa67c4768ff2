"""Plugin migrations: every plugin's Alembic branch found automatically, and its status.

The core's revisions live in consultation/migrations/versions; each plugin's
in its own folder (Plugin.migrations_path), added to Alembic's
`version_locations` whenever Flask-Migrate builds its configuration, so
`flask db upgrade heads` brings every lineage up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from flask import current_app, has_app_context
from sqlalchemy import MetaData

from consultation.extensions import db
from consultation.plugin_system.registry import (
    EXTENSION_KEY,
    Registry,
    has_prefix,
    installed_entry_points,
    registry,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
CORE_VERSIONS = MIGRATIONS_DIR / "versions"


def version_locations(reg: Registry) -> list[str]:
    """The core's revision folder and every loaded plugin's."""
    return [str(CORE_VERSIONS)] + [str(p.migrations) for p in reg.ordered() if p.migrations]


def configure_alembic(config: Config) -> Config:
    """Flask-Migrate configure callback: add the plugins' folders to `version_locations`."""
    if has_app_context() and EXTENSION_KEY in current_app.extensions:
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join(version_locations(registry())))
    return config


def script_directory(reg: Registry | None = None) -> ScriptDirectory:
    """Alembic's view of every revision of every lineage (cached: scripts do not change)."""
    reg = reg or registry()
    if reg.script is None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join(version_locations(reg)))
        reg.script = ScriptDirectory.from_config(config)
    return reg.script


def applied_revisions(script: ScriptDirectory) -> set[str]:
    """Every revision the database has been migrated through (all lineages)."""
    heads = MigrationContext.configure(db.session.connection()).get_current_heads()
    known = []
    for head in heads:
        try:
            script.revision_map.get_revision(head)
        except (CommandError, RevisionError):
            continue  # a revision of a plugin no longer installed
        known.append(head)
    if not known:
        return set()
    return {rev.revision for rev in script.revision_map.iterate_revisions(tuple(known), "base")}


@dataclass(frozen=True)
class MigrationStatus:
    """Whether a plugin's tables are up to date."""

    current: bool
    #: Revisions of the plugin not yet applied, oldest first.
    pending: tuple[str, ...] = ()


def plugin_revisions(name: str) -> list[str]:
    """Revision ids in plugin `name`'s migrations folder, oldest first."""
    loaded = registry().plugins[name]
    if loaded.migrations is None:
        return []
    folder = loaded.migrations.resolve()
    return [
        rev.revision
        for rev in reversed(list(script_directory().walk_revisions()))
        if Path(rev.path).resolve().parent == folder
    ]


def migration_status(name: str) -> MigrationStatus:
    """Plugin `name`'s migration status against the current database."""
    revisions = plugin_revisions(name)
    if not revisions:
        return MigrationStatus(current=True)
    applied = applied_revisions(script_directory())
    pending = tuple(rev for rev in revisions if rev not in applied)
    return MigrationStatus(current=not pending, pending=pending)


def stamp_heads() -> None:
    """Record every lineage as fully migrated (for a schema made by `create_all` in tests)."""
    script = script_directory()
    with db.engine.begin() as connection:
        context = MigrationContext.configure(connection)
        context.stamp(script, "heads")


def app_metadata() -> MetaData:
    """The tables of the current app: the core's and its loaded plugins', no others.

    Models are registered process-wide, so a process that imported other
    plugins (a test session) holds their tables too; a plugin's tables carry
    its name as prefix, which tells them apart.
    """
    loaded = set(registry().plugins)
    others = [ep.name for ep in installed_entry_points() if ep.name not in loaded]
    metadata = MetaData(naming_convention=db.metadata.naming_convention)
    for table in db.metadata.sorted_tables:
        if not any(has_prefix(table.name, name) for name in others):
            table.to_metadata(metadata)
    return metadata
