"""Officers' exports of every response to a consultation, from every channel, as CSV or JSON.

An export is streamed: the comments are read in chunks of `CHUNK` by keyset
(`comment.id > last id`, in id order), each chunk is written out and
forgotten, so 100,000 responses take the memory of one chunk. Rows are read
as plain rows (SQLAlchemy Core), never as ORM objects, so the session's
identity map does not grow either. Plugin columns are asked once per chunk
(`export_values`), never once per row.

Personal data: the standard export carries each response's text, channel,
ward, question and dates, and the display name an online author chose (it is
shown on the public thread page anyway). Email addresses, the names staff
recorded for offline respondents, and plugin columns declared `personal`
(contact details, postcodes) are added only when the officer asks for
personal data and says why; the audit event records that choice and reason.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import aliased

from consultation.audit.services import record
from consultation.auth.models import User, Ward
from consultation.comments.models import CORE_CHANNELS, Comment
from consultation.consultations.models import Consultation, Thread
from consultation.database import utcnow
from consultation.exports.cells import neutralise_row
from consultation.extensions import db
from consultation.plugin_system.base import Cell, ExportColumn
from consultation.plugin_system.contributions import channel_labels, export_columns, export_values

#: Comments read, written and forgotten at a time.
CHUNK = 1000

#: The formats an export comes in, and their media types.
FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

#: Excel reads a CSV file as UTF-8 only when it starts with this byte-order mark.
BOM = "\ufeff"


@dataclass(frozen=True)
class CoreColumn:
    """A column every export has: its key (JSON), header (CSV) and how to read it from a row."""

    key: str
    header: str
    read: Callable[[Row], Cell]
    personal: bool = False


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _labels() -> dict[str, str]:
    return {**CORE_CHANNELS, **{code: str(label) for code, label in channel_labels().items()}}


def core_columns() -> list[CoreColumn]:
    """The core's columns, in export order."""
    labels = _labels()
    return [
        CoreColumn("id", "Response id", attrgetter("id")),
        CoreColumn("thread_id", "Question id", attrgetter("thread_id")),
        CoreColumn("thread", "Question", attrgetter("thread_title")),
        CoreColumn("reply_to", "Reply to response id", attrgetter("parent_id")),
        CoreColumn("channel", "Channel code", attrgetter("channel")),
        CoreColumn("channel_label", "Channel", lambda r: labels.get(r.channel, r.channel)),
        CoreColumn("status", "Status", attrgetter("status")),
        CoreColumn("status_reason", "Status reason", attrgetter("status_reason")),
        CoreColumn("ward", "Ward", attrgetter("ward_name")),
        CoreColumn("received_at", "Received (UTC)", lambda r: _when(r.received_at)),
        CoreColumn("created_at", "Recorded (UTC)", lambda r: _when(r.created_at)),
        CoreColumn("author_name", "Author display name", attrgetter("author_name")),
        CoreColumn("entered_by", "Entered by (staff)", attrgetter("entered_by_name")),
        CoreColumn("body", "Response", attrgetter("body_text")),
        CoreColumn("author_email", "Author email", attrgetter("author_email"), personal=True),
        CoreColumn(
            "respondent_name", "Respondent name", attrgetter("respondent_name"), personal=True
        ),
    ]


@dataclass(frozen=True)
class ExportPlan:
    """What one export holds: the consultation, the columns, and whether personal data is in."""

    consultation: Consultation
    personal: bool
    core: list[CoreColumn]
    plugin: list[ExportColumn]

    @property
    def keys(self) -> list[str]:
        """Column keys, core first, then plugins' in priority order."""
        return [c.key for c in self.core] + [c.name for c in self.plugin]

    @property
    def headers(self) -> list[str]:
        """Column headers, in the order of `keys`."""
        return [c.header for c in self.core] + [str(c.header) for c in self.plugin]


def plan_export(consultation: Consultation, *, personal: bool = False) -> ExportPlan:
    """The columns of an export of `consultation`; personal ones only when `personal`."""
    return ExportPlan(
        consultation=consultation,
        personal=personal,
        core=[c for c in core_columns() if personal or not c.personal],
        plugin=[c for c in export_columns(consultation.id) if personal or not c.personal],
    )


def _statement(consultation_id: int, after: int, limit: int) -> Any:
    author = aliased(User)
    staff = aliased(User)
    return (
        select(
            Comment.id,
            Comment.thread_id,
            Comment.parent_id,
            Comment.author_id,
            Comment.entered_by_id,
            Comment.channel,
            Comment.ward_id,
            Comment.status,
            Comment.status_reason,
            Comment.body_text,
            Comment.respondent_name,
            Comment.created_at,
            Comment.received_at,
            Thread.title.label("thread_title"),
            Ward.name.label("ward_name"),
            author.display_name.label("author_name"),
            author.email.label("author_email"),
            staff.display_name.label("entered_by_name"),
        )
        .join(Thread, Thread.id == Comment.thread_id)
        .outerjoin(author, author.id == Comment.author_id)
        .outerjoin(staff, staff.id == Comment.entered_by_id)
        .outerjoin(Ward, Ward.id == Comment.ward_id)
        .where(Thread.consultation_id == consultation_id, Comment.id > after)
        .order_by(Comment.id)
        .limit(limit)
    )


def response_count(consultation_id: int) -> int:
    """How many responses (every status, every channel) an export of the consultation holds."""
    return db.session.scalar(
        select(func.count(Comment.id))
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Thread.consultation_id == consultation_id)
    )


def row_chunks(plan: ExportPlan, chunk: int | None = None) -> Iterator[list[list[Cell]]]:
    """The export's rows, a chunk at a time, in response id order; cells in `plan.keys` order."""
    chunk = chunk or CHUNK
    readers = [c.read for c in plan.core]
    after = 0
    while True:
        batch = db.session.execute(_statement(plan.consultation.id, after, chunk)).all()
        if not batch:
            return
        after = batch[-1].id
        # One call per plugin column for the whole chunk (the batch form), never one per row.
        plugin_cells = [export_values(c, batch) for c in plan.plugin]
        yield [
            [read(row) for read in readers] + [cells.get(row.id) for cells in plugin_cells]
            for row in batch
        ]
        if len(batch) < chunk:
            return


def csv_chunks(plan: ExportPlan, chunk: int | None = None) -> Iterator[str]:
    """The export as CSV text, piece by piece: a BOM, the headers, then one piece per chunk.

    Every cell passes through `neutralise_row` (formula injection) and every
    field is quoted, so commas, quotes and line breaks in a response stay in its cell.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(neutralise_row(plan.headers))
    yield BOM + buffer.getvalue()
    for rows in row_chunks(plan, chunk):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(neutralise_row, rows))
        yield buffer.getvalue()


def _json_value(value: Cell) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def json_chunks(plan: ExportPlan, chunk: int | None = None) -> Iterator[str]:
    """The export as one JSON document, piece by piece: a header object, then the responses."""
    consultation = plan.consultation
    head = {
        "consultation": {
            "id": consultation.id,
            "slug": consultation.slug,
            "title": consultation.title,
        },
        "exported_at": utcnow().isoformat(),
        "personal_data": plan.personal,
        "columns": [{"key": k, "header": h} for k, h in zip(plan.keys, plan.headers, strict=True)],
    }
    opening = json.dumps(head, ensure_ascii=False)
    yield opening[:-1] + ', "responses": ['
    first = True
    keys = plan.keys
    for rows in row_chunks(plan, chunk):
        text = ",".join(
            json.dumps(dict(zip(keys, map(_json_value, row), strict=True)), ensure_ascii=False)
            for row in rows
        )
        yield text if first else "," + text
        first = False
    yield "]}"


def stream(plan: ExportPlan, fmt: str, chunk: int | None = None) -> Iterator[str]:
    """The export in `fmt` (a key of FORMATS), piece by piece."""
    return csv_chunks(plan, chunk) if fmt == "csv" else json_chunks(plan, chunk)


def filename(consultation: Consultation, fmt: str, personal: bool) -> str:
    """The download's file name: the slug, whether it holds personal data, the date."""
    marker = "-personal" if personal else ""
    return f"{consultation.slug}-responses{marker}-{utcnow():%Y-%m-%d}.{fmt}"


def record_export(plan: ExportPlan, fmt: str, reason: str | None) -> None:
    """Audit the export (added to the current transaction; the caller commits before streaming)."""
    record(
        "export.responses",
        plan.consultation,
        format=fmt,
        personal_data=plan.personal,
        reason=reason or None,
        responses=response_count(plan.consultation.id),
        columns=plan.keys,
    )
