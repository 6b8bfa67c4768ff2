"""Pre-election periods: replies carry a notice or are paused, and due dates stand still."""

from __future__ import annotations

from datetime import date

from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.plugin_api import User, db, plugin_settings, record
from consultation_councillor_responses.models import PreElectionPeriod
from consultation_councillor_responses.workdays import Suspension, today

NAME = "councillor_responses"


def periods() -> list[PreElectionPeriod]:
    """Every pre-election period, soonest first."""
    return list(db.session.scalars(select(PreElectionPeriod).order_by(PreElectionPeriod.starts_on)))


def suspensions() -> tuple[Suspension, ...]:
    """The periods as (first day, last day), read once per request."""
    # Cached for one request only: outside one (CLI, tests) every call reads afresh.
    cache = g.setdefault("_councillor_responses", {}) if has_request_context() else {}
    if "suspensions" not in cache:
        cache["suspensions"] = tuple((p.starts_on, p.ends_on) for p in periods())
    return cache["suspensions"]


def forget() -> None:
    """Drop this request's cached periods (after changing them)."""
    if has_request_context():
        g.setdefault("_councillor_responses", {}).pop("suspensions", None)


def period_on(day: date | None = None) -> Suspension | None:
    """The pre-election period `day` (default today) falls in, if any."""
    day = day or today()
    return next(((s, e) for s, e in suspensions() if s <= day <= e), None)


def replies_paused(day: date | None = None) -> Suspension | None:
    """The period during which replies are paused now (the site chose "paused"), if any."""
    if plugin_settings(NAME).get("councillor_responses_pre_election") != "pause":
        return None
    return period_on(day)


def add_period(starts_on: date, ends_on: date, *, actor: User) -> PreElectionPeriod:
    """Add a pre-election period (the same dates twice add one); audited."""
    query = select(PreElectionPeriod).where(
        PreElectionPeriod.starts_on == starts_on, PreElectionPeriod.ends_on == ends_on
    )
    existing = db.session.scalar(query)
    if existing is not None:
        return existing
    period = PreElectionPeriod(starts_on=starts_on, ends_on=ends_on, created_by_id=actor.id)
    db.session.add(period)
    try:
        db.session.flush()
    except IntegrityError:
        # A double submit raced this one and stored the same dates first.
        db.session.rollback()
        return db.session.scalar(query)
    record(
        "councillor_responses.pre_election_add",
        period,
        actor=actor,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    db.session.commit()
    forget()
    return period


def remove_period(period: PreElectionPeriod, *, actor: User) -> None:
    """Remove a pre-election period; audited with its dates."""
    record(
        "councillor_responses.pre_election_remove",
        period,
        actor=actor,
        starts_on=period.starts_on.isoformat(),
        ends_on=period.ends_on.isoformat(),
    )
    db.session.delete(period)
    db.session.commit()
    forget()
