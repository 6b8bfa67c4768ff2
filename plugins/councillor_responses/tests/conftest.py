"""The councillor responses plugin's tests: a council with wards, councillors, residents, a clock.

The server clock is moved with time-machine (the process's own clock, as a
scheduler's cron would see it); the database is real and never mocked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine

from consultation.plugin_api import Consultation, Thread, User, Ward
from consultation.testing.factories import make_consultation, make_thread, make_user, make_ward

#: A Friday before Christmas: ten working days later crosses a weekend, Christmas,
#: Boxing Day (observed on Monday 28 December) and New Year's Day.
FRIDAY_18_DECEMBER_2026 = datetime(2026, 12, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """The server clock, stopped at 10am on Friday 18 December 2026; `clock.move_to(when)`."""
    with time_machine.travel(FRIDAY_18_DECEMBER_2026, tick=False) as traveller:
        yield traveller


@dataclass
class Council:
    """Two wards with a councillor each, a resident of North Ward, an officer, a consultation."""

    north: Ward
    south: Ward
    north_councillor: User
    south_councillor: User
    resident: User
    officer: User
    consultation: Consultation
    thread: Thread


@pytest.fixture
def council(app, clock) -> Council:
    """The people and places most stories start from (the clock already stopped)."""
    north, south = make_ward("North Ward"), make_ward("South Ward")
    officer = make_user("officer", email="officer@example.org", name="Priya Officer")
    consultation = make_consultation(
        "open", slug="library-hours", title="Library opening hours", created_by_id=officer.id
    )
    return Council(
        north=north,
        south=south,
        north_councillor=make_user(
            "councillor", email="north@example.org", name="Alex Morgan", ward=north
        ),
        south_councillor=make_user(
            "councillor", email="south@example.org", name="Sam Patel", ward=south
        ),
        resident=make_user(email="resident@example.org", name="Jo Resident", ward=north),
        officer=officer,
        consultation=consultation,
        thread=make_thread(consultation, "Which opening hours would suit you?"),
    )
