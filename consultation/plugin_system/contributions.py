"""What enabled plugins add by name: roles, permissions, channels, export columns, reports."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from consultation.permissions import has_role
from consultation.plugin_system.base import Cell, ExportColumn, ReportSection
from consultation.plugin_system.calling import active_impls, call, failed
from consultation.plugin_system.registry import registry
from consultation.plugin_system.state import is_enabled

F = TypeVar("F", bound=Callable[..., Any])


def plugin_roles() -> dict[str, str]:
    """Roles added by enabled plugins: name → label."""
    return {
        name: role.label
        for name, (plugin, role) in registry().declarations.roles.items()
        if is_enabled(plugin)
    }


def has_permission(user: Any, name: str, consultation_id: int | None = None) -> bool:
    """True when `user` holds a role that the enabled plugin declaring `name` grants it.

    Built on the one role check (`has_role`), so admins hold every permission.
    A permission of a disabled or missing plugin is held by nobody.
    """
    declared = registry().declarations.permissions.get(name)
    if declared is None:
        return False
    plugin, permission = declared
    return is_enabled(plugin, consultation_id) and has_role(user, *permission.roles)


def permission_required(name: str) -> Callable[[F], F]:
    """Route decorator: sign-in required, then the named plugin permission (else 403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from consultation.extensions import login_manager

                return login_manager.unauthorized()
            if not has_permission(current_user, name):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = name  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def channel_labels() -> dict[str, str]:
    """Labels of every installed plugin's channels, on or off (old records must read right)."""
    return {code: channel.label for code, (_p, channel) in registry().declarations.channels.items()}


def available_channels(consultation_id: int | None = None) -> dict[str, str]:
    """Channels new responses may use: the core's and enabled plugins'."""
    from consultation.comments.models import CORE_CHANNELS

    channels = dict(CORE_CHANNELS)
    for code, (plugin, channel) in registry().declarations.channels.items():
        if is_enabled(plugin, consultation_id):
            channels[code] = channel.label
    return channels


def export_columns(consultation_id: int | None = None) -> list[ExportColumn]:
    """Export columns of enabled plugins, in plugin priority order."""
    by_plugin: dict[str, list[ExportColumn]] = {}
    for plugin, column in registry().declarations.export_columns.values():
        by_plugin.setdefault(plugin, []).append(column)
    return [
        column
        for loaded in registry().ordered()
        if is_enabled(loaded.name, consultation_id)
        for column in by_plugin.get(loaded.name, [])
    ]


def export_value(column: ExportColumn, comment: Any) -> Cell:
    """One cell: the column's value for `comment`, or empty if the plugin raises."""
    try:
        if column.values is not None:
            return column.values([comment]).get(comment.id)
        return column.value(comment)  # type: ignore[misc]
    except Exception as exc:
        plugin = registry().declarations.export_columns[column.name][0]
        failed(plugin, f"export_columns {column.name}", exc)
        return ""


def export_values(column: ExportColumn, comments: list[Any]) -> dict[int, Cell]:
    """A column's cells for a batch of comments, by comment id.

    One call of the column's `values` for the whole batch (or `value` per
    comment for a column that has no batch form). When the plugin raises, the
    batch's cells are empty and the error is logged and kept, as for one cell.
    """
    try:
        if column.values is not None:
            return dict(column.values(comments))
        return {comment.id: column.value(comment) for comment in comments}  # type: ignore[misc]
    except Exception as exc:
        plugin = registry().declarations.export_columns[column.name][0]
        failed(plugin, f"export_columns {column.name}", exc)
        return {}


def report_sections(consultation: Any) -> list[ReportSection]:
    """Report sections from plugins enabled for `consultation`, in priority order."""
    sections: list[ReportSection] = []
    for loaded, impl in active_impls("report_sections", consultation.id):
        try:
            sections.extend(call(impl, {"consultation": consultation}) or ())
        except Exception as exc:
            failed(loaded.name, "report_sections", exc)
    return sections
