"""What an author can do about a decision: edit and resubmit, or ask once for a review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.plugin_api import (
    Comment,
    CommentStatus,
    Consultation,
    Thread,
    change_status,
    comment_html,
    db,
    record,
    utcnow,
)
from consultation_moderation import items
from consultation_moderation.checks import as_dicts
from consultation_moderation.gate import findings_for
from consultation_moderation.models import (
    Cause,
    ItemState,
    ModerationAppeal,
    ModerationDecision,
    ModerationItem,
)


class RemedyRefused(Exception):
    """The author cannot do this now; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def appeal_for(comment_id: int) -> ModerationAppeal | None:
    """The comment's appeal, if its author asked for one."""
    query = select(ModerationAppeal).where(ModerationAppeal.comment_id == comment_id)
    return db.session.scalar(query)


def _own(comment: Comment, author: Any) -> None:
    if comment.author_id is None or comment.author_id != author.id:
        raise RemedyRefused(_("You can only change your own comments."))


def _waiting(item: ModerationItem | None) -> bool:
    return item is not None and item.state == ItemState.WAITING


def can_resubmit(comment: Comment, item: ModerationItem | None) -> bool:
    """True when the author may edit the comment and send it back: it was rejected."""
    return comment.status == CommentStatus.REJECTED and not _waiting(item)


def can_appeal(comment: Comment, item: ModerationItem | None, appealed: bool) -> bool:
    """True when the author may ask for a review: a moderator's decision, not yet appealed."""
    decided = item is not None and item.state == ItemState.DECIDED and item.decided_by_id
    status_ok = comment.status in (CommentStatus.REJECTED, CommentStatus.HIDDEN)
    return bool(status_ok and decided and not appealed)


def _event(item: ModerationItem, comment: Comment, action: str, author: Any, now: datetime, **kw):
    db.session.add(
        ModerationDecision(
            item_id=item.id,
            comment_id=comment.id,
            consultation_id=item.consultation_id,
            action=action,
            actor_id=author.id,
            decided_at=now,
            comment_text=comment.body_text,
            **kw,
        )
    )


def resubmit(comment: Comment, author: Any, body: str, now: datetime | None = None) -> bool:
    """Replace a rejected comment's text and send it back to the queue.

    The text a moderator rejected stays in the decision record. Returns False
    when it had already been resubmitted (a double submit): nothing changes.
    """
    now = now or utcnow()
    _own(comment, author)
    if comment.status == CommentStatus.PENDING:
        return False
    item = items.item_for(comment.id)
    if not can_resubmit(comment, item):
        raise RemedyRefused(_("Only a comment a moderator did not publish can be edited here."))
    consultation = db.session.scalar(
        select(Consultation)
        .join(Thread, Thread.consultation_id == Consultation.id)
        .where(Thread.id == comment.thread_id)
    )
    if not consultation.is_open():
        raise RemedyRefused(_("This consultation has closed, so the comment cannot be changed."))
    found = findings_for(body, str(comment_html(body)))
    reopened = items.advance(
        item.id,
        item.version,
        state=ItemState.WAITING,
        cause=Cause.RESUBMITTED,
        rule=found[0].rule if found else None,
        findings=as_dicts(found),
        entered_at=now,
        alerted_at=None,
        excluded_moderator_id=None,
    )
    if not reopened:
        db.session.rollback()
        return False
    _event(
        item,
        comment,
        "resubmitted",
        author,
        now,
        old_status=CommentStatus.REJECTED.value,
        new_status=CommentStatus.PENDING.value,
    )
    record("moderation.resubmit", comment, actor=author, consultation_id=item.consultation_id)
    return change_status(
        comment,
        CommentStatus.PENDING.value,
        reason=_("You edited it; a moderator will check it again."),
        actor=author,
        expected=CommentStatus.REJECTED.value,
        body=body,
    )


def appeal(comment: Comment, author: Any, reason: str, now: datetime | None = None) -> bool:
    """Ask, once, for a different moderator to review the decision; False if already asked."""
    now = now or utcnow()
    _own(comment, author)
    existing = appeal_for(comment.id)
    if existing is not None:
        if existing.reason == reason:
            return False  # the same request again: a double submit
        raise RemedyRefused(
            _("You have already asked for a review of this comment. A review can be asked once.")
        )
    item = items.item_for(comment.id)
    if not can_appeal(comment, item, appealed=False):
        raise RemedyRefused(_("There is no moderator's decision on this comment to review."))
    row = ModerationAppeal(
        comment_id=comment.id,
        author_id=author.id,
        reason=reason,
        first_moderator_id=item.decided_by_id,
        requested_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        db.session.rollback()
        return False
    reopened = items.advance(
        item.id,
        item.version,
        state=ItemState.WAITING,
        cause=Cause.APPEAL,
        entered_at=now,
        alerted_at=None,
        excluded_moderator_id=item.decided_by_id,
    )
    if not reopened:
        db.session.rollback()
        raise RemedyRefused(_("This comment changed just now. Try again."))
    _event(
        item,
        comment,
        "appealed",
        author,
        now,
        note=reason,
        old_status=comment.status,
        new_status=comment.status,
    )
    record("moderation.appeal", comment, actor=author, consultation_id=item.consultation_id)
    db.session.commit()
    return True


@dataclass(frozen=True)
class AuthorView:
    """What the author's pages show about one of their comments."""

    item: ModerationItem | None
    appeal: ModerationAppeal | None
    can_resubmit: bool
    can_appeal: bool


def author_view(comment: Comment) -> AuthorView:
    """The remedies open to a comment's author, and the state of any review."""
    item = items.item_for(comment.id)
    found = appeal_for(comment.id)
    return AuthorView(
        item=item,
        appeal=found,
        can_resubmit=can_resubmit(comment, item),
        can_appeal=can_appeal(comment, item, appealed=found is not None),
    )


def author_views(author: Any) -> dict[int, AuthorView]:
    """`author_view` for every rejected or hidden comment of `author`, in two queries.

    A page listing many of a person's comments asks this once, not once per comment.
    """
    comments = db.session.scalars(
        select(Comment).where(
            Comment.author_id == author.id,
            Comment.status.in_([CommentStatus.REJECTED, CommentStatus.HIDDEN]),
        )
    ).all()
    ids = [comment.id for comment in comments]
    found_items = {
        item.comment_id: item
        for item in db.session.scalars(
            select(ModerationItem).where(ModerationItem.comment_id.in_(ids))
        )
    }
    found_appeals = {
        row.comment_id: row
        for row in db.session.scalars(
            select(ModerationAppeal).where(ModerationAppeal.comment_id.in_(ids))
        )
    }
    views = {}
    for comment in comments:
        item, found = found_items.get(comment.id), found_appeals.get(comment.id)
        views[comment.id] = AuthorView(
            item=item,
            appeal=found,
            can_resubmit=can_resubmit(comment, item),
            can_appeal=can_appeal(comment, item, appealed=found is not None),
        )
    return views
