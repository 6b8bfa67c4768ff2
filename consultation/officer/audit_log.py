"""Reading the audit trail, with what each reader may see.

Admins read every event. Officers read the decision trail of consultations:
every event tied to a consultation (its edits, timetable, questions, outcome,
and moderation or offline entries recorded against it), but not account and
role changes or site-wide settings, which stay with admins.
Nothing here changes an event: AuditEvent refuses updates and deletes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select, true

from consultation.audit.models import AuditEvent
from consultation.auth.models import User
from consultation.consultations.models import Consultation
from consultation.extensions import db
from consultation.officer.dates import LONDON
from consultation.permissions import has_role

EVENTS_PER_PAGE = 50


@dataclass
class Filters:
    """What the reader asked for; None means any."""

    actor_id: int | None = None
    action: str | None = None
    consultation_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class AuditPage:
    """One page of events, newest first."""

    events: list[AuditEvent]
    consultations: dict[int, Consultation]
    page: int
    pages: int
    total: int


def _visible(reader: Any):
    if has_role(reader, "admin"):
        return true()
    return AuditEvent.consultation_id.is_not(None)


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0)).replace(tzinfo=LONDON).astimezone(UTC)


def _conditions(reader: Any, filters: Filters) -> list:
    conditions = [_visible(reader)]
    if filters.actor_id:
        conditions.append(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.consultation_id:
        conditions.append(AuditEvent.consultation_id == filters.consultation_id)
    if filters.date_from:
        conditions.append(AuditEvent.created_at >= _london_midnight(filters.date_from))
    if filters.date_to:
        # Days are UK days: "to 3 March" includes all of 3 March in London.
        end = _london_midnight(filters.date_to + timedelta(days=1))
        conditions.append(AuditEvent.created_at < end)
    return conditions


def audit_page(reader: Any, filters: Filters, page: int = 1) -> AuditPage:
    """The events `reader` may see that match `filters`, one page at a time."""
    conditions = _conditions(reader, filters)
    total = db.session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
    pages = max(1, math.ceil(total / EVENTS_PER_PAGE))
    page = min(max(page, 1), pages)
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(*conditions)
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
            .limit(EVENTS_PER_PAGE)
            .offset((page - 1) * EVENTS_PER_PAGE)
        )
    )
    ids = {e.consultation_id for e in events if e.consultation_id}
    consultations = {
        c.id: c for c in db.session.scalars(select(Consultation).where(Consultation.id.in_(ids)))
    }
    return AuditPage(events, consultations, page, pages, total)


def filter_choices(reader: Any) -> dict[str, list[tuple[str, str]]]:
    """Options for the filters: the people, actions and consultations in what `reader` sees."""
    visible = _visible(reader)
    actors = db.session.execute(
        select(User.id, User.display_name)
        .join(AuditEvent, AuditEvent.actor_id == User.id)
        .where(visible)
        .distinct()
        .order_by(User.display_name)
    ).all()
    actions = db.session.scalars(
        select(AuditEvent.action).where(visible).distinct().order_by(AuditEvent.action)
    ).all()
    consultations = db.session.execute(
        select(Consultation.id, Consultation.title).order_by(Consultation.title)
    ).all()
    return {
        "actor": [(str(i), name) for i, name in actors],
        "action": [(a, a) for a in actions],
        "consultation": [(str(i), title) for i, title in consultations],
    }


def summary(event: AuditEvent) -> list[tuple[str, str, str]]:
    """The before/after of an event as (what, before, after) rows, then other details."""
    details = dict(event.details or {})
    before = details.pop("before", None)
    after = details.pop("after", None)
    rows: list[tuple[str, str, str]] = []
    if isinstance(before, dict) or isinstance(after, dict):
        before = before if isinstance(before, dict) else {}
        after = after if isinstance(after, dict) else {}
        for key in [*before, *[k for k in after if k not in before]]:
            rows.append((key, _text(before.get(key)), _text(after.get(key))))
    elif before is not None or after is not None:
        rows.append(("", _text(before), _text(after)))
    rows.extend((key, "", _text(value)) for key, value in details.items())
    return rows


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)
