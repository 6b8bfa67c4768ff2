"""Reading consultations for residents: lists, one consultation, its threads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import abort
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager, lazyload, selectinload

from consultation.comments.models import Comment
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome

#: "Closing soon" on the home page.
CLOSING_SOON = timedelta(days=7)

#: Stored statuses a resident may see (drafts and unscheduled work stay private).
PUBLIC_STATUSES = (
    Lifecycle.SCHEDULED,
    Lifecycle.OPEN,
    Lifecycle.CLOSED,
    Lifecycle.OUTCOME_PUBLISHED,
)


def _open_condition(now: datetime):
    return and_(
        Consultation.status.in_([Lifecycle.SCHEDULED, Lifecycle.OPEN]),
        Consultation.opens_at <= now,
        or_(Consultation.closes_at.is_(None), Consultation.closes_at > now),
    )


@dataclass
class HomePage:
    """What the home page shows."""

    open: list[Consultation]
    closing_soon: list[Consultation]
    upcoming: list[Consultation]
    recent_outcomes: list[tuple[Consultation, Outcome]]
    now: datetime


def home_page(now: datetime | None = None) -> HomePage:
    """Open consultations (closing first), those closing soon, upcoming, recent outcomes."""
    now = now or utcnow()
    # The lists show titles and dates only: relationships that load eagerly
    # elsewhere (wards, outcome points and versions) would cost a query each.
    lists_only = lazyload("*")
    open_now = db.session.scalars(
        select(Consultation)
        .options(lists_only)
        .where(_open_condition(now))
        .order_by(Consultation.closes_at)
    ).all()
    upcoming = db.session.scalars(
        select(Consultation)
        .options(lists_only)
        .where(Consultation.status == Lifecycle.SCHEDULED, Consultation.opens_at > now)
        .order_by(Consultation.opens_at)
        .limit(5)
    ).all()
    outcomes = db.session.execute(
        select(Consultation, Outcome)
        .options(lists_only)
        .join(Outcome, Outcome.consultation_id == Consultation.id)
        .where(Consultation.status == Lifecycle.OUTCOME_PUBLISHED)
        .order_by(Outcome.published_at.desc())
        .limit(5)
    ).all()
    soon = [c for c in open_now if c.closes_at and c.closes_at - now <= CLOSING_SOON]
    return HomePage(list(open_now), soon, list(upcoming), [tuple(r) for r in outcomes], now)


def public_consultation(slug: str) -> Consultation:
    """The consultation residents may see at `slug`, or 404."""
    consultation = db.session.scalar(
        select(Consultation)
        .options(selectinload(Consultation.wards))
        .where(Consultation.slug == slug, Consultation.status.in_(PUBLIC_STATUSES))
    )
    if consultation is None:
        abort(404)
    return consultation


def thread_summaries(consultation: Consultation) -> list[tuple[Thread, int]]:
    """Each thread of a consultation with its number of published comments, in order.

    Counts come from `published_counts`: cached per thread while nothing in it
    changes, so the page does not count every comment of a busy consultation.
    """
    from consultation.comments.queries import published_counts

    threads = db.session.scalars(
        select(Thread)
        .where(Thread.consultation_id == consultation.id)
        .order_by(Thread.position, Thread.id)
    ).all()
    counts = published_counts(t.id for t in threads)
    return [(thread, counts.get(thread.id, 0)) for thread in threads]


def page_context(
    consultation: Consultation, viewer: Any = None, *, include_draft_outcome: bool = False
) -> dict[str, Any]:
    """Everything consultations/consultation.html needs.

    One function for the resident page and the officer's preview, so the
    preview is exactly what residents will see.
    """
    from consultation.consultations.lifecycle import closing_date_changes
    from consultation.outcomes.queries import outcome_view

    view = outcome_view(consultation, viewer, include_draft=include_draft_outcome)
    return {
        "consultation": consultation,
        "threads": thread_summaries(consultation),
        "outcome": view.outcome if view else None,
        "outcome_view": view,
        "closing_changes": closing_date_changes(consultation),
    }


def public_comment(consultation: Consultation, comment_id: int, viewer: Any) -> Comment:
    """A comment of `consultation` that `viewer` may see, or 404."""
    from consultation.comments.services import visible_to

    comment = db.session.scalar(
        select(Comment)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(
            Comment.id == comment_id,
            Thread.consultation_id == consultation.id,
            visible_to(viewer),
        )
    )
    if comment is None:
        abort(404)
    return comment


def public_thread(slug: str, thread_id: int) -> Thread:
    """The thread `thread_id` of the public consultation `slug` (one query), or 404."""
    thread = db.session.scalar(
        select(Thread)
        .join(Thread.consultation)
        # The thread page does not show wards; load them only if something asks.
        .options(contains_eager(Thread.consultation).options(lazyload(Consultation.wards)))
        .where(
            Thread.id == thread_id,
            Consultation.slug == slug,
            Consultation.status.in_(PUBLIC_STATUSES),
        )
    )
    if thread is None:
        abort(404)
    return thread
