"""Queue items: finding them, putting a comment (back) in the queue, changing one safely.

Every change to an item is a conditional UPDATE on the version the caller
read, so two requests acting on one item at once cannot both succeed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from consultation.plugin_api import Comment, Thread, db
from consultation_moderation.models import ItemState, ModerationItem


def item_for(comment_id: int) -> ModerationItem | None:
    """The comment's queue item, if it ever had one."""
    return db.session.scalar(select(ModerationItem).where(ModerationItem.comment_id == comment_id))


def consultation_of(comment: Comment) -> int:
    """The id of the consultation a comment belongs to."""
    return db.session.scalar(select(Thread.consultation_id).where(Thread.id == comment.thread_id))


def advance(item_id: int, seen_version: int, **values: Any) -> bool:
    """Change an item only if it is still at `seen_version`; True when it changed."""
    result = db.session.execute(
        update(ModerationItem)
        .where(ModerationItem.id == item_id, ModerationItem.version == seen_version)
        .values(version=ModerationItem.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def create(comment: Comment, cause: str, now: datetime, **values: Any) -> ModerationItem | None:
    """A new waiting item for `comment`; None if another request made one first."""
    item = ModerationItem(
        comment_id=comment.id,
        consultation_id=consultation_of(comment),
        state=ItemState.WAITING,
        cause=cause,
        findings=values.pop("findings", []),
        entered_at=now,
        version=1,
        **values,
    )
    try:
        with db.session.begin_nested():
            db.session.add(item)
    except IntegrityError:
        return None
    return item


def put_in_queue(
    comment: Comment, cause: str, now: datetime, **values: Any
) -> ModerationItem | None:
    """Make the comment's item wait (again) with `cause`; an item already waiting stays as it is.

    Returns the item, or None when another request changed it at that moment.
    """
    item = item_for(comment.id)
    if item is None:
        return create(comment, cause, now, **values)
    if item.state == ItemState.WAITING:
        return item
    reopened = advance(
        item.id,
        item.version,
        state=ItemState.WAITING,
        cause=cause,
        entered_at=now,
        alerted_at=None,
        excluded_moderator_id=values.pop("excluded_moderator_id", None),
        rule=values.pop("rule", None),
        findings=values.pop("findings", []),
    )
    if not reopened:
        return None
    db.session.refresh(item)
    return item
