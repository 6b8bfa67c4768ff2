"""Reminders (`flask councillor-responses remind`, daily) and escalations to officers.

Each councillor gets one digest of what is due within 2 working days or
overdue; a request overdue by more than the site's threshold goes to the
consultation's officer, once. Every reminder is logged in the same
transaction as its email, under a key that makes a second one for the same
item on the same day impossible, even with two runs at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.plugin_api import (
    Comment,
    Consultation,
    Lifecycle,
    Thread,
    User,
    db,
    is_enabled,
    plugin_settings,
    utcnow,
)
from consultation_councillor_responses.councillors import represented
from consultation_councillor_responses.mail import officers_for, send_digest, send_escalation
from consultation_councillor_responses.models import (
    ConsultationRule,
    Handover,
    Reminder,
    RequestStatus,
    ResponseRequest,
)
from consultation_councillor_responses.periods import suspensions
from consultation_councillor_responses.rules import apply_rule
from consultation_councillor_responses.services import declined_by
from consultation_councillor_responses.standing import Standing, region, standing
from consultation_councillor_responses.workdays import add_working_days, today

NAME = "councillor_responses"
DIGEST = "digest"
ESCALATION = "escalation"

#: A councillor hears about requests due within this many working days.
SOON = 2


@dataclass
class Summary:
    """What one run did, for the command's output."""

    digests: int = 0
    reminded: int = 0
    escalations: int = 0
    escalated: int = 0
    new_requests: int = 0


def item(request: ResponseRequest, found: Standing | None = None, why: str = "") -> dict[str, Any]:
    """What an email says about one request."""
    found = found or standing(request)
    consultation = db.session.get(Consultation, request.consultation_id)
    thread = db.session.get(Thread, request.thread_id)
    excerpt = ""
    if request.comment_id is not None:
        comment = db.session.get(Comment, request.comment_id)
        text = comment.body_text if comment is not None else ""
        excerpt = text if len(text) <= 200 else text[:199].rstrip() + "…"
    return {
        "consultation_title": consultation.title,
        "slug": consultation.slug,
        "thread_title": thread.title,
        "thread_id": thread.id,
        "comment_id": request.comment_id,
        "excerpt": excerpt,
        "ward": request.ward.name if request.ward else "",
        "due": found.due,
        "overdue": found.state == "overdue",
        "days_overdue": found.days_overdue,
        "why": why,
    }


def _log(request_id: int, user_id: int, kind: str, day: date) -> bool:
    """Log one reminder; False when it was already sent today (nothing is added then)."""
    try:
        with db.session.begin_nested():
            db.session.add(Reminder(request_id=request_id, user_id=user_id, kind=kind, sent_on=day))
    except IntegrityError:
        return False
    return True


def _open_requests() -> list[ResponseRequest]:
    query = select(ResponseRequest).where(ResponseRequest.status == RequestStatus.AWAITING)
    found = list(db.session.scalars(query).unique())
    enabled = {cid: is_enabled(NAME, cid) for cid in {r.consultation_id for r in found}}
    return [request for request in found if enabled[request.consultation_id]]


def _apply_rules() -> int:
    """Requests for threads added since the rule was set (open consultations only)."""
    made = 0
    # A scheduled consultation opens by the clock before its stored status says so.
    query = (
        select(Consultation)
        .join(ConsultationRule, ConsultationRule.consultation_id == Consultation.id)
        .where(
            ConsultationRule.ward_councillors.is_(True),
            Consultation.status.in_([Lifecycle.SCHEDULED, Lifecycle.OPEN]),
        )
    )
    for consultation in db.session.scalars(query).all():
        if is_enabled(NAME, consultation.id):
            made += apply_rule(consultation)
    return made


def remind(day: date | None = None) -> Summary:
    """Send today's digests and escalations; safe to run again (nothing is sent twice)."""
    day = day or today()
    summary = Summary(new_requests=_apply_rules())
    soon = add_working_days(day, SOON, region(), suspensions())
    threshold = int(plugin_settings(NAME).get("councillor_responses_escalate_after") or 0)
    wards = represented()
    owed: dict[int, list[Standing]] = defaultdict(list)
    overdue: list[Standing] = []
    for request in _open_requests():
        found = standing(request, day)
        if found.due <= soon:
            if request.councillor_id is not None:
                owners = [request.councillor_id]
            else:
                # Councillors who declined a ward request are not reminded of it.
                declined = declined_by(request)
                owners = [
                    uid
                    for uid, ids in wards.items()
                    if request.ward_id in ids and uid not in declined
                ]
            for owner in owners:
                owed[owner].append(found)
        if found.days_overdue > threshold and request.escalated_at is None:
            overdue.append(found)
    for user_id, items in owed.items():
        sent = _digest(user_id, items, day)
        summary.digests += bool(sent)
        summary.reminded += sent
    by_officer: dict[int, list[Standing]] = defaultdict(list)
    for found in overdue:
        consultation = db.session.get(Consultation, found.request.consultation_id)
        for officer in officers_for(consultation):
            by_officer[officer.id].append(found)
    for officer_id, items in by_officer.items():
        sent = _escalate(officer_id, items, day)
        summary.escalations += bool(sent)
        summary.escalated += sent
    return summary


def _digest(user_id: int, items: list[Standing], day: date) -> int:
    """One digest to one councillor with the items not yet sent to them today."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return 0
    fresh = [found for found in items if _log(found.request.id, user_id, DIGEST, day)]
    if fresh:
        send_digest(user, [item(found.request, found) for found in fresh], day)
    db.session.commit()
    return len(fresh)


def _escalate(officer_id: int, items: list[Standing], day: date) -> int:
    """One message to one officer about requests overdue beyond the threshold."""
    from flask_babel import ngettext

    officer = db.session.get(User, officer_id)
    fresh = [found for found in items if _log(found.request.id, officer_id, ESCALATION, day)]
    if fresh:
        lines = [
            item(
                found.request,
                found,
                ngettext(
                    "Overdue by %(num)d working day",
                    "Overdue by %(num)d working days",
                    found.days_overdue,
                ),
            )
            for found in fresh
        ]
        send_escalation(officer, lines, day)
        now = utcnow()
        for found in fresh:
            found.request.escalated_at = now
    db.session.commit()
    return len(fresh)


def tell_officers(request: ResponseRequest, handover: Handover) -> None:
    """Tell the consultation's officer that a councillor referred or declined a request.

    In the caller's transaction, with the hand-over it reports.
    """
    from flask_babel import gettext as _

    by = db.session.get(User, handover.by_id) if handover.by_id else None
    name = by.display_name if by else _("A councillor")
    why = {
        "not_my_ward": _(
            "%(name)s says it is not about their ward and did not know whose it is.", name=name
        ),
        "referred": _(
            "%(name)s referred it to an officer: %(detail)s", name=name, detail=handover.detail
        ),
        "declined": _(
            "%(name)s declined to respond: %(detail)s", name=name, detail=handover.detail
        ),
    }[handover.reason]
    consultation = db.session.get(Consultation, request.consultation_id)
    day = today()
    for officer in officers_for(consultation):
        if _log(request.id, officer.id, ESCALATION, day):
            send_escalation(officer, [item(request, why=why)], day)
