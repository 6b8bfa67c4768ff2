"""Helpers for the officer console tests: filling in GOV.UK date inputs like a person would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import time_machine
from flask import g, has_app_context

from consultation.officer.dates import LONDON, format_time


def date_input(name: str, when: date | datetime) -> dict[str, str]:
    """The day, month, year (and time, for a datetime) inputs of field `name`, in UK time."""
    if isinstance(when, datetime):
        local = when.astimezone(LONDON)
        return {
            f"{name}-day": str(local.day),
            f"{name}-month": str(local.month),
            f"{name}-year": str(local.year),
            f"{name}-time": format_time(local.time()),
        }
    return {
        f"{name}-day": str(when.day),
        f"{name}-month": str(when.month),
        f"{name}-year": str(when.year),
    }


def consultation_form(**overrides: object) -> dict[str, object]:
    """A complete, valid "new consultation" form."""
    data: dict[str, object] = {
        "title": "Library opening hours",
        "slug": "",
        "summary": "We propose new opening hours for the town libraries.",
        "body": "## What we propose\n\nOpen **later** on weekdays.",
        "area": "whole",
        "decision_maker": "Cabinet",
        "owning_team": "engagement",
        "contacts": "Priya Officer, engagement lead",
        "submission_token": "new-consultation-1",
    }
    data.update(overrides)
    return data


class Clock:
    """The server clock, moved by a test (time-machine), from one moment to a later one."""

    def __init__(self, traveller: time_machine.Coordinates) -> None:
        self._traveller = traveller

    def move_to(self, when: datetime) -> None:
        """Jump to `when` (and keep ticking from there)."""
        self._traveller.move_to(when)
        _forget_csrf_token()


def _forget_csrf_token() -> None:
    # The test's requests can share its app context (the client preserves it), so
    # Flask-WTF's signed token cached in `g` would carry the old time; a browser
    # gets a fresh one with every page.
    if has_app_context():
        g.pop("csrf_token", None)


@contextmanager
def clock_at(when: datetime) -> Iterator[Clock]:
    """Run the block with the server clock at `when` (and ticking from there)."""
    with time_machine.travel(when) as traveller:
        _forget_csrf_token()
        yield Clock(traveller)
    _forget_csrf_token()


def officer_values() -> dict[str, int]:
    """Records the officer console's access-table rows point at (after `core_values`).

    `closed_id`: the closed consultation; `published_id`: a consultation whose
    outcome is published, with one point `point_id`; `person_id`: a resident
    an admin can look up.
    """
    from sqlalchemy import select

    from consultation.consultations.models import Consultation
    from consultation.database import utcnow
    from consultation.extensions import db
    from consultation.outcomes.models import Outcome, OutcomePoint
    from consultation.testing.factories import make_consultation, make_thread, make_user

    closed = db.session.scalar(
        select(Consultation).where(Consultation.slug == "closed-consultation")
    )
    published = make_consultation("outcome_published", slug="published-consultation")
    make_thread(published)
    outcome = Outcome(
        consultation_id=published.id,
        decision="Agreed.",
        decision_maker="Cabinet",
        published_at=utcnow(),
    )
    outcome.points = [OutcomePoint(body="A point.", body_html="<p>A point.</p>")]
    db.session.add(outcome)
    spare = make_user(email="spare@access.example.org")
    db.session.commit()
    return {
        "closed_id": closed.id,
        "published_id": published.id,
        "point_id": outcome.points[0].id,
        "person_id": spare.id,
    }
