"""How each request stands (expected, overdue, answered on time or late) and the counts.

Everything here reads; due dates are worked out from the request's date,
its working days, the site's bank holidays and the pre-election periods,
and "overdue" from the server clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from consultation.plugin_api import User, Ward, db, plugin_settings
from consultation_councillor_responses.councillors import councillors, represented
from consultation_councillor_responses.models import Handover, RequestStatus, ResponseRequest
from consultation_councillor_responses.periods import suspensions
from consultation_councillor_responses.workdays import (
    DEFAULT_REGION,
    add_working_days,
    today,
    uk_date,
    working_days_between,
)

NAME = "councillor_responses"


def region() -> str:
    """The bank-holiday calendar the site chose."""
    return plugin_settings(NAME).get("councillor_responses_holiday_region") or DEFAULT_REGION


def due_on(request: ResponseRequest) -> date:
    """The day a response is due: `working_days` working days after the request."""
    return add_working_days(request.requested_on, request.working_days, region(), suspensions())


@dataclass(frozen=True)
class Standing:
    """One request as the public, the councillor and officers see it."""

    request: ResponseRequest
    due: date
    #: expected, overdue, answered, answered_late, referred or declined.
    state: str
    #: For an open request past its due date: working days overdue.
    days_overdue: int = 0

    @property
    def answered_on(self) -> date | None:
        """The UK date of the reply, when answered."""
        answered = self.request.answered_at
        return uk_date(answered) if answered else None


def standing(request: ResponseRequest, day: date | None = None) -> Standing:
    """How `request` stands on `day` (default: today by the server clock)."""
    day = day or today()
    due = due_on(request)
    if request.status == RequestStatus.ANSWERED and request.answered_at is not None:
        late = uk_date(request.answered_at) > due
        return Standing(request, due, "answered_late" if late else "answered")
    if request.status in (RequestStatus.REFERRED, RequestStatus.DECLINED):
        return Standing(request, due, str(request.status))
    if day > due:
        overdue = working_days_between(due, day, region(), suspensions())
        return Standing(request, due, "overdue", days_overdue=overdue)
    return Standing(request, due, "expected")


def standings(requests: Iterable[ResponseRequest], day: date | None = None) -> list[Standing]:
    """Standings of `requests`: overdue first (most overdue first), then by due date."""
    day = day or today()
    found = [standing(request, day) for request in requests]
    return sorted(found, key=lambda s: (s.state != "overdue", s.due, s.request.id))


@dataclass
class Counts:
    """How a set of requests stands, by state."""

    on_time: int = 0
    late: int = 0
    outstanding: int = 0
    #: Of the outstanding ones, how many are past their due date.
    overdue: int = 0
    referred: int = 0
    declined: int = 0

    @property
    def total(self) -> int:
        """Every request counted."""
        return self.on_time + self.late + self.outstanding + self.referred + self.declined

    def add(self, item: Standing) -> None:
        """Count one request."""
        if item.state == "answered":
            self.on_time += 1
        elif item.state == "answered_late":
            self.late += 1
        elif item.state == "referred":
            self.referred += 1
        elif item.state == "declined":
            self.declined += 1
        else:
            self.outstanding += 1
            self.overdue += item.state == "overdue"


def count(items: Iterable[Standing]) -> Counts:
    """The counts of some standings."""
    counts = Counts()
    for item in items:
        counts.add(item)
    return counts


def requests_of(consultation_id: int | None = None) -> list[ResponseRequest]:
    """Every request (of one consultation, if given)."""
    query = select(ResponseRequest).order_by(ResponseRequest.id)
    if consultation_id is not None:
        query = query.where(ResponseRequest.consultation_id == consultation_id)
    return list(db.session.scalars(query).unique())


def consultation_counts(consultation_id: int) -> Counts:
    """How the consultation's requests stand."""
    return count(standing(r) for r in requests_of(consultation_id))


@dataclass
class Row:
    """One line of an officer's table: a councillor or a ward and its counts."""

    label: str
    counts: Counts = field(default_factory=Counts)
    user: User | None = None
    ward: Ward | None = None


def _declined_by(requests: list[ResponseRequest]) -> dict[int, int]:
    """Request id → who passed it on last (for referred and declined requests)."""
    closed = [
        r.id for r in requests if r.status in (RequestStatus.REFERRED, RequestStatus.DECLINED)
    ]
    if not closed:
        return {}
    rows = db.session.execute(
        select(Handover.request_id, Handover.by_id)
        .where(Handover.request_id.in_(closed))
        .order_by(Handover.id)
    )
    return {row.request_id: row.by_id for row in rows}


def by_councillor(consultation_id: int | None = None) -> list[Row]:
    """Counts per councillor: their answers, what is theirs to answer, what they passed on.

    An open request for a ward counts for each of the ward's councillors;
    an answer counts for the councillor who gave it.
    """
    requests = requests_of(consultation_id)
    wards = represented()
    passed = _declined_by(requests)
    rows = {user.id: Row(user.display_name, user=user) for user in councillors()}
    day = today()
    for request in requests:
        item = standing(request, day)
        if item.state in ("answered", "answered_late"):
            owners = {request.answered_by_id}
        elif item.state in ("referred", "declined"):
            owners = {passed.get(request.id)}
        elif request.councillor_id is not None:
            owners = {request.councillor_id}
        else:
            owners = {uid for uid, ids in wards.items() if request.ward_id in ids}
        for owner in owners:
            if owner in rows:
                rows[owner].counts.add(item)
    return list(rows.values())


def by_ward(consultation_id: int | None = None) -> list[Row]:
    """Counts per ward, for requests made to a ward's councillors."""
    from consultation_councillor_responses.councillors import all_wards

    requests = requests_of(consultation_id)
    rows = {ward.id: Row(ward.name, ward=ward) for ward in all_wards()}
    day = today()
    for request in requests:
        if request.ward_id in rows:
            rows[request.ward_id].counts.add(standing(request, day))
    return [row for row in rows.values() if row.counts.total]


def for_thread(thread_id: int) -> dict[int | None, list[Standing]]:
    """The thread's requests by comment id (None: the thread itself)."""
    found: dict[int | None, list[Standing]] = defaultdict(list)
    query = select(ResponseRequest).where(ResponseRequest.thread_id == thread_id)
    for item in standings(db.session.scalars(query).unique()):
        found[item.request.comment_id].append(item)
    return found


def reply_ids(thread_id: int) -> set[int]:
    """Ids of the comments in the thread that answered a request."""
    query = select(ResponseRequest.reply_comment_id).where(
        ResponseRequest.thread_id == thread_id,
        ResponseRequest.status == RequestStatus.ANSWERED,
    )
    return {comment_id for comment_id in db.session.scalars(query) if comment_id}
