"""Reading the decision trail: an outcome with its points, history and the comments they answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.extensions import db
from consultation.outcomes.models import (
    Outcome,
    OutcomePoint,
    OutcomeVersion,
    outcome_point_comment,
    outcome_point_thread,
)
from consultation.sanitiser import plain_excerpt


@dataclass
class CommentLink:
    """A comment an outcome point answers, as a resident sees it in the point."""

    id: int
    thread_id: int
    thread_title: str
    excerpt: str
    channel: str
    mine: bool


@dataclass
class PointView:
    """One numbered point with the questions and comments it answers."""

    id: int
    number: int
    body_html: str
    threads: list[tuple[int, str]]
    comments: list[CommentLink] = field(default_factory=list)


@dataclass
class VersionView:
    """An earlier version of a published outcome, as residents saw it."""

    number: int
    published_at: datetime
    change_note: str | None
    content: dict[str, Any]


@dataclass
class OutcomeView:
    """What the consultation page shows of an outcome."""

    outcome: Outcome
    points: list[PointView]
    #: The version residents see now (None for an unpublished draft being previewed).
    current: OutcomeVersion | None
    #: Earlier versions, newest first: the change history.
    earlier: list[VersionView]


@dataclass
class AnswerLink:
    """From a resident's comment to the outcome point that answers it."""

    slug: str
    point_id: int
    number: int
    #: True when the point names the comment itself, False when it answers its question.
    direct: bool


def _comment_links(points: list[OutcomePoint], viewer: Any) -> dict[int, CommentLink]:
    ids = {comment.id for point in points for comment in point.comments}
    if not ids:
        return {}
    viewer_id = viewer.id if getattr(viewer, "is_authenticated", False) else None
    rows = db.session.execute(
        select(
            Comment.id,
            Comment.thread_id,
            Thread.title,
            Comment.body_text,
            Comment.channel,
            Comment.author_id,
        )
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.id.in_(ids), Comment.status == CommentStatus.PUBLISHED)
    ).all()
    return {
        row.id: CommentLink(
            id=row.id,
            thread_id=row.thread_id,
            thread_title=row.title,
            excerpt=plain_excerpt(row.body_text, 120),
            channel=row.channel,
            mine=viewer_id is not None and row.author_id == viewer_id,
        )
        for row in rows
    }


def outcome_view(
    consultation: Consultation, viewer: Any = None, *, include_draft: bool = False
) -> OutcomeView | None:
    """The outcome residents see (or, for an officer's preview, the draft), or None."""
    outcome = db.session.scalar(select(Outcome).where(Outcome.consultation_id == consultation.id))
    if outcome is None or (not outcome.is_published and not include_draft):
        return None
    if not include_draft and consultation.status != Lifecycle.OUTCOME_PUBLISHED:
        return None
    links = _comment_links(outcome.points, viewer)
    points = [
        PointView(
            id=point.id,
            number=number,
            body_html=point.body_html,
            threads=[(thread.id, thread.title) for thread in point.threads],
            # Comments later hidden or withdrawn drop out of the public trail.
            comments=[links[c.id] for c in point.comments if c.id in links],
        )
        for number, point in enumerate(outcome.points, start=1)
    ]
    versions = list(outcome.versions)
    current = versions[-1] if versions else None
    earlier = [_readable(version) for version in reversed(versions[:-1])]
    return OutcomeView(outcome, points, current, earlier)


def _readable(version: OutcomeVersion) -> VersionView:
    content = dict(version.content)
    if content.get("decision_date"):
        content["decision_date"] = date.fromisoformat(content["decision_date"])
    return VersionView(version.number, version.published_at, version.change_note, content)


def answering_points(comments: Iterable[Comment]) -> dict[int, list[AnswerLink]]:
    """For each comment, the published outcome points that answer it or its question."""
    comments = list(comments)
    if not comments:
        return {}
    comment_ids = [c.id for c in comments]
    thread_ids = {c.thread_id for c in comments}
    published = (
        select(OutcomePoint.id, OutcomePoint.outcome_id, Consultation.slug)
        .join(Outcome, Outcome.id == OutcomePoint.outcome_id)
        .join(Consultation, Consultation.id == Outcome.consultation_id)
        .where(Consultation.status == Lifecycle.OUTCOME_PUBLISHED)
    )
    direct = db.session.execute(
        published.add_columns(outcome_point_comment.c.comment_id)
        .join(outcome_point_comment, outcome_point_comment.c.point_id == OutcomePoint.id)
        .where(outcome_point_comment.c.comment_id.in_(comment_ids))
    ).all()
    by_thread = db.session.execute(
        published.add_columns(outcome_point_thread.c.thread_id)
        .join(outcome_point_thread, outcome_point_thread.c.point_id == OutcomePoint.id)
        .where(outcome_point_thread.c.thread_id.in_(thread_ids))
    ).all()
    outcome_ids = {row.outcome_id for row in [*direct, *by_thread]}
    numbers: dict[int, int] = {}
    for outcome_id in outcome_ids:
        ordered = db.session.scalars(
            select(OutcomePoint.id)
            .where(OutcomePoint.outcome_id == outcome_id)
            .order_by(OutcomePoint.position, OutcomePoint.id)
        ).all()
        numbers.update({point_id: n for n, point_id in enumerate(ordered, start=1)})
    answers: dict[int, list[AnswerLink]] = {}
    for row in direct:
        answers.setdefault(row.comment_id, []).append(
            AnswerLink(row.slug, row.id, numbers[row.id], True)
        )
    for comment in comments:
        seen = {a.point_id for a in answers.get(comment.id, [])}
        for row in by_thread:
            if row.thread_id == comment.thread_id and row.id not in seen:
                answers.setdefault(comment.id, []).append(
                    AnswerLink(row.slug, row.id, numbers[row.id], False)
                )
    for links in answers.values():
        links.sort(key=lambda a: (not a.direct, a.number))
    return answers
