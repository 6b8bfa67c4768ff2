"""Outcome points: "you said, we did", each linked to the threads and comments it answers.

The links are the decision trail: from a point a resident reaches the comments
it answers, and from their comment the point that answers it. Changing the
points of a published outcome needs a change note and stores a new version.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consultation.audit.services import record
from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.editing import EditRefused
from consultation.consultations.lifecycle import lock
from consultation.consultations.models import Consultation, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome, OutcomePoint
from consultation.outcomes.services import check_writable, clean_note, new_version
from consultation.sanitiser import markdown_html, plain_excerpt

#: Comment numbers may be separated by commas, semicolons or spaces, and may start with '#'.
_SEPARATORS = re.compile(r"[\s,;]+")
#: Most comments one point may link to.
MAX_LINKED_COMMENTS = 200


def parse_comment_numbers(text: str | None) -> list[int]:
    """'12, #15 20' → [12, 15, 20]; anything else is refused with a specific message."""
    numbers: list[int] = []
    for part in _SEPARATORS.split(text or ""):
        if not part:
            continue
        digits = part.removeprefix("#")
        if not digits.isdigit() or len(digits) > 12:
            raise EditRefused(
                {
                    "comment_ids": _(
                        "‘%(part)s’ is not a comment number – enter numbers separated by "
                        "commas, for example 12, 15",
                        part=plain_excerpt(part, 20),
                    )
                }
            )
        if int(digits) not in numbers:
            numbers.append(int(digits))
    if len(numbers) > MAX_LINKED_COMMENTS:
        raise EditRefused(
            {
                "comment_ids": _(
                    "Link at most %(limit)s comments to one point", limit=MAX_LINKED_COMMENTS
                )
            }
        )
    return numbers


def _links(
    consultation: Consultation, thread_ids: list[int], comment_ids: list[int]
) -> tuple[list[Thread], list[Comment]]:
    threads = list(
        db.session.scalars(
            select(Thread).where(
                Thread.id.in_(thread_ids), Thread.consultation_id == consultation.id
            )
        )
    )
    if len(threads) != len(set(thread_ids)):
        raise EditRefused({"thread_ids": _("Choose questions from this consultation")})
    comments = list(
        db.session.scalars(
            select(Comment)
            .join(Thread, Thread.id == Comment.thread_id)
            .where(
                Comment.id.in_(comment_ids),
                Thread.consultation_id == consultation.id,
                Comment.status == CommentStatus.PUBLISHED,
            )
        )
    )
    found = {comment.id for comment in comments}
    missing = [n for n in comment_ids if n not in found]
    if missing:
        raise EditRefused(
            {
                "comment_ids": _(
                    "Comment %(number)s is not a published response to this consultation",
                    number=missing[0],
                )
            }
        )
    order = {n: i for i, n in enumerate(comment_ids)}
    return threads, sorted(comments, key=lambda c: order[c.id])


def _prepare(outcome: Outcome, now: datetime) -> Consultation:
    consultation = db.session.get(Consultation, outcome.consultation_id)
    lock(consultation)
    check_writable(consultation, now)
    return consultation


def _check_body(body: str) -> None:
    if not body:
        raise EditRefused({"body": _("Enter what residents said and what we did about it")})


def _describe(point: OutcomePoint) -> dict:
    return {
        "text": plain_excerpt(point.body, 80),
        "threads": [t.id for t in point.threads],
        "comments": [c.id for c in point.comments],
    }


def add_point(
    outcome: Outcome,
    body: str,
    thread_ids: list[int],
    comment_ids: list[int],
    *,
    change_note: str | None = None,
    token: str | None = None,
    now: datetime | None = None,
) -> tuple[OutcomePoint, bool]:
    """Add a point at the end; returns (point, created). A repeated `token` finds the first."""
    now = now or utcnow()
    if token:
        existing = db.session.scalar(
            select(OutcomePoint).where(OutcomePoint.submission_token == token)
        )
        if existing is not None:
            return existing, False
    consultation = _prepare(outcome, now)
    _check_body(body)
    threads, comments = _links(consultation, thread_ids, comment_ids)
    note = clean_note(change_note, required=outcome.is_published)
    last = db.session.scalar(
        select(func.max(OutcomePoint.position)).where(OutcomePoint.outcome_id == outcome.id)
    )
    point = OutcomePoint(
        outcome_id=outcome.id,
        position=(last if last is not None else -1) + 1,
        body=body,
        body_html=str(markdown_html(body)),
        submission_token=token or None,
        threads=threads,
        comments=comments,
    )
    db.session.add(point)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(
            select(OutcomePoint).where(OutcomePoint.submission_token == token)
        )
        if existing is None:
            raise
        return existing, False
    if outcome.is_published:
        new_version(outcome, note, now)
    record(
        "outcome.point_add",
        point,
        consultation_id=consultation.id,
        after=_describe(point),
        change_note=note,
    )
    db.session.commit()
    return point, True


def edit_point(
    point: OutcomePoint,
    body: str,
    thread_ids: list[int],
    comment_ids: list[int],
    *,
    change_note: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Change a point's text or links; returns False when nothing changed."""
    now = now or utcnow()
    outcome = point.outcome
    consultation = _prepare(outcome, now)
    _check_body(body)
    threads, comments = _links(consultation, thread_ids, comment_ids)
    before = _describe(point)
    same_links = [t.id for t in threads] == before["threads"] and [
        c.id for c in comments
    ] == before["comments"]
    if body == point.body and same_links:
        return False
    note = clean_note(change_note, required=outcome.is_published)
    point.body = body
    point.body_html = str(markdown_html(body))
    point.threads = threads
    point.comments = comments
    if outcome.is_published:
        new_version(outcome, note, now)
    record(
        "outcome.point_edit",
        point,
        consultation_id=consultation.id,
        before=before,
        after=_describe(point),
        change_note=note,
    )
    db.session.commit()
    return True


def remove_point(
    point: OutcomePoint, *, change_note: str | None = None, now: datetime | None = None
) -> None:
    """Remove a point (a published outcome keeps it in its earlier versions)."""
    now = now or utcnow()
    outcome = point.outcome
    consultation = _prepare(outcome, now)
    note = clean_note(change_note, required=outcome.is_published)
    before = _describe(point)
    point_id = point.id
    outcome.points.remove(point)
    db.session.flush()
    if outcome.is_published:
        new_version(outcome, note, now)
    record(
        "outcome.point_remove",
        target_type="outcomepoint",
        target_id=point_id,
        consultation_id=consultation.id,
        before=before,
        change_note=note,
    )
    db.session.commit()
