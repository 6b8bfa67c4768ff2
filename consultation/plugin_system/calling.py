"""Calling hook implementations: only enabled plugins, in priority order, one at a time.

pluggy keeps the specs and implementations; the calls are made here so that
each plugin is isolated (one failing plugin cannot stop the others) and the
order is the plugins' explicit priority, not the order they were installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from flask import g
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from consultation.database import utcnow
from consultation.extensions import db
from consultation.plugin_system.models import PluginState
from consultation.plugin_system.registry import LoadedPlugin, registry
from consultation.plugin_system.state import is_enabled, request_scope

log = logging.getLogger("consultation.plugins")


def active_impls(
    hook: str, consultation_id: int | None = None, *, strict: bool = False
) -> Iterator[tuple[LoadedPlugin, Any]]:
    """(plugin, hookimpl) for each enabled plugin implementing `hook`, by priority."""
    reg = registry()
    impls = getattr(reg.pm.hook, hook).get_hookimpls()
    ordered = sorted(impls, key=lambda i: (reg.plugins[i.plugin_name].priority, i.plugin_name))
    for impl in ordered:
        if is_enabled(impl.plugin_name, consultation_id, strict=strict):
            yield reg.plugins[impl.plugin_name], impl


def call(impl: Any, arguments: dict[str, Any]) -> Any:
    """Call one implementation with the spec's arguments it asks for."""
    return impl.function(*(arguments[name] for name in impl.argnames))


def describe(exc: BaseException) -> str:
    """The error as shown on the plugin page."""
    return f"{type(exc).__name__}: {exc}"[:1000]


def store_error(plugin: str, hook: str, exc: BaseException) -> None:
    """Keep the error as the plugin's last error, in the current transaction."""
    row = db.session.get(PluginState, plugin)
    if row is None:
        try:
            with db.session.begin_nested():
                row = PluginState(plugin=plugin, enabled=False, settings={})
                db.session.add(row)
        except IntegrityError:
            # Another request created the row first; use theirs.
            row = db.session.scalar(select(PluginState).where(PluginState.plugin == plugin))
    row.last_error = describe(exc)
    row.last_error_hook = hook[:64]
    row.last_error_at = utcnow()


def failed(plugin: str, hook: str, exc: BaseException) -> None:
    """Log a plugin's error now and keep it as its last error when the request ends.

    Used while a page renders, when writing to the database would get in the
    way of the request's own transaction.
    """
    log.error("plugin %s failed in %s", plugin, hook, exc_info=exc)
    scope = request_scope()
    if scope is not None:
        scope.setdefault("errors", []).append((plugin, hook, exc))
        return
    if not (db.session.new or db.session.dirty or db.session.deleted):
        _store_now([(plugin, hook, exc)])


def _store_now(errors: list[tuple[str, str, BaseException]]) -> None:
    try:
        db.session.rollback()
        for plugin, hook, exc in errors:
            store_error(plugin, hook, exc)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("could not keep the plugin errors of this request", exc_info=True)


def end_request(_exc: BaseException | None = None) -> None:
    """Teardown: keep the errors noted during this request (the response is already built)."""
    scope = g.pop("_plugin_request", None)
    if scope and scope.get("errors"):
        _store_now(scope["errors"])
