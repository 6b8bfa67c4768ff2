"""Observer hooks fired after commit."""

from __future__ import annotations

from typing import Any


def announce_comment_stored(comment: Any) -> None:
    """Tell plugins about a stored comment (`comment_published` when it is public)."""
