"""Lifecycle transitions: draft → scheduled → open → closed → outcome published.

The server enforces every step: an impossible transition raises
TransitionRefused with words for the officer, and changes nothing. Opening and
closing also happen by the server clock: `Consultation.state(now)` already
shows residents the right state, and `apply_clock` stores what the clock did
(for example from `flask consultations tick`, run by cron) so the hooks
`consultation_opened` and `consultation_closed` fire once, after commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from consultation.audit.services import record
from consultation.consultations.models import ClosingDateChange, Consultation, Lifecycle
from consultation.database import utcnow
from consultation.extensions import db
from consultation.sanitiser import normalise_text

#: How each step is named to officers and residents.
STATE_LABELS = {
    Lifecycle.DRAFT: _l("Draft"),
    Lifecycle.SCHEDULED: _l("Scheduled"),
    Lifecycle.OPEN: _l("Open"),
    Lifecycle.CLOSED: _l("Closed"),
    Lifecycle.OUTCOME_PUBLISHED: _l("Outcome published"),
}

#: Longest public reason for an extension or an early close.
REASON_MAX = 1000


class TransitionRefused(Exception):
    """A transition that cannot happen now; `message` says why, `field` which input is wrong.

    `already` is true when the consultation is already where the request wanted
    it (a double click): the view reports success instead of an error.
    """

    def __init__(self, message: str, *, field: str | None = None, already: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.already = already


class NotReady(TransitionRefused):
    """A consultation missing what residents need before it can be scheduled or opened."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems[0][1], field=problems[0][0])
        self.problems = problems


class _ServerClock:
    """The actor of transitions the clock makes: recorded in the audit trail with no person."""

    id = None


SERVER_CLOCK = _ServerClock()


def state_label(state: Lifecycle | str) -> str:
    """The name of a lifecycle step, for messages and tags."""
    return str(STATE_LABELS[Lifecycle(state)])


def _when(value: datetime | None) -> str:
    from consultation.templating import london_datetime

    return london_datetime(value)


def lock(consultation: Consultation) -> None:
    """Re-read the consultation, locking its row on PostgreSQL until commit.

    SQLite writers already hold the database lock (BEGIN IMMEDIATE), so two
    officers clicking "Close" at once, or two cron runs, see one another's work
    and every hook fires once.
    """
    db.session.refresh(consultation, with_for_update=True)


def catch_up(consultation: Consultation, now: datetime) -> list[str]:
    """Store the opening and closing the clock has done; return the hooks to fire after commit."""
    hooks: list[str] = []
    if (
        consultation.status == Lifecycle.SCHEDULED
        and consultation.state(now) != Lifecycle.SCHEDULED
    ):
        consultation.status = Lifecycle.OPEN
        record("consultation.opened", consultation, actor=SERVER_CLOCK, by="server clock")
        hooks.append("consultation_opened")
    if consultation.status == Lifecycle.OPEN and consultation.state(now) == Lifecycle.CLOSED:
        consultation.status = Lifecycle.CLOSED
        record("consultation.closed", consultation, actor=SERVER_CLOCK, by="server clock")
        hooks.append("consultation_closed")
    return hooks


def announce_all(hooks: list[str], consultation: Consultation, **extra: Any) -> None:
    """Fire each observer hook for `consultation`; call only after commit."""
    from consultation.plugin_system.events import announce

    for hook in hooks:
        announce(hook, consultation=consultation, **extra)


def readiness_problems(
    consultation: Consultation, *, opening_now: bool = False
) -> list[tuple[str, str]]:
    """What must be filled in before residents can see the consultation, as (field, message)."""
    problems: list[tuple[str, str]] = []
    if not consultation.summary.strip():
        problems.append(("summary", _("Enter a summary")))
    if not consultation.body.strip():
        problems.append(("body", _("Enter the proposal")))
    if not opening_now and consultation.opens_at is None:
        problems.append(("opens_at", _("Enter the opening date")))
    if consultation.closes_at is None:
        problems.append(("closes_at", _("Enter the closing date")))
    if not consultation.whole_area and not consultation.wards:
        problems.append(("wards", _("Select the wards affected, or the whole council area")))
    if not consultation.decision_maker.strip():
        problems.append(
            ("decision_maker", _("Enter who will take the decision, for example Cabinet"))
        )
    if not any(not thread.retired for thread in consultation.threads):
        problems.append(("threads", _("Add at least one question")))
    return problems


def schedule(consultation: Consultation, *, now: datetime | None = None) -> None:
    """Draft → scheduled: residents see it as upcoming and it opens by the clock."""
    now = now or utcnow()
    lock(consultation)
    state = consultation.state(now)
    if state is Lifecycle.SCHEDULED:
        raise TransitionRefused(_("This consultation is already scheduled."), already=True)
    if state is not Lifecycle.DRAFT:
        raise TransitionRefused(
            _(
                "Only a draft can be scheduled. This consultation is %(state)s.",
                state=state_label(state).lower(),
            )
        )
    problems = readiness_problems(consultation)
    if consultation.opens_at and consultation.opens_at <= now:
        problems.append(
            (
                "opens_at",
                _(
                    "The opening date has passed – change it to a later date, or open the "
                    "consultation now"
                ),
            )
        )
    if problems:
        raise NotReady(problems)
    consultation.status = Lifecycle.SCHEDULED
    record(
        "consultation.schedule",
        consultation,
        opens_at=consultation.opens_at.isoformat(),
        closes_at=consultation.closes_at.isoformat(),
    )
    db.session.commit()


def return_to_draft(consultation: Consultation, *, now: datetime | None = None) -> None:
    """Scheduled → draft, before it opens (to rework it, or to stop it opening)."""
    now = now or utcnow()
    lock(consultation)
    state = consultation.state(now)
    if state is Lifecycle.DRAFT:
        raise TransitionRefused(_("This consultation is already a draft."), already=True)
    if state is not Lifecycle.SCHEDULED:
        raise TransitionRefused(_("This consultation has opened, so it cannot go back to draft."))
    consultation.status = Lifecycle.DRAFT
    record("consultation.unschedule", consultation)
    db.session.commit()


def open_now(consultation: Consultation, *, now: datetime | None = None) -> None:
    """Draft or scheduled → open, from this moment."""
    now = now or utcnow()
    lock(consultation)
    state = consultation.state(now)
    if state is Lifecycle.OPEN:
        raise TransitionRefused(_("This consultation is already open."), already=True)
    if state not in (Lifecycle.DRAFT, Lifecycle.SCHEDULED):
        raise TransitionRefused(_("This consultation has closed, so it cannot be opened again."))
    problems = readiness_problems(consultation, opening_now=True)
    if consultation.closes_at and consultation.closes_at <= now:
        problems.append(("closes_at", _("The closing date has passed – change it before opening")))
    if problems:
        raise NotReady(problems)
    before = consultation.opens_at
    consultation.opens_at = now
    consultation.status = Lifecycle.OPEN
    record(
        "consultation.open",
        consultation,
        before={"opens_at": before.isoformat() if before else None},
        after={"opens_at": now.isoformat()},
    )
    db.session.commit()
    announce_all(["consultation_opened"], consultation)


def _clean_reason(reason: str | None, missing: str) -> str:
    reason = normalise_text(reason)
    if not reason:
        raise TransitionRefused(missing, field="reason")
    if len(reason) > REASON_MAX:
        raise TransitionRefused(
            _("The reason must be %(limit)s characters or fewer", limit=REASON_MAX), field="reason"
        )
    return reason


def check_extendable(consultation: Consultation, now: datetime | None = None) -> None:
    """Raise TransitionRefused unless the closing date of `consultation` may be extended now."""
    state = consultation.state(now or utcnow())
    if state in (Lifecycle.DRAFT, Lifecycle.SCHEDULED):
        raise TransitionRefused(
            _("This consultation has not opened yet – change its closing date by editing it.")
        )
    if state is not Lifecycle.OPEN:
        raise TransitionRefused(
            _(
                "This consultation closed on %(when)s, so its closing date cannot be extended.",
                when=_when(consultation.closes_at),
            )
        )


def check_closable(consultation: Consultation, now: datetime | None = None) -> None:
    """Raise TransitionRefused unless `consultation` may be closed early now."""
    state = consultation.state(now or utcnow())
    if state in (Lifecycle.CLOSED, Lifecycle.OUTCOME_PUBLISHED):
        raise TransitionRefused(_("This consultation has already closed."), already=True)
    if state is not Lifecycle.OPEN:
        raise TransitionRefused(
            _(
                "This consultation has not opened yet, so it cannot be closed. "
                "Return it to draft instead."
            )
        )


def extend(
    consultation: Consultation,
    new_closes_at: datetime | None,
    reason: str | None,
    *,
    now: datetime | None = None,
) -> ClosingDateChange:
    """Move the closing date of an open consultation later, with a reason residents see."""
    now = now or utcnow()
    lock(consultation)
    check_extendable(consultation, now)
    if new_closes_at is None:
        raise TransitionRefused(_("Enter the new closing date"), field="closes_at")
    reason = _clean_reason(reason, _("Enter the reason for the extension – residents will see it"))
    latest = db.session.scalar(
        select(ClosingDateChange)
        .where(ClosingDateChange.consultation_id == consultation.id)
        .order_by(ClosingDateChange.id.desc())
    )
    if (
        latest
        and latest.new_closes_at == new_closes_at == consultation.closes_at
        and latest.reason == reason
    ):
        raise TransitionRefused(_("The closing date was already extended."), already=True)
    if new_closes_at <= consultation.closes_at:
        raise TransitionRefused(
            _(
                "The new closing date must be after the current closing date, %(when)s",
                when=_when(consultation.closes_at),
            ),
            field="closes_at",
        )
    hooks = catch_up(consultation, now)
    change = ClosingDateChange(
        consultation_id=consultation.id,
        previous_closes_at=consultation.closes_at,
        new_closes_at=new_closes_at,
        reason=reason,
        changed_by_id=_actor_id(),
        created_at=now,
    )
    db.session.add(change)
    record(
        "consultation.extend",
        consultation,
        before={"closes_at": consultation.closes_at.isoformat()},
        after={"closes_at": new_closes_at.isoformat()},
        reason=reason,
    )
    consultation.closes_at = new_closes_at
    db.session.commit()
    announce_all(hooks, consultation)
    return change


def close_early(
    consultation: Consultation, reason: str | None, *, now: datetime | None = None
) -> None:
    """Open → closed before the closing date; the reason is shown to residents."""
    now = now or utcnow()
    lock(consultation)
    check_closable(consultation, now)
    reason = _clean_reason(
        reason, _("Enter why the consultation is closing early – residents will see it")
    )
    hooks = catch_up(consultation, now)
    before = consultation.closes_at
    consultation.closes_at = now
    consultation.closed_early_reason = reason
    consultation.status = Lifecycle.CLOSED
    record(
        "consultation.close_early",
        consultation,
        before={"closes_at": before.isoformat() if before else None},
        after={"closes_at": now.isoformat()},
        reason=reason,
    )
    db.session.commit()
    announce_all([*hooks, "consultation_closed"], consultation)


def closing_date_changes(consultation: Consultation) -> list[ClosingDateChange]:
    """Every extension of the closing date, oldest first."""
    return list(
        db.session.scalars(
            select(ClosingDateChange)
            .where(ClosingDateChange.consultation_id == consultation.id)
            .order_by(ClosingDateChange.created_at, ClosingDateChange.id)
        )
    )


def apply_clock(now: datetime | None = None) -> list[tuple[Consultation, list[str]]]:
    """Store every opening and closing whose time has come, and fire their hooks.

    Each consultation is committed on its own, so one failure leaves the
    others done; running it twice does nothing the second time.
    """
    now = now or utcnow()
    due = and_(
        or_(
            and_(Consultation.status == Lifecycle.SCHEDULED, Consultation.opens_at <= now),
            and_(
                Consultation.status.in_([Lifecycle.SCHEDULED, Lifecycle.OPEN]),
                Consultation.closes_at <= now,
            ),
        )
    )
    ids = db.session.scalars(select(Consultation.id).where(due).order_by(Consultation.id)).all()
    done: list[tuple[Consultation, list[str]]] = []
    for consultation_id in ids:
        consultation = db.session.get(Consultation, consultation_id)
        if consultation is None:
            continue
        lock(consultation)
        hooks = catch_up(consultation, now)
        db.session.commit()
        announce_all(hooks, consultation)
        if hooks:
            done.append((consultation, hooks))
    return done


def _actor_id() -> int | None:
    from flask_login import current_user

    return current_user.id if getattr(current_user, "is_authenticated", False) else None
