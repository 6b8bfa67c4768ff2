"""Residents report comments; enough reports hide a comment until a moderator checks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consultation.plugin_api import (
    Comment,
    CommentStatus,
    change_status,
    db,
    notify_comment_status,
    record,
    utcnow,
)
from consultation_moderation import items, settings
from consultation_moderation.models import Cause, ModerationDecision, ModerationFlag


class FlagRefused(Exception):
    """The report cannot be taken; `message` says why, for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FlagReceipt:
    """What the person is told after reporting."""

    flag: ModerationFlag
    #: True when this report took the comment over the threshold and hid it.
    hid: bool


def already_flagged(comment_id: int, user_id: int) -> bool:
    """True when this person has reported this comment before."""
    query = select(ModerationFlag.id).where(
        ModerationFlag.comment_id == comment_id, ModerationFlag.user_id == user_id
    )
    return db.session.scalar(query) is not None


def check_can_flag(comment: Comment, user: Any) -> None:
    """Raise FlagRefused unless `user` may report `comment` now."""
    if comment.author_id is not None and comment.author_id == user.id:
        raise FlagRefused(_("You cannot report your own comment."))
    if comment.status == CommentStatus.HIDDEN:
        raise FlagRefused(_("This comment is already hidden while a moderator checks it."))
    if comment.status != CommentStatus.PUBLISHED:
        raise FlagRefused(_("Only published comments can be reported."))
    if already_flagged(comment.id, user.id):
        raise FlagRefused(_("You have already reported this comment. A moderator will look at it."))


def open_flag_count(comment_id: int) -> int:
    """Reports a moderator has not yet dealt with."""
    query = select(func.count(ModerationFlag.id)).where(
        ModerationFlag.comment_id == comment_id, ModerationFlag.resolved_at.is_(None)
    )
    return db.session.scalar(query) or 0


def _hide_after_flags(comment: Comment, count: int, now: datetime) -> bool:
    """Hide a published comment that reached the threshold; False if it is no longer published."""
    item = items.item_for(comment.id)
    reason = _("Hidden until a moderator checks it, because several people reported it.")
    db.session.add(
        ModerationDecision(
            item_id=item.id,
            comment_id=comment.id,
            consultation_id=item.consultation_id,
            action="hidden_by_flags",
            actor_id=None,
            decided_at=now,
            reason="flags",
            old_status=CommentStatus.PUBLISHED.value,
            new_status=CommentStatus.HIDDEN.value,
            comment_text=comment.body_text,
        )
    )
    record(
        "moderation.hidden_by_flags",
        comment,
        consultation_id=item.consultation_id,
        item_id=item.id,
        reports=count,
        automatic=True,
    )
    notify_comment_status(comment, "held")
    return change_status(
        comment,
        CommentStatus.HIDDEN.value,
        reason=reason,
        actor=None,
        expected=CommentStatus.PUBLISHED.value,
    )


def flag_comment(
    comment: Comment,
    user: Any,
    reason: str,
    details: str | None = None,
    now: datetime | None = None,
) -> FlagReceipt:
    """Store one report and bring the comment to the queue; hide it at the threshold.

    The report is committed first, so a report is never lost when two
    reports reach the threshold at once and only one of them hides it.
    """
    now = now or utcnow()
    check_can_flag(comment, user)
    flag = ModerationFlag(
        comment_id=comment.id,
        user_id=user.id,
        reason=reason,
        details=details or None,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError as exc:
        db.session.rollback()
        raise FlagRefused(
            _("You have already reported this comment. A moderator will look at it.")
        ) from exc
    items.put_in_queue(comment, Cause.FLAGGED, now)
    db.session.commit()
    count = open_flag_count(comment.id)
    hid = False
    if count >= settings.current().flag_threshold and comment.status == CommentStatus.PUBLISHED:
        hid = _hide_after_flags(comment, count, now)
    return FlagReceipt(flag, hid)


def flags_for(comment_ids: list[int], *, open_only: bool = True) -> dict[int, list[ModerationFlag]]:
    """Reports of several comments in one query, by comment id, oldest first."""
    if not comment_ids:
        return {}
    query = select(ModerationFlag).where(ModerationFlag.comment_id.in_(comment_ids))
    if open_only:
        query = query.where(ModerationFlag.resolved_at.is_(None))
    found: dict[int, list[ModerationFlag]] = {comment_id: [] for comment_id in comment_ids}
    for flag in db.session.scalars(query.order_by(ModerationFlag.id)):
        found[flag.comment_id].append(flag)
    return found
