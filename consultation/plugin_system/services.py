"""Switching plugins on and off, and their settings: every change audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.audit.services import record
from consultation.database import utcnow
from consultation.extensions import db
from consultation.plugin_system.migrations import migration_status
from consultation.plugin_system.models import PluginConsultationState, PluginState
from consultation.plugin_system.registry import LoadedPlugin, registry
from consultation.plugin_system.state import forget, setting_defaults


class SwitchRefused(Exception):
    """The change cannot be made; `message` says why, for the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def installed(name: str) -> LoadedPlugin:
    """The loaded plugin called `name`, or SwitchRefused naming what is installed."""
    found = registry().plugins.get(name)
    if found is None:
        names = ", ".join(registry().plugins) or _("none")
        raise SwitchRefused(
            _(
                "No installed plugin is called %(name)s. Installed: %(names)s.",
                name=name,
                names=names,
            )
        )
    return found


def _site_row(name: str) -> PluginState:
    row = db.session.get(PluginState, name)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = PluginState(plugin=name, enabled=False, settings={})
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalar(select(PluginState).where(PluginState.plugin == name))
    return row


def _refuse_if_behind(loaded: LoadedPlugin) -> None:
    status = migration_status(loaded.name)
    if not status.current:
        raise SwitchRefused(
            _(
                "%(title)s cannot be switched on because its database tables are out of date "
                "(migrations not yet applied: %(revisions)s). Run 'flask db upgrade heads', "
                "then try again.",
                title=loaded.title,
                revisions=", ".join(status.pending),
            )
        )


def _actor_id(actor: Any) -> int | None:
    if actor is not None:
        return actor.id
    from flask_login import current_user

    return current_user.id if getattr(current_user, "is_authenticated", False) else None


def set_enabled(
    name: str,
    enabled: bool,
    *,
    consultation: Any = None,
    actor: Any = None,
    via: str = "web",
) -> bool:
    """Switch plugin `name` on or off, site-wide or for one consultation.

    Returns False when it already was (nothing changes, nothing is audited).
    Switching on is refused while the plugin's migrations are behind.
    """
    loaded = installed(name)
    if enabled:
        _refuse_if_behind(loaded)
    now, who = utcnow(), _actor_id(actor)
    if consultation is None:
        row = _site_row(name)
        if row.enabled == enabled:
            return False
        row.enabled, row.changed_at, row.changed_by_id = enabled, now, who
        action = "plugin.enable" if enabled else "plugin.disable"
        record(action, actor=actor, target_type="plugin", target_id=name, via=via)
    else:
        override = db.session.scalar(
            select(PluginConsultationState).where(
                PluginConsultationState.plugin == name,
                PluginConsultationState.consultation_id == consultation.id,
            )
        )
        if override is not None and override.enabled == enabled:
            return False
        if override is None:
            override = PluginConsultationState(plugin=name, consultation_id=consultation.id)
            db.session.add(override)
        override.enabled, override.changed_at, override.changed_by_id = enabled, now, who
        action = "plugin.enable_for_consultation" if enabled else "plugin.disable_for_consultation"
        record(
            action,
            actor=actor,
            target_type="plugin",
            target_id=name,
            consultation_id=consultation.id,
            via=via,
        )
    db.session.commit()
    forget()
    return True


def follow_site(name: str, consultation: Any, *, actor: Any = None, via: str = "web") -> bool:
    """Remove the consultation's override, so the site-wide switch applies there again."""
    installed(name)
    override = db.session.scalar(
        select(PluginConsultationState).where(
            PluginConsultationState.plugin == name,
            PluginConsultationState.consultation_id == consultation.id,
        )
    )
    if override is None:
        return False
    db.session.delete(override)
    record(
        "plugin.follow_site",
        actor=actor,
        target_type="plugin",
        target_id=name,
        consultation_id=consultation.id,
        via=via,
    )
    db.session.commit()
    forget()
    return True


def save_settings(name: str, values: dict[str, Any], *, actor: Any = None) -> bool:
    """Store plugin `name`'s settings; audited with what changed. False if nothing did."""
    installed(name)
    row = _site_row(name)
    before = {**setting_defaults(name), **(row.settings or {})}
    after = {**before, **{key: _jsonable(value) for key, value in values.items()}}
    changed = sorted(key for key in after if before.get(key) != after[key])
    if not changed:
        return False
    row.settings = after
    record(
        "plugin.settings",
        actor=actor,
        target_type="plugin",
        target_id=name,
        before={key: before.get(key) for key in changed},
        after={key: after[key] for key in changed},
    )
    db.session.commit()
    forget()
    return True


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


@dataclass
class PluginInfo:
    """What officers and `flask plugins list` are told about one installed plugin."""

    name: str
    title: str
    version: str
    distribution: str
    description: str
    enabled: bool
    migrations_current: bool
    pending_migrations: list[str]
    enabled_for: list[str]
    disabled_for: list[str]
    last_error: str | None
    last_error_hook: str | None
    last_error_at: datetime | None
    has_settings: bool

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (times in ISO 8601)."""
        data = asdict(self)
        data["last_error_at"] = self.last_error_at.isoformat() if self.last_error_at else None
        return data


def overview() -> list[PluginInfo]:
    """Every installed plugin with its switches, migration status and last error."""
    from consultation.consultations.models import Consultation

    rows = {row.plugin: row for row in db.session.scalars(select(PluginState))}
    overrides: dict[str, list[tuple[str, bool]]] = {}
    for plugin, slug, enabled in db.session.execute(
        select(PluginConsultationState.plugin, Consultation.slug, PluginConsultationState.enabled)
        .join(Consultation, Consultation.id == PluginConsultationState.consultation_id)
        .order_by(Consultation.slug)
    ):
        overrides.setdefault(plugin, []).append((slug, enabled))
    found = []
    for loaded in registry().ordered():
        row = rows.get(loaded.name)
        status = migration_status(loaded.name)
        mine = overrides.get(loaded.name, [])
        found.append(
            PluginInfo(
                name=loaded.name,
                title=loaded.title,
                version=loaded.version,
                distribution=loaded.distribution,
                description=loaded.description,
                enabled=bool(row and row.enabled),
                migrations_current=status.current,
                pending_migrations=list(status.pending),
                enabled_for=[slug for slug, on in mine if on],
                disabled_for=[slug for slug, on in mine if not on],
                last_error=row.last_error if row else None,
                last_error_hook=row.last_error_hook if row else None,
                last_error_at=row.last_error_at if row else None,
                has_settings=loaded.name in registry().declarations.settings_forms,
            )
        )
    return found


def enable_demo_plugins(via: str = "seed-demo") -> list[str]:
    """Switch on every plugin that asks to be on in the demo (`Plugin.demo_enabled`)."""
    switched = []
    for loaded in registry().ordered():
        if loaded.plugin.demo_enabled:
            try:
                if set_enabled(loaded.name, True, via=via):
                    switched.append(loaded.name)
            except SwitchRefused:
                continue  # migrations behind: the demo goes without it
    return switched


def settings_form_for(name: str, *, from_request: bool = False) -> Any:
    """Plugin `name`'s settings form: filled from the request, or from saved values."""
    from consultation.plugin_system.state import plugin_settings

    form_class = registry().declarations.settings_forms.get(name)
    if form_class is None:
        return None
    if from_request:
        return form_class()
    return form_class(formdata=None, data=plugin_settings(name))


def form_values(form: Any) -> dict[str, Any]:
    """The setting values a submitted settings form holds."""
    from consultation.plugin_system.registry import form_field_names

    return {name: form[name].data for name in form_field_names(type(form))}


def consultation_choices() -> list[tuple[str, str]]:
    """Consultations to pick from when switching a plugin for one of them."""
    from consultation.consultations.models import Consultation

    rows = db.session.execute(
        select(Consultation.id, Consultation.title).order_by(Consultation.title, Consultation.id)
    )
    return [("", _("Choose a consultation"))] + [(str(cid), title) for cid, title in rows]


def consultation_by_id(value: str) -> Any:
    """The consultation with id `value` (already validated against the choices)."""
    from consultation.consultations.models import Consultation

    return db.session.get(Consultation, int(value))
