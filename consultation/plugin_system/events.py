"""Observer hooks fired after commit."""

from __future__ import annotations

from typing import Any


def announce_comment_stored(comment: Any) -> None:
    """Tell plugins about a stored comment (`comment_published` when it is public)."""


def announce(hook_name: str, **kwargs: Any) -> None:
    """Fire the observer hook `hook_name` (e.g. `consultation_opened`) with `kwargs`.

    Called by core services after their transaction has committed, so a plugin
    only ever hears about what really happened. A seam until the plugin
    manager exists: with no plugins loaded there is nobody to tell.
    """
