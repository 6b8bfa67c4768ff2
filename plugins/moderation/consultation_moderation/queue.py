"""Reading the queue: a fixed number of queries whatever its length.

One query gives the counts and the oldest waiting item (and so the total of
an unfiltered page); one the page of items with their comment, author,
thread, consultation and parent; one their reports; one the filtered total
when there are filters; one the consultations to filter by. The indexes on
`moderation_item` serve each of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import joinedload

from consultation.plugin_api import Comment, Consultation, Thread, db
from consultation_moderation.flags import flags_for
from consultation_moderation.house_rules import CHECK_LABELS, FLAG_REASONS
from consultation_moderation.models import Cause, ItemState, ModerationFlag, ModerationItem

PER_PAGE = 50
#: The states a moderator can filter by.
STATES = ("waiting", "overdue", "decided")
#: Reasons that are a cause rather than a rule or a report.
CAUSE_REASONS = (Cause.APPEAL.value, Cause.RESUBMITTED.value)


@dataclass(frozen=True)
class Filters:
    """What the moderator asked the queue to show."""

    state: str = "waiting"
    consultation_id: int | None = None
    reason: str | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args) -> Filters:
        """Read filters from the query string; anything unknown is ignored."""
        state = args.get("state", "waiting")
        consultation = args.get("consultation", "")
        reason = args.get("reason") or None
        page = args.get("page", "1")
        known = set(CHECK_LABELS) | set(FLAG_REASONS) | set(CAUSE_REASONS)
        return cls(
            state=state if state in STATES else "waiting",
            consultation_id=int(consultation) if consultation.isdigit() else None,
            reason=reason if reason in known else None,
            page=int(page) if page.isdigit() and 0 < len(page) < 7 and int(page) > 0 else 1,
        )


@dataclass(frozen=True)
class Stats:
    """How the queue stands: waiting items, those past the target, and the oldest."""

    waiting: int
    overdue: int
    oldest: datetime | None


@dataclass
class Row:
    """One item on the queue page, with everything the page shows about it."""

    item: ModerationItem
    comment: Comment
    overdue: bool
    flags: list[ModerationFlag] = field(default_factory=list)


@dataclass
class QueuePage:
    """One page of the queue."""

    rows: list[Row]
    total: int
    page: int
    pages: int
    stats: Stats
    consultations: list[tuple[int, str]]


def deadline(target_hours: int, now: datetime) -> datetime:
    """Items that started waiting before this are past the time target."""
    return now - timedelta(hours=target_hours)


def stats(target_hours: int, now: datetime) -> Stats:
    """Waiting count, overdue count and the oldest waiting item's start, in one query."""
    late = deadline(target_hours, now)
    row = db.session.execute(
        select(
            func.count(ModerationItem.id),
            func.coalesce(func.sum(case((ModerationItem.entered_at <= late, 1), else_=0)), 0),
            func.min(ModerationItem.entered_at),
        ).where(ModerationItem.state == ItemState.WAITING)
    ).one()
    return Stats(waiting=row[0], overdue=int(row[1]), oldest=row[2])


def _conditions(filters: Filters, late: datetime) -> list:
    conditions = []
    if filters.state == "decided":
        conditions.append(ModerationItem.state == ItemState.DECIDED)
    else:
        conditions.append(ModerationItem.state == ItemState.WAITING)
    if filters.state == "overdue":
        conditions.append(ModerationItem.entered_at <= late)
    if filters.consultation_id is not None:
        conditions.append(ModerationItem.consultation_id == filters.consultation_id)
    if filters.reason in CHECK_LABELS:
        conditions.append(ModerationItem.rule == filters.reason)
    elif filters.reason in CAUSE_REASONS:
        conditions.append(ModerationItem.cause == filters.reason)
    elif filters.reason in FLAG_REASONS:
        conditions.append(
            exists().where(
                and_(
                    ModerationFlag.comment_id == ModerationItem.comment_id,
                    ModerationFlag.reason == filters.reason,
                    ModerationFlag.resolved_at.is_(None),
                )
            )
        )
    return conditions


def queue_page(filters: Filters, target_hours: int, now: datetime) -> QueuePage:
    """The page of the queue the filters ask for: waiting oldest first, decided newest first."""
    late = deadline(target_hours, now)
    conditions = _conditions(filters, late)
    if filters.state == "decided":
        order = (ModerationItem.decided_at.desc(), ModerationItem.id.desc())
    else:
        order = (ModerationItem.entered_at, ModerationItem.id)
    counts = stats(target_hours, now)
    if filters.consultation_id is None and filters.reason is None and filters.state != "decided":
        # The whole queue, or all of it past the target: already counted.
        total = counts.overdue if filters.state == "overdue" else counts.waiting
    else:
        total = db.session.scalar(select(func.count(ModerationItem.id)).where(*conditions)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(filters.page, pages)
    comment_options = (
        joinedload(Comment.thread).joinedload(Thread.consultation),
        joinedload(Comment.author),
        joinedload(Comment.parent).joinedload(Comment.author),
    )
    query = (
        select(ModerationItem)
        .options(joinedload(ModerationItem.comment).options(*comment_options))
        .where(*conditions)
        .order_by(*order)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    )
    found = list(db.session.scalars(query).unique())
    reports = flags_for([item.comment_id for item in found])
    rows = [
        Row(
            item=item,
            comment=item.comment,
            overdue=item.state == ItemState.WAITING and item.entered_at <= late,
            flags=reports.get(item.comment_id, []),
        )
        for item in found
    ]
    consultations = [
        (row.id, row.title)
        for row in db.session.execute(
            select(Consultation.id, Consultation.title).order_by(Consultation.title)
        )
    ]
    return QueuePage(
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        stats=counts,
        consultations=consultations,
    )


def page_items(pairs: list[tuple[int, int]]) -> dict[int, ModerationItem]:
    """Items named by a bulk form, with their comments, in one query."""
    if not pairs:
        return {}
    query = (
        select(ModerationItem)
        .options(joinedload(ModerationItem.comment))
        .where(ModerationItem.id.in_([item_id for item_id, _version in pairs]))
    )
    return {item.id: item for item in db.session.scalars(query).unique()}
