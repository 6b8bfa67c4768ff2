"""What the plugin's pages show, gathered in a few queries so the views stay thin."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from consultation.plugin_api import (
    Comment,
    Consultation,
    Thread,
    User,
    db,
    is_enabled,
)
from consultation_councillor_responses import rules, services, standing
from consultation_councillor_responses.models import Handover, RequestStatus, ResponseRequest
from consultation_councillor_responses.standing import Counts, Row, Standing

NAME = "councillor_responses"


@dataclass
class Item:
    """A request with what a page says about it."""

    standing: Standing
    consultation: Consultation
    thread: Thread
    comment: Comment | None = None
    comment_author: str = ""

    @property
    def request(self) -> ResponseRequest:
        """The request itself."""
        return self.standing.request


def items(requests: list[ResponseRequest]) -> list[Item]:
    """The requests with their consultations, threads and comments (three queries)."""
    if not requests:
        return []
    threads = {
        t.id: t
        for t in db.session.scalars(
            select(Thread).where(Thread.id.in_({r.thread_id for r in requests}))
        )
    }
    consultations = {
        c.id: c
        for c in db.session.scalars(
            select(Consultation).where(Consultation.id.in_({r.consultation_id for r in requests}))
        )
    }
    comment_ids = {r.comment_id for r in requests if r.comment_id}
    comments = {}
    authors: dict[int, str] = {}
    if comment_ids:
        comments = {
            c.id: c for c in db.session.scalars(select(Comment).where(Comment.id.in_(comment_ids)))
        }
        author_ids = {c.author_id for c in comments.values() if c.author_id}
        authors = {
            u.id: u.display_name
            for u in db.session.scalars(select(User).where(User.id.in_(author_ids)))
        }
    found = []
    for item in standing.standings(requests):
        request = item.request
        comment = comments.get(request.comment_id) if request.comment_id else None
        author = ""
        if comment is not None:
            author = authors.get(comment.author_id) or comment.respondent_name or ""
        found.append(
            Item(
                item,
                consultations[request.consultation_id],
                threads[request.thread_id],
                comment,
                author,
            )
        )
    return found


@dataclass
class Dashboard:
    """A councillor's dashboard."""

    awaiting: list[Item]
    answered: list[Item]
    passed: list[tuple[Handover, Item]]


def dashboard(user: User) -> Dashboard:
    """What waits for `user` (overdue first, then by due date), what they answered and passed on."""
    waiting = [r for r in services.open_for(user) if is_enabled(NAME, r.consultation_id)]
    handovers = services.passed_on_by(user)
    passed_items = {i.request.id: i for i in items([h.request for h in handovers])}
    return Dashboard(
        awaiting=items(waiting),
        answered=sorted(
            items(services.answered_by(user)),
            key=lambda i: i.request.answered_at,
            reverse=True,
        ),
        passed=[(h, passed_items[h.request_id]) for h in handovers],
    )


def one(request: ResponseRequest) -> Item:
    """One request with its thread, consultation and comment."""
    return items([request])[0]


@dataclass
class ThreadLine:
    """A thread on the officer's consultation page, with its requests."""

    thread: Thread
    requests: list[Item] = field(default_factory=list)
    routed: bool = False


@dataclass
class ConsultationPage:
    """The officer's page for one consultation."""

    consultation: Consultation
    rule: bool
    threads: list[ThreadLine]
    counts: Counts
    councillors: list[Row]
    wards: list[Row]
    needs_officer: list[Item]


def consultation_page(consultation: Consultation) -> ConsultationPage:
    """Each thread's requests, counts per councillor and ward, and what needs an officer."""
    requests = standing.requests_of(consultation.id)
    all_items = items(requests)
    by_thread: dict[int, list[Item]] = defaultdict(list)
    for item in all_items:
        by_thread[item.thread.id].append(item)
    threads = db.session.scalars(
        select(Thread)
        .where(Thread.consultation_id == consultation.id)
        .order_by(Thread.position, Thread.id)
    )
    return ConsultationPage(
        consultation=consultation,
        rule=rules.rule_for(consultation),
        threads=[
            ThreadLine(thread, by_thread.get(thread.id, []), rules.route_for(thread))
            for thread in threads
        ],
        counts=standing.count(item.standing for item in all_items),
        councillors=[row for row in standing.by_councillor(consultation.id) if row.counts.total],
        wards=standing.by_ward(consultation.id),
        needs_officer=[
            item
            for item in all_items
            if item.request.status in (RequestStatus.REFERRED, RequestStatus.DECLINED)
        ],
    )


def report() -> tuple[list[tuple[Consultation, Counts]], list[Row], list[Row]]:
    """Site-wide: each consultation and its counts; per councillor; per ward."""
    requests = standing.requests_of()
    per_consultation: dict[int, Counts] = defaultdict(Counts)
    for request in requests:
        per_consultation[request.consultation_id].add(standing.standing(request))
    # Every consultation, so officers can start from any of them.
    consultations = db.session.scalars(select(Consultation).order_by(Consultation.title))
    return (
        [(c, per_consultation[c.id]) for c in consultations],
        standing.by_councillor(),
        standing.by_ward(),
    )
