"""Moderation's columns in response exports: the last decision on a comment and its rule.

Batch form: one query per chunk of exported comments, never one per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from consultation.plugin_api import ExportColumn, db
from consultation_moderation.models import ModerationDecision, ModerationItem


def _ids(comments: list[Any]) -> list[int]:
    return [comment.id for comment in comments]


def last_decisions(comments: list[Any]) -> Mapping[int, str]:
    """Each comment's latest moderation event (approved, rejected, held …), by comment id."""
    rows = db.session.execute(
        db.select(ModerationDecision.comment_id, ModerationDecision.action)
        .where(ModerationDecision.comment_id.in_(_ids(comments)))
        .order_by(ModerationDecision.decided_at, ModerationDecision.id)
    ).all()
    # Later rows overwrite earlier ones: the last decision wins.
    return dict(rows)


def rules(comments: list[Any]) -> Mapping[int, str | None]:
    """The rule that brought each comment to the queue (a house rule, an automatic check)."""
    rows = db.session.execute(
        db.select(ModerationItem.comment_id, ModerationItem.rule).where(
            ModerationItem.comment_id.in_(_ids(comments))
        )
    ).all()
    return dict(rows)


def columns() -> list[ExportColumn]:
    """The moderation columns: decision and rule (neither is personal data)."""
    return [
        ExportColumn("moderation_decision", "Moderation decision", values=last_decisions),
        ExportColumn("moderation_rule", "Moderation rule", values=rules),
    ]
