"""Moderators' decisions: approve, reject, hide, restore; each once, audited and recorded.

A decision is made against the queue item's version the moderator saw. Of
two moderators deciding one comment at once, the first wins; the second is
told who decided, and nothing is decided twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select, update

from consultation.plugin_api import (
    Comment,
    CommentStatus,
    User,
    change_status,
    db,
    notify_comment_status,
    record,
    utcnow,
)
from consultation_moderation import items
from consultation_moderation.house_rules import RULES_BY_CODE
from consultation_moderation.models import (
    Cause,
    ItemState,
    ModerationAppeal,
    ModerationDecision,
    ModerationFlag,
    ModerationItem,
)

#: Decision → the status it gives the comment, and the word recorded for it.
OUTCOMES: dict[str, tuple[str, str]] = {
    "approve": (CommentStatus.PUBLISHED.value, "approved"),
    "reject": (CommentStatus.REJECTED.value, "rejected"),
    "hide": (CommentStatus.HIDDEN.value, "hidden"),
    "restore": (CommentStatus.PUBLISHED.value, "restored"),
}


@dataclass(frozen=True)
class Result:
    """What happened to one decision: made, or refused and why."""

    decided: bool
    message: str
    #: True when someone else acted first (the page shows what they did).
    conflict: bool = False


def allowed_actions(status: str, item: ModerationItem | None) -> list[str]:
    """The decisions that make sense for a comment in `status` with this queue item."""
    waiting = item is not None and item.state == ItemState.WAITING
    if status == CommentStatus.PENDING:
        return ["approve", "reject"]
    if status == CommentStatus.PUBLISHED:
        return ["approve", "hide", "reject"] if waiting else ["hide", "reject"]
    if status == CommentStatus.HIDDEN:
        return ["restore", "reject"]
    if status == CommentStatus.REJECTED:
        return ["restore", "reject"] if waiting else ["restore"]
    return []


def when(moment: datetime | None) -> str:
    """A moment as moderators read it, in UK time."""
    if moment is None:
        return ""
    text = format_datetime(moment, "d MMMM yyyy, h:mm a")
    return text.replace(" AM", "am").replace(" PM", "pm")


def _already(word: str, name: str, moment: str) -> str:
    messages = {
        "approved": _(
            "%(name)s already approved this comment on %(when)s.", name=name, when=moment
        ),
        "rejected": _(
            "%(name)s already rejected this comment on %(when)s.", name=name, when=moment
        ),
        "hidden": _("%(name)s already hid this comment on %(when)s.", name=name, when=moment),
        "restored": _(
            "%(name)s already restored this comment on %(when)s.", name=name, when=moment
        ),
    }
    return messages.get(word, messages["approved"])


def describe_conflict(item: ModerationItem | None) -> str:
    """Why a decision was not made: who decided first, or that the comment changed."""
    if item is not None and item.state == ItemState.DECIDED and item.decided_by_id:
        moderator = db.session.get(User, item.decided_by_id)
        name = moderator.display_name if moderator else _("Another moderator")
        first = _already(item.last_action or "", name, when(item.decided_at))
        return first + " " + _("Nothing was changed.")
    return _(
        "This comment changed while you were looking at it (it was reported again, edited "
        "or appealed). Nothing was changed: check it again below."
    )


def author_reason(action: str, rule: str | None, note: str | None) -> str | None:
    """The reason the author sees under My comments (and in the email)."""
    if action not in ("reject", "hide"):
        return None
    title = RULES_BY_CODE[rule].title if rule in RULES_BY_CODE else rule
    if action == "reject":
        text = _("It breaks the house rule ‘%(rule)s’.", rule=title)
    else:
        text = _("A moderator hid it: it breaks the house rule ‘%(rule)s’.", rule=title)
    if note:
        text += " " + _("Note from the moderator: %(note)s", note=note)
    return text


def _refusal(comment: Comment, item: ModerationItem | None, action: str, moderator: Any) -> str:
    if comment.author_id is not None and comment.author_id == moderator.id:
        return _("You cannot decide on your own comment: another moderator must.")
    if (
        item is not None
        and item.state == ItemState.WAITING
        and item.excluded_moderator_id == moderator.id
    ):
        return _(
            "You made the decision the author has asked to be reviewed, so another moderator "
            "must decide this."
        )
    if action not in allowed_actions(comment.status, item):
        return _("That decision does not apply to this comment as it stands now.")
    return ""


def _tell_author(comment: Comment, action: str, old: str, reason: str | None) -> None:
    """Email the author, in this transaction (a reply going public: see `comment_published`)."""
    if action in ("reject", "hide"):
        notify_comment_status(comment, "rejected", reason)
    elif old in (CommentStatus.HIDDEN, CommentStatus.REJECTED):
        notify_comment_status(comment, "restored")


def _record(
    item: ModerationItem,
    comment: Comment,
    action: str,
    moderator: Any,
    rule: str | None,
    note: str | None,
    now: datetime,
    was_waiting: bool,
) -> ModerationDecision:
    new_status, word = OUTCOMES[action]
    appeal = was_waiting and item.cause == Cause.APPEAL
    decision = ModerationDecision(
        item_id=item.id,
        comment_id=comment.id,
        consultation_id=item.consultation_id,
        action=word,
        actor_id=moderator.id,
        decided_at=now,
        reason=rule if action in ("reject", "hide") else None,
        note=note or None,
        old_status=comment.status,
        new_status=new_status,
        waited_seconds=int((now - item.entered_at).total_seconds()) if was_waiting else None,
        appeal=appeal,
        comment_text=comment.body_text,
    )
    db.session.add(decision)
    db.session.execute(
        update(ModerationFlag)
        .where(ModerationFlag.comment_id == comment.id, ModerationFlag.resolved_at.is_(None))
        .values(resolved_at=now)
    )
    if appeal:
        db.session.execute(
            update(ModerationAppeal)
            .where(ModerationAppeal.comment_id == comment.id)
            .values(
                decided_at=now,
                result="upheld" if new_status == CommentStatus.PUBLISHED else "dismissed",
            )
        )
    record(
        f"moderation.{action}",
        comment,
        actor=moderator,
        consultation_id=item.consultation_id,
        item_id=item.id,
        rule=decision.reason,
        note=decision.note,
        appeal=appeal,
        old_status=decision.old_status,
        new_status=new_status,
    )
    return decision


def decide(
    comment: Comment,
    *,
    action: str,
    moderator: Any,
    seen_version: int,
    rule: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Result:
    """Make one decision about `comment`, as the moderator saw it (`seen_version`, 0: no item).

    Commits on success; on any refusal or conflict nothing is stored.
    """
    now = now or utcnow()
    item = items.item_for(comment.id)
    if (item.version if item is not None else 0) != seen_version:
        return Result(False, describe_conflict(item), conflict=True)
    refusal = _refusal(comment, item, action, moderator)
    if refusal:
        return Result(False, refusal)
    was_waiting = item is not None and item.state == ItemState.WAITING
    if item is None:
        # Not in the queue (a moderator hides a published comment): it gets an item now.
        item = items.create(comment, Cause.MODERATOR, now)
        if item is None:
            db.session.rollback()
            return Result(False, describe_conflict(items.item_for(comment.id)), conflict=True)
    moved = items.advance(
        item.id,
        item.version,
        state=ItemState.DECIDED,
        decided_at=now,
        decided_by_id=moderator.id,
        last_action=OUTCOMES[action][1],
        excluded_moderator_id=None,
    )
    if not moved:
        db.session.rollback()
        return Result(False, describe_conflict(items.item_for(comment.id)), conflict=True)
    old_status = comment.status
    new_status = OUTCOMES[action][0]
    reason = author_reason(action, rule, note)
    _record(item, comment, action, moderator, rule, note, now, was_waiting)
    _tell_author(comment, action, old_status, reason)
    if not change_status(comment, new_status, reason=reason, actor=moderator, expected=old_status):
        return Result(False, describe_conflict(items.item_for(comment.id)), conflict=True)
    return Result(True, _("Decision saved."))


def history(comment_id: int) -> list[ModerationDecision]:
    """Everything recorded about a comment in moderation, oldest first, with who did it."""
    from sqlalchemy.orm import joinedload

    query = (
        select(ModerationDecision)
        .options(joinedload(ModerationDecision.actor))
        .where(ModerationDecision.comment_id == comment_id)
        .order_by(ModerationDecision.decided_at, ModerationDecision.id)
    )
    return list(db.session.scalars(query))
