"""Menu items contributed by enabled plugins."""

from __future__ import annotations


def plugin_navigation_items() -> list[dict[str, str]]:
    """Items from `navigation_items` of enabled plugins for the current person."""
    return []
