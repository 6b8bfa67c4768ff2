"""What the councillor-responses plugin holds about a person: their councillor record.

A councillor's profile (committees, portfolio, term, wards), the requests
for a response addressed to or answered by them, what they passed on and
why, and the reminders sent to them. Erasure removes the profile, wards and
reminders; requests and hand-overs stay in the consultation's record without
the link to the person, and their address and name are scrubbed from
hand-over notes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update

from consultation.plugin_api import Scrubber, User, db
from consultation_councillor_responses.models import (
    Councillor,
    CouncillorWard,
    Handover,
    Reminder,
    ResponseRequest,
)


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def personal_data(user: User) -> dict[str, Any] | None:
    """The person's councillor profile, wards, requests, hand-overs and reminders."""
    profile = db.session.get(Councillor, user.id)
    wards = list(
        db.session.scalars(select(CouncillorWard.ward_id).where(CouncillorWard.user_id == user.id))
    )
    requests = db.session.scalars(
        select(ResponseRequest)
        .where(
            or_(ResponseRequest.councillor_id == user.id, ResponseRequest.answered_by_id == user.id)
        )
        .order_by(ResponseRequest.requested_at, ResponseRequest.id)
    ).all()
    handovers = db.session.scalars(
        select(Handover).where(Handover.by_id == user.id).order_by(Handover.created_at)
    ).all()
    reminders = db.session.scalars(
        select(Reminder).where(Reminder.user_id == user.id).order_by(Reminder.sent_on)
    ).all()
    if not (profile or wards or requests or handovers or reminders):
        return None
    return {
        "councillor_profile": {
            "committees": profile.committees,
            "portfolio": profile.portfolio,
            "term_starts": _iso(profile.term_starts),
            "term_ends": _iso(profile.term_ends),
        }
        if profile
        else None,
        "ward_ids": wards,
        "requests_for_a_response": [
            {
                "id": r.id,
                "consultation_id": r.consultation_id,
                "thread_id": r.thread_id,
                "comment_id": r.comment_id,
                "status": r.status,
                "requested_at": _iso(r.requested_at),
                "answered_at": _iso(r.answered_at),
                "answered_by_you": r.answered_by_id == user.id,
                "reply_comment_id": r.reply_comment_id,
            }
            for r in requests
        ],
        "requests_you_passed_on": [
            {
                "request_id": h.request_id,
                "reason": h.reason,
                "detail": h.detail,
                "at": _iso(h.created_at),
            }
            for h in handovers
        ],
        "reminders_sent_to_you": [{"kind": m.kind, "sent_on": _iso(m.sent_on)} for m in reminders],
    }


def erase_personal_data(user: User) -> None:
    """Remove the person's councillor profile, wards and reminders; unlink the rest."""
    scrubber = Scrubber(user.email, user.display_name)
    options = {"synchronize_session": False}
    db.session.execute(
        delete(CouncillorWard).where(CouncillorWard.user_id == user.id), execution_options=options
    )
    db.session.execute(
        delete(Councillor).where(Councillor.user_id == user.id), execution_options=options
    )
    db.session.execute(
        delete(Reminder).where(Reminder.user_id == user.id), execution_options=options
    )
    for handover in db.session.scalars(
        select(Handover).where(or_(Handover.by_id == user.id, scrubber.matches(Handover.detail)))
    ):
        handover.detail = scrubber.text(handover.detail) or ""
    db.session.execute(
        update(Handover).where(Handover.by_id == user.id).values(by_id=None),
        execution_options=options,
    )
