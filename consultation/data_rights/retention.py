"""Retention: personal data is anonymised a set number of months after the decision.

A consultation's decision is its outcome's first publication
(`Outcome.published_at`). `RETENTION_MONTHS` after it, respondents' names on
comments go, and every plugin anonymises what it holds for the consultation
(`anonymise_consultation`: the offline channel's names, contact details and
postcodes, for example). What people said stays. Running it again changes
nothing: only records still holding personal data are counted and changed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from consultation.audit.services import record
from consultation.comments.models import Comment
from consultation.consultations.models import Consultation, Thread
from consultation.data_rights.hooks import PluginDataError, keep_error, plugin_anonymise
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome


class _Retention:
    """The audit actor of a retention run (no person acts)."""

    id = None
    is_authenticated = False


@dataclass
class RetentionResult:
    """What a run did (or, in a dry run, would do) for one consultation."""

    consultation: Consultation
    decided_at: datetime
    comments: int = 0
    plugins: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def total(self) -> int:
        """Records anonymised in all."""
        return self.comments + sum(self.plugins.values())


def months_before(moment: datetime, months: int) -> datetime:
    """`moment` minus whole calendar months (31 March less one month is 28/29 February)."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff(now: datetime | None = None, months: int | None = None) -> datetime:
    """Decisions published at or before this moment are past retention."""
    months = current_app.config["RETENTION_MONTHS"] if months is None else months
    return months_before(now or utcnow(), months)


def due(
    now: datetime | None = None, months: int | None = None
) -> list[tuple[Consultation, datetime]]:
    """Consultations whose decision was published at or before the cutoff, oldest first."""
    rows = db.session.execute(
        select(Consultation, Outcome.published_at)
        .join(Outcome, Outcome.consultation_id == Consultation.id)
        .where(Outcome.published_at.is_not(None), Outcome.published_at <= cutoff(now, months))
        .order_by(Outcome.published_at, Consultation.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def _anonymise_comments(consultation: Consultation) -> int:
    in_consultation = select(Thread.id).where(Thread.consultation_id == consultation.id)
    named = (Comment.thread_id.in_(in_consultation), Comment.respondent_name.is_not(None))
    count = db.session.scalar(select(func.count(Comment.id)).where(*named)) or 0
    if count:
        db.session.execute(
            update(Comment).where(*named).values(respondent_name=None),
            execution_options={"synchronize_session": False},
        )
    return count


def apply(
    *, dry_run: bool = False, now: datetime | None = None, months: int | None = None
) -> list[RetentionResult]:
    """Anonymise every consultation past retention; one transaction (and audit event) each.

    In a dry run each consultation's changes are made, counted and rolled
    back, so the counts are exactly what a real run would change. A plugin
    that fails rolls back its consultation (kept as its last error); the
    others go on.
    """
    months = current_app.config["RETENTION_MONTHS"] if months is None else months
    results = []
    for consultation, decided_at in due(now, months):
        result = RetentionResult(consultation, decided_at)
        try:
            result.comments = _anonymise_comments(consultation)
            result.plugins = plugin_anonymise(consultation)
        except PluginDataError as error:
            keep_error(error)
            result.error = str(error)
            results.append(result)
            continue
        if dry_run or not result.total:
            db.session.rollback()
        else:
            record(
                "retention.anonymised",
                consultation,
                actor=_Retention(),
                months=months,
                decided_at=decided_at.isoformat(),
                comments=result.comments,
                plugins=result.plugins,
            )
            db.session.commit()
        results.append(result)
    return results
