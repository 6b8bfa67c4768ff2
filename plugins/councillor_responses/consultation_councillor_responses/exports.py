"""Councillor-response columns in exports: whether a comment asked a councillor, and the answer.

Batch form: one query per chunk of exported comments, never one per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import g, has_request_context

from consultation.plugin_api import ExportColumn, db
from consultation_councillor_responses.models import ResponseRequest
from consultation_councillor_responses.standing import standing


def _requests(comments: list[Any]) -> dict[int, list[ResponseRequest]]:
    """The requests made about each comment (a comment can go to several councillors).

    Both columns ask for the same chunk: the answer is kept for the current
    request until the next chunk (one query per chunk, memory of one chunk).
    """
    ids = tuple(comment.id for comment in comments)
    cache = g.setdefault("_councillor_responses_export", {}) if has_request_context() else {}
    if cache.get("ids") != ids:
        cache["ids"] = ids
        cache["found"] = _read(ids)
    return cache["found"]


def _read(ids: tuple[int, ...]) -> dict[int, list[ResponseRequest]]:
    found: dict[int, list[ResponseRequest]] = {}
    rows = db.session.scalars(
        db.select(ResponseRequest)
        # A range, not IN with a thousand ids: exports send chunks in id order.
        .where(ResponseRequest.comment_id.between(min(ids), max(ids)))
        .order_by(ResponseRequest.id)
    )
    wanted = set(ids)
    for request in rows:
        if request.comment_id not in wanted:
            continue
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
