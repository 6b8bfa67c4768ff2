"""The messages the core sends about what happens to people's comments and consultations.

Each function adds to the caller's transaction; call it before the commit
that stores the event, so the two are saved together or not at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from flask import current_app
from sqlalchemy import select

from consultation.auth.models import User
from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.models import Consultation, Thread
from consultation.extensions import db
from consultation.notifications.kinds import COMMENT_REPLY, COMMENT_STATUS, OUTCOME_PUBLISHED
from consultation.notifications.models import DigestEntry, OutboxMessage
from consultation.notifications.rendering import external_url
from consultation.notifications.services import notify, notify_many
from consultation.sanitiser import plain_excerpt

#: The changes a moderator's decision can make to a comment, as the person is told them.
StatusChange = Literal["held", "rejected", "restored"]

#: Longest part of a comment quoted in an email.
EXCERPT_CHARS = 300


def _comment_url(comment: Comment, thread: Thread) -> str:
    from consultation.comments.queries import page_of

    page = page_of(comment, None, current_app.config["COMMENTS_PER_PAGE"])
    url = external_url(
        "consultations.thread", slug=thread.consultation.slug, thread_id=thread.id, page=page
    )
    return f"{url}#comment-{comment.id}"


def _thread_of(comment: Comment) -> Thread:
    thread = db.session.get(Thread, comment.thread_id)
    if thread is None:
        raise LookupError(f"comment {comment.id} has no thread")
    return thread


def notify_reply(
    reply: Comment, parent: Comment, now: datetime | None = None
) -> OutboxMessage | DigestEntry | None:
    """Tell the author of `parent` that `reply` to it is published.

    Nothing is sent when the parent has no account, or when people reply to
    themselves. Call it again when a held reply is approved: one message per
    reply is ever stored.
    """
    if reply.status != CommentStatus.PUBLISHED or parent.author_id is None:
        return None
    if parent.author_id == reply.author_id:
        return None
    recipient = db.session.get(User, parent.author_id)
    replier = db.session.get(User, reply.author_id) if reply.author_id else None
    if recipient is None:
        return None
    thread = _thread_of(reply)
    context = {
        "replier_name": replier.display_name if replier else reply.respondent_name or "",
        "councillor_ward": replier.councillor_ward.name
        if replier and replier.councillor_ward
        else None,
        "reply_excerpt": plain_excerpt(reply.body_text, EXCERPT_CHARS),
        "your_excerpt": plain_excerpt(parent.body_text, EXCERPT_CHARS),
        "thread": thread,
        "consultation": thread.consultation,
        "url": _comment_url(reply, thread),
    }
    return notify(recipient, COMMENT_REPLY.name, context, dedupe_key=f"reply:{reply.id}", now=now)


def notify_comment_status(
    comment: Comment,
    change: StatusChange,
    reason: str | None = None,
    *,
    dedupe_key: str | None = None,
    now: datetime | None = None,
) -> OutboxMessage | DigestEntry | None:
    """Tell a comment's author it was held for checking, not published (with `reason`) or restored.

    The moderation plugin calls this in the transaction that records the
    decision. Comments without an account behind them are skipped.
    """
    if change not in ("held", "rejected", "restored"):
        raise ValueError(f"unknown comment status change {change!r}")
    if comment.author_id is None:
        return None
    author = db.session.get(User, comment.author_id)
    if author is None:
        return None
    thread = _thread_of(comment)
    context = {
        "change": change,
        "reason": reason or comment.status_reason,
        "excerpt": plain_excerpt(comment.body_text, EXCERPT_CHARS),
        "thread": thread,
        "consultation": thread.consultation,
        "url": _comment_url(comment, thread)
        if change == "restored"
        else external_url("account.comments"),
    }
    return notify(author, COMMENT_STATUS.name, context, dedupe_key=dedupe_key, now=now)


def participants(consultation: Consultation) -> list[User]:
    """Everyone with an account who commented in `consultation` (withdrawn comments aside)."""
    author_ids = (
        select(Comment.author_id)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(
            Thread.consultation_id == consultation.id,
            Comment.author_id.is_not(None),
            Comment.status != CommentStatus.WITHDRAWN,
        )
        .distinct()
    )
    return list(db.session.scalars(select(User).where(User.id.in_(author_ids)).order_by(User.id)))


def notify_outcome_published(consultation: Consultation, now: datetime | None = None) -> int:
    """Tell everyone who took part that the outcome of `consultation` is published.

    The officer console calls this in the transaction that publishes the
    outcome. Calling it twice stores no second message for anyone. Returns
    how many people will hear about it.
    """
    from consultation.outcomes.models import Outcome

    outcome = db.session.scalar(select(Outcome).where(Outcome.consultation_id == consultation.id))
    context = {
        "consultation": consultation,
        "outcome": outcome,
        "decision_excerpt": plain_excerpt(outcome.decision, EXCERPT_CHARS) if outcome else "",
        "url": external_url("consultations.consultation", slug=consultation.slug),
    }
    return notify_many(
        participants(consultation),
        OUTCOME_PUBLISHED.name,
        context,
        dedupe_prefix=f"outcome:{consultation.id}",
        now=now,
    )
