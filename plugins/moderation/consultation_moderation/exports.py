"""Moderation's columns in response exports: the last decision on a comment and its rule.

Batch form: one query per chunk of exported comments, never one per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from consultation.plugin_api import ExportColumn, db
from consultation_moderation.models import ModerationDecision, ModerationItem


def _between(column: Any, comments: list[Any]) -> Any:
    """A range condition covering the chunk's ids (exports send chunks in id order).

    Cheaper for the database, and to build, than IN with a thousand ids; rows
    of comments outside the chunk that fall in the range are dropped by `_keep`.
    """
    return column.between(min(c.id for c in comments), max(c.id for c in comments))


def _keep(rows: Any, comments: list[Any]) -> dict[int, Any]:
    wanted = {comment.id for comment in comments}
    return {comment_id: value for comment_id, value in rows if comment_id in wanted}


def last_decisions(comments: list[Any]) -> Mapping[int, str]:
    """Each comment's latest moderation event (approved, rejected, held …), by comment id."""
    rows = db.session.execute(
        db.select(ModerationDecision.comment_id, ModerationDecision.action)
        .where(_between(ModerationDecision.comment_id, comments))
        .order_by(ModerationDecision.decided_at, ModerationDecision.id)
    ).all()
    # Later rows overwrite earlier ones: the last decision wins.
    return _keep(rows, comments)


def rules(comments: list[Any]) -> Mapping[int, str | None]:
    """The rule that brought each comment to the queue (a house rule, an automatic check)."""
    rows = db.session.execute(
        db.select(ModerationItem.comment_id, ModerationItem.rule).where(
            _between(ModerationItem.comment_id, comments)
        )
    ).all()
    return _keep(rows, comments)


def columns() -> list[ExportColumn]:
    """The moderation columns: decision and rule (neither is personal data)."""
    return [
        ExportColumn("moderation_decision", "Moderation decision", values=last_decisions),
        ExportColumn("moderation_rule", "Moderation rule", values=rules),
    ]
