"""Offline reconciliation for the decision report: every batch complete, and late responses.

A batch (an event, a post bag) is complete once staff close it: either every
expected response was entered, or they gave a reason. While any batch is
open the report says which, and cannot be marked final (`blocks_final`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consultation.plugin_api import Consultation, ReportSection, db, render_fragment
from consultation_offline_channel.models import (
    OfflineAnswer,
    OfflineBatch,
    OfflineBatchEntry,
    OfflineResponse,
)
from consultation_offline_channel.services import CHANNELS


@dataclass(frozen=True)
class BatchLine:
    """One batch as the report shows it."""

    batch: OfflineBatch
    entered: int

    @property
    def complete(self) -> bool:
        """Closed by staff (with matching counts, or a reason for the difference)."""
        return self.batch.closed_at is not None


@dataclass(frozen=True)
class LateLine:
    """One response received after the closing date, with the comments it became."""

    response_id: int
    received_on: date
    channel: str
    comment_ids: list[int]


def batch_lines(consultation: Consultation) -> list[BatchLine]:
    """Every batch of the consultation with its entered count, oldest first (two queries)."""
    batches = db.session.scalars(
        db.select(OfflineBatch)
        .filter_by(consultation_id=consultation.id)
        .order_by(OfflineBatch.received_on, OfflineBatch.id)
    ).all()
    counts = dict(
        db.session.execute(
            db.select(OfflineBatchEntry.batch_id, db.func.count(OfflineBatchEntry.response_id))
            .join(OfflineBatch, OfflineBatch.id == OfflineBatchEntry.batch_id)
            .where(OfflineBatch.consultation_id == consultation.id)
            .group_by(OfflineBatchEntry.batch_id)
        ).all()
    )
    return [BatchLine(b, counts.get(b.id, 0)) for b in batches]


def late_lines(consultation: Consultation) -> list[LateLine]:
    """Responses flagged late (received after the closing date), oldest first."""
    rows = db.session.execute(
        db.select(OfflineResponse, OfflineAnswer.comment_id)
        .outerjoin(OfflineAnswer, OfflineAnswer.response_id == OfflineResponse.id)
        .where(OfflineResponse.consultation_id == consultation.id, OfflineResponse.late.is_(True))
        .order_by(OfflineResponse.received_on, OfflineResponse.id, OfflineAnswer.comment_id)
    ).all()
    lines: dict[int, LateLine] = {}
    for response, comment_id in rows:
        line = lines.setdefault(
            response.id, LateLine(response.id, response.received_on, response.channel, [])
        )
        if comment_id is not None:
            line.comment_ids.append(comment_id)
    return list(lines.values())


def channel_name(code: str) -> str:
    """A channel as staff chose it on the entry form."""
    return str(CHANNELS.get(code, code))


def sections(consultation: Consultation) -> list[ReportSection]:
    """The reconciliation section (blocking while a batch is open) and the late responses."""
    batches = batch_lines(consultation)
    open_names = [line.batch.name for line in batches if not line.complete]
    blocks = (
        _(
            "Offline batches still open: %(names)s. Close each one (all responses entered, "
            "or a reason given) before the report is marked final.",
            names=", ".join(open_names),
        )
        if open_names
        else None
    )
    late = late_lines(consultation)
    return [
        ReportSection(
            "offline_channel_reconciliation",
            str(_l("Offline reconciliation")),
            render_fragment(
                "offline_channel/_reconciliation.html",
                batches=batches,
                open_names=open_names,
                channel_name=channel_name,
            ),
            data={
                "complete": not open_names,
                "batches": [
                    {
                        "id": line.batch.id,
                        "name": line.batch.name,
                        "expected": line.batch.expected,
                        "entered": line.entered,
                        "closed": line.complete,
                        "close_reason": line.batch.close_reason,
                    }
                    for line in batches
                ],
            },
            blocks_final=blocks,
        ),
        ReportSection(
            "offline_channel_late",
            str(_l("Late responses")),
            render_fragment("offline_channel/_late.html", late=late, channel_name=channel_name),
            data={
                "late": len(late),
                "responses": [
                    {
                        "response": line.response_id,
                        "received_on": line.received_on.isoformat(),
                        "channel": line.channel,
                        "comments": line.comment_ids,
                    }
                    for line in late
                ],
            },
        ),
    ]
