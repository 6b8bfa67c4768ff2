"""Councillor-response columns in exports: whether a comment asked a councillor, and the answer.

Batch form: one query per chunk of exported comments, never one per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from consultation.plugin_api import ExportColumn, db
from consultation_councillor_responses.models import ResponseRequest
from consultation_councillor_responses.standing import standing


def _requests(comments: list[Any]) -> dict[int, list[ResponseRequest]]:
    """The requests made about each comment (a comment can go to several councillors)."""
    found: dict[int, list[ResponseRequest]] = {}
    rows = db.session.scalars(
        db.select(ResponseRequest)
        .where(ResponseRequest.comment_id.in_([c.id for c in comments]))
        .order_by(ResponseRequest.id)
    )
    for request in rows:
        found.setdefault(request.comment_id, []).append(request)  # type: ignore[arg-type]
    return found


def statuses(comments: list[Any]) -> Mapping[int, str]:
    """Each request's standing (answered, answered_late, overdue …), joined with "; "."""
    return {
        comment_id: "; ".join(standing(r).state for r in requests)
        for comment_id, requests in _requests(comments).items()
    }


def on_time(comments: list[Any]) -> Mapping[int, str]:
    """ "yes" when every request about the comment was answered by its due date, "no" if not.

    Empty while a request is still open and not yet due, or for a comment
    nobody asked a councillor about.
    """
    answers: dict[int, str] = {}
    for comment_id, requests in _requests(comments).items():
        states = [standing(r).state for r in requests]
        if any(s in ("answered_late", "overdue") for s in states):
            answers[comment_id] = "no"
        elif states and all(s == "answered" for s in states):
            answers[comment_id] = "yes"
    return answers


def columns() -> list[ExportColumn]:
    """The request status and whether it was answered on time (neither is personal data)."""
    return [
        ExportColumn("councillor_responses_status", "Councillor response request", values=statuses),
        ExportColumn("councillor_responses_on_time", "Councillor answered on time", values=on_time),
    ]
