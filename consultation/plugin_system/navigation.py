"""Menu items contributed by enabled plugins."""

from __future__ import annotations

from flask_login import current_user

from consultation.permissions import has_role
from consultation.plugin_system.base import NavItem
from consultation.plugin_system.calling import active_impls, call, failed


def plugin_navigation_items() -> list[dict[str, str]]:
    """Items from `navigation_items` of site-wide enabled plugins, for the current person."""
    items: list[dict[str, str]] = []
    for loaded, impl in active_impls("navigation_items"):
        try:
            offered = [
                item if isinstance(item, NavItem) else NavItem(**item)
                for item in call(impl, {"user": current_user}) or ()
            ]
        except Exception as exc:
            failed(loaded.name, "navigation_items", exc)
            continue
        items.extend(
            {"href": item.href, "text": str(item.text)}
            for item in offered
            if not item.roles or has_role(current_user, *item.roles)
        )
    return items
