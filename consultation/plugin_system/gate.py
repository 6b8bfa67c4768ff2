"""The publication gate: plugins decide whether a new comment is published or held."""

from __future__ import annotations

from typing import Any


def decide(comment: Any) -> tuple[str, str | None]:
    """Return (status, reason) for a new comment.

    Until plugins answer `comment_pre_publish`, every comment is published.
    """
    from consultation.comments.models import CommentStatus

    return CommentStatus.PUBLISHED.value, None
