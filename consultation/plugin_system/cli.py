"""`flask plugins list|enable|disable`, and the commands plugins contribute."""

from __future__ import annotations

import copy
import json
from contextlib import nullcontext
from typing import Any

import click
from flask import Flask, current_app, has_app_context
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from consultation.extensions import db
from consultation.plugin_system import services
from consultation.plugin_system.state import is_enabled

plugins_cli = AppGroup("plugins", help="List installed plugins; switch them on or off.")


def _unreadable(exc: SQLAlchemyError) -> click.ClickException:
    return click.ClickException(
        f"Could not read the plugin switches ({type(exc).__name__}). Is the database "
        "reachable and migrated? Run: flask db upgrade heads"
    )


def _consultation(slug: str | None) -> Any:
    if slug is None:
        return None
    from consultation.consultations.models import Consultation

    found = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if found is None:
        raise click.ClickException(f"No consultation has the slug '{slug}'.")
    return found


@plugins_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print only a JSON list, one object each.")
def list_command(as_json: bool) -> None:
    """List installed plugins: version, switch, migration status, last error."""
    try:
        found = services.overview()
    except SQLAlchemyError as exc:
        raise _unreadable(exc) from exc
    if as_json:
        click.echo(json.dumps([info.as_json() for info in found], indent=2))
        return
    if not found:
        click.echo("No plugins are installed.")
        return
    for info in found:
        state = "enabled" if info.enabled else "disabled"
        migrations = "migrations current" if info.migrations_current else "MIGRATIONS BEHIND"
        click.echo(f"{info.name:<24} {info.version:<10} {state:<9} {migrations}")
        for slug in info.enabled_for:
            click.echo(f"    enabled for {slug}")
        for slug in info.disabled_for:
            click.echo(f"    disabled for {slug}")
        if info.last_error:
            click.echo(f"    last error ({info.last_error_hook}): {info.last_error}")


def _switch(name: str, enabled: bool, slug: str | None) -> None:
    try:
        consultation = _consultation(slug)
        changed = services.set_enabled(name, enabled, consultation=consultation, via="cli")
    except services.SwitchRefused as refused:
        raise click.ClickException(refused.message) from refused
    except SQLAlchemyError as exc:
        raise _unreadable(exc) from exc
    where = f" for {slug}" if slug else ""
    state = "enabled" if enabled else "disabled"
    click.echo(f"{name} {state}{where}." if changed else f"{name} was already {state}{where}.")


@plugins_cli.command("enable")
@click.argument("name")
@click.option("--consultation", "slug", help="Only for the consultation with this slug.")
def enable_command(name: str, slug: str | None) -> None:
    """Switch plugin NAME on, site-wide or for one consultation."""
    _switch(name, True, slug)


@plugins_cli.command("disable")
@click.argument("name")
@click.option("--consultation", "slug", help="Only for the consultation with this slug.")
def disable_command(name: str, slug: str | None) -> None:
    """Switch plugin NAME off, site-wide or for one consultation."""
    _switch(name, False, slug)


def _guarded(app: Flask, plugin: str, command: click.Command) -> click.Command:
    """A copy of a plugin's command that refuses to run while the plugin is switched off.

    A copy, because the plugin's command object is shared by every app built
    in this process (tests build many).
    """
    guarded = copy.copy(command)
    original = command.invoke

    def invoke(ctx: click.Context) -> Any:
        active = has_app_context() and current_app._get_current_object() is app
        with nullcontext() if active else app.app_context():
            if not is_enabled(plugin):
                raise click.ClickException(
                    f"The plugin '{plugin}' is switched off. Switch it on with: "
                    f"flask plugins enable {plugin}"
                )
            return original(ctx)

    guarded.invoke = invoke  # type: ignore[method-assign]
    return guarded


def init_app(app: Flask, declared: list[tuple[str, click.Command]]) -> None:
    """Add `flask plugins` and every plugin's own commands."""
    app.cli.add_command(plugins_cli)
    for plugin, command in declared:
        app.cli.add_command(_guarded(app, plugin, command))
