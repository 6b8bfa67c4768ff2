"""Offline columns in response exports: late, why offline, the paper reference, and (personal)
the respondent's name, organisation, contact details and postcode.

Batch form: the chunk's offline responses are read in one query, shared by
every column of the chunk (kept for the current request), never one per row.
Equality-monitoring answers are never exported row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import g, has_request_context

from consultation.plugin_api import ExportColumn, db
from consultation_offline_channel.channel_mix import reason_label
from consultation_offline_channel.models import OfflineAnswer, OfflineResponse

#: The fields read from each offline response.
_FIELDS = (
    "late",
    "offline_reason",
    "paper_reference",
    "respondent_name",
    "organisation",
    "contact",
    "postcode",
)


def responses(comments: list[Any]) -> dict[int, dict[str, Any]]:
    """The offline response behind each comment of the chunk, by comment id (one query)."""
    ids = tuple(comment.id for comment in comments)
    cache = g.setdefault("_offline_channel_export", {}) if has_request_context() else {}
    if cache.get("ids") != ids:
        rows = db.session.execute(
            db.select(OfflineAnswer.comment_id, *(getattr(OfflineResponse, f) for f in _FIELDS))
            .join(OfflineResponse, OfflineResponse.id == OfflineAnswer.response_id)
            # A range, not IN with a thousand ids: exports send chunks in id order.
            .where(OfflineAnswer.comment_id.between(min(ids), max(ids)))
        ).all()
        wanted = set(ids)
        # Only the latest chunk is kept: memory stays flat however long the export.
        cache["ids"] = ids
        cache["rows"] = {
            row[0]: dict(zip(_FIELDS, row[1:], strict=True)) for row in rows if row[0] in wanted
        }
    return cache["rows"]


def _field(name: str, show: Callable[[Any], Any] = lambda v: v) -> Callable:
    def values(comments: list[Any]) -> Mapping[int, Any]:
        return {cid: show(found[name]) for cid, found in responses(comments).items()}

    return values


def columns() -> list[ExportColumn]:
    """Late, reason and paper reference for everyone; who sent it only with personal data."""
    return [
        ExportColumn(
            "offline_channel_late", "Received late", values=_field("late", lambda v: bool(v))
        ),
        ExportColumn(
            "offline_channel_reason",
            "Why offline",
            values=_field("offline_reason", lambda v: reason_label(v) if v else None),
        ),
        ExportColumn(
            "offline_channel_paper_reference", "Paper reference", values=_field("paper_reference")
        ),
        ExportColumn(
            "offline_channel_respondent_name",
            "Offline respondent name",
            values=_field("respondent_name"),
            personal=True,
        ),
        ExportColumn(
            "offline_channel_organisation",
            "Responding for organisation",
            values=_field("organisation"),
            personal=True,
        ),
        ExportColumn(
            "offline_channel_contact", "Contact details", values=_field("contact"), personal=True
        ),
        ExportColumn(
            "offline_channel_postcode", "Postcode", values=_field("postcode"), personal=True
        ),
    ]
