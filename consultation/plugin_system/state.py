"""Whether a plugin runs now, read from the database once per request.

Nothing is cached beyond one request, so every worker and every app
instance sharing the database sees a switch on its next request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import g, has_app_context
from sqlalchemy import bindparam, select
from sqlalchemy.exc import SQLAlchemyError

from consultation.extensions import db
from consultation.plugin_system.models import PluginConsultationState, PluginState
from consultation.plugin_system.registry import form_field_names, registry

log = logging.getLogger(__name__)


def begin_request() -> None:
    """before_request: open this request's scope (cached switches, errors to keep)."""
    g._plugin_request = {}


def request_scope() -> dict[str, Any] | None:
    """The scope of the request being handled, or None outside one (CLI, test set-up).

    Only requests the app is handling get a scope: a test's own long-lived
    request context must not cache switches other requests change.
    """
    return g.get("_plugin_request") if has_app_context() else None


@dataclass
class Snapshot:
    """The switches as read at the start of this request's first plugin question."""

    site: dict[str, bool] = field(default_factory=dict)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: consultation id → {plugin: enabled}, filled on first question about it.
    overrides: dict[int, dict[str, bool]] = field(default_factory=dict)
    #: False when the state could not be read (every plugin then counts as off).
    readable: bool = True


# Built once, from the tables, and run on the session's connection: on a page
# served from memory, building statements and the ORM's handling of them cost
# more than the queries.
_state, _override = PluginState.__table__.c, PluginConsultationState.__table__.c
_SITE_STATE = select(_state.plugin, _state.enabled, _state.settings)
_CONSULTATION_STATE = select(_override.plugin, _override.enabled).where(
    _override.consultation_id == bindparam("consultation_id")
)


def _load(strict: bool) -> Snapshot:
    if not registry().plugins:
        return Snapshot()
    try:
        rows = db.session.connection().execute(_SITE_STATE).all()
    except SQLAlchemyError:
        if strict:
            raise
        # A page (an error page, even) must still render: plugins count as off.
        log.warning("plugin state unreadable; every plugin counts as off", exc_info=True)
        db.session.rollback()
        return Snapshot(readable=False)
    return Snapshot(
        site={row.plugin: row.enabled for row in rows},
        settings={row.plugin: dict(row.settings or {}) for row in rows},
    )


def snapshot(strict: bool = False) -> Snapshot:
    """This request's view of the switches (read once per request, never across requests).

    With `strict`, a database error propagates instead of switching plugins off:
    the comment gate must never publish because the switches were unreadable.
    """
    scope = request_scope()
    if scope is None:
        return _load(strict)
    cached = scope.get("snapshot")
    if cached is None or (strict and not cached.readable):
        cached = scope["snapshot"] = _load(strict)
    return cached


def forget() -> None:
    """Drop this request's cached switches (after changing them)."""
    scope = request_scope()
    if scope is not None:
        scope.pop("snapshot", None)


def _overrides(snap: Snapshot, consultation_id: int) -> dict[str, bool]:
    found = snap.overrides.get(consultation_id)
    if found is None:
        found = {}
        if snap.readable and registry().plugins:
            found = dict(
                db.session.execute(_CONSULTATION_STATE, {"consultation_id": consultation_id}).all()
            )
        snap.overrides[consultation_id] = found
    return found


def is_enabled(name: str, consultation_id: int | None = None, *, strict: bool = False) -> bool:
    """True when plugin `name` is loaded and switched on (for one consultation, if given).

    A per-consultation override wins over the site-wide switch.
    """
    if name not in registry().plugins:
        return False
    snap = snapshot(strict)
    if consultation_id is not None:
        override = _overrides(snap, consultation_id).get(name)
        if override is not None:
            return override
    return snap.site.get(name, False)


def enabled_plugins(consultation_id: int | None = None, *, strict: bool = False) -> list[str]:
    """Names of the plugins on now (for one consultation, if given), in priority order."""
    return [
        p.name for p in registry().ordered() if is_enabled(p.name, consultation_id, strict=strict)
    ]


def plugin_settings(name: str) -> dict[str, Any]:
    """Plugin `name`'s settings: its form's defaults, overlaid with what officers saved."""
    values = dict(setting_defaults(name))
    values.update(snapshot().settings.get(name, {}))
    return values


def setting_defaults(name: str) -> dict[str, Any]:
    """The default values of plugin `name`'s settings form (empty without one)."""
    form_class = registry().declarations.settings_forms.get(name)
    if form_class is None:
        return {}
    form = form_class(formdata=None, meta={"csrf": False})
    return {key: value for key, value in form.data.items() if key in form_field_names(form_class)}
