"""What the plugin's views share: loading a comment with its context, or 404."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from consultation.plugin_api import Comment, Consultation, Thread, db, public_consultation


def comment_in_context(comment_id: int) -> tuple[Comment, Consultation]:
    """A comment with its thread, consultation, author and parent; 404 unless its consultation
    is public (drafts and unknown ids look the same)."""
    comment = db.session.scalar(
        select(Comment)
        .options(
            joinedload(Comment.thread).joinedload(Thread.consultation),
            joinedload(Comment.author),
            joinedload(Comment.parent).joinedload(Comment.author),
        )
        .where(Comment.id == comment_id)
    )
    if comment is None:
        abort(404)
    public_consultation(comment.thread.consultation.slug)
    return comment, comment.thread.consultation


def int_or_zero(value: str | None) -> int:
    """A version number from a form: digits, else 0."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else 0
