"""Open data: the published comments of closed consultations, anonymised, under the OGL.

Only consultations that have closed (or published their outcome) are open
data; while one runs, its comments may still be moderated, withdrawn or
replied to. Only published comments are included, and only what carries no
personal data: no author names, ids, emails, postcodes, contact details or
wards, and the date a comment was made rather than its time (a time next to
a small ward's activity can point to a person). The text is the resident's
own, as published on the site.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.exports import services
from consultation.exports.cells import neutralise_row
from consultation.exports.services import BOM
from consultation.extensions import db
from consultation.officer.dates import LONDON

#: The licence every open-data answer is published under.
LICENCE: dict[str, str] = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
#: Lifecycle steps whose comments are open data.
OPEN_DATA_STATES = (Lifecycle.CLOSED, Lifecycle.OUTCOME_PUBLISHED)
#: The fields of each comment, in CSV column order.
COMMENT_FIELDS = ("id", "thread_id", "thread", "reply_to", "channel", "created_on", "body")
#: How long a shared cache or a client may reuse an answer, in seconds: the data
#: of a closed consultation changes rarely (a comment hidden after closing).
MAX_AGE = 300


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def is_open_data(consultation: Consultation, now: datetime | None = None) -> bool:
    """True when the consultation's published comments may be published as open data."""
    return consultation.state(now) in OPEN_DATA_STATES


def closed_consultations() -> list[dict[str, Any]]:
    """Every consultation that is open data, newest closing first, with its counts."""
    now = utcnow()
    candidates = db.session.scalars(
        select(Consultation)
        .where(
            Consultation.status.in_(
                [Lifecycle.OPEN, Lifecycle.CLOSED, Lifecycle.OUTCOME_PUBLISHED]
            ),
            Consultation.closes_at.is_not(None),
            Consultation.closes_at <= now,
        )
        .order_by(Consultation.closes_at.desc(), Consultation.id)
    ).all()
    found = [c for c in candidates if is_open_data(c, now)]
    counts = dict(
        db.session.execute(
            select(Thread.consultation_id, func.count(Comment.id))
            .join(Comment, Comment.thread_id == Thread.id)
            .where(
                Thread.consultation_id.in_([c.id for c in found]),
                Comment.status == CommentStatus.PUBLISHED,
            )
            .group_by(Thread.consultation_id)
        ).all()
    )
    threads = dict(
        db.session.execute(
            select(Thread.consultation_id, func.count(Thread.id))
            .where(Thread.consultation_id.in_([c.id for c in found]))
            .group_by(Thread.consultation_id)
        ).all()
    )
    return [
        {
            "slug": c.slug,
            "title": c.title,
            "summary": c.summary,
            "state": str(c.state(now)),
            "opens_at": _iso(c.opens_at),
            "closes_at": _iso(c.closes_at),
            "decision_maker": c.decision_maker,
            "threads": threads.get(c.id, 0),
            "published_comments": counts.get(c.id, 0),
            "licence": LICENCE,
        }
        for c in found
    ]


@dataclass(frozen=True)
class Version:
    """What an answer about one consultation's comments depends on, for its ETag."""

    comments: int
    last_change: datetime | None
    consultation_change: datetime | None

    @property
    def etag(self) -> str:
        """A short fingerprint: a comment hidden or edited after closing changes it."""
        text = f"{self.comments}|{_iso(self.last_change)}|{_iso(self.consultation_change)}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def version(consultation: Consultation) -> Version:
    """The count and newest change of the consultation's comments (any status: a hide counts)."""
    count, last = db.session.execute(
        select(func.count(Comment.id), func.max(Comment.updated_at))
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Thread.consultation_id == consultation.id)
    ).one()
    return Version(count, last, consultation.updated_at)


def _chunks(consultation_id: int, chunk: int | None = None) -> Iterator[list[dict[str, Any]]]:
    """Published comments as anonymised dicts, in id order, a chunk at a time (keyset)."""
    chunk = chunk or services.CHUNK
    after = 0
    while True:
        rows = db.session.execute(
            select(
                Comment.id,
                Comment.thread_id,
                Thread.title,
                Comment.parent_id,
                Comment.channel,
                Comment.created_at,
                Comment.body_text,
            )
            .join(Thread, Thread.id == Comment.thread_id)
            .where(
                Thread.consultation_id == consultation_id,
                Comment.status == CommentStatus.PUBLISHED,
                Comment.id > after,
            )
            .order_by(Comment.id)
            .limit(chunk)
        ).all()
        if not rows:
            return
        after = rows[-1].id
        yield [
            {
                "id": r.id,
                "thread_id": r.thread_id,
                "thread": r.title,
                "reply_to": r.parent_id,
                "channel": r.channel,
                # The UK date, not the moment: enough to follow a debate, less to identify anyone.
                "created_on": r.created_at.astimezone(LONDON).date().isoformat(),
                "body": r.body_text,
            }
            for r in rows
        ]
        if len(rows) < chunk:
            return


def comments_csv(consultation: Consultation) -> Iterator[str]:
    """The published comments as CSV (with a BOM for Excel, formula injection neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(neutralise_row(COMMENT_FIELDS))
    yield BOM + buffer.getvalue()
    for rows in _chunks(consultation.id):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(neutralise_row(row[f] for f in COMMENT_FIELDS) for row in rows)
        yield buffer.getvalue()


def comments_json(consultation: Consultation) -> Iterator[str]:
    """The published comments as one JSON document, with the consultation and the licence."""
    head = json.dumps(
        {
            "consultation": {
                "slug": consultation.slug,
                "title": consultation.title,
                "opens_at": _iso(consultation.opens_at),
                "closes_at": _iso(consultation.closes_at),
            },
            "licence": LICENCE,
        },
        ensure_ascii=False,
    )
    yield head[:-1] + ', "comments": ['
    first = True
    for rows in _chunks(consultation.id):
        text = ",".join(json.dumps(row, ensure_ascii=False) for row in rows)
        yield text if first else "," + text
        first = False
    yield "]}"
