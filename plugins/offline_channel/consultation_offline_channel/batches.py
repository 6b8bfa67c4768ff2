"""Batches: an event or a post bag, with the count staff expect to enter from it."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from consultation.plugin_api import Consultation, User, db, record, utcnow
from consultation_offline_channel.models import OfflineBatch, OfflineBatchEntry


def batches_of(consultation: Consultation) -> list[OfflineBatch]:
    """The consultation's batches, newest first."""
    return list(
        db.session.scalars(
            db.select(OfflineBatch)
            .filter_by(consultation_id=consultation.id)
            .order_by(OfflineBatch.id.desc())
        ).all()
    )


def batch_of(consultation: Consultation, batch_id: int) -> OfflineBatch | None:
    """The batch `batch_id` if it belongs to `consultation`."""
    batch = db.session.get(OfflineBatch, batch_id)
    return batch if batch is not None and batch.consultation_id == consultation.id else None


def create_batch(
    consultation: Consultation,
    *,
    name: str,
    received_on: date,
    place: str,
    channel: str,
    expected: int,
    staff: User,
) -> OfflineBatch:
    """Start a batch; audited."""
    batch = OfflineBatch(
        consultation_id=consultation.id,
        name=name,
        received_on=received_on,
        place=place,
        channel=channel,
        expected=expected,
        created_by_id=staff.id,
        created_at=utcnow(),
    )
    db.session.add(batch)
    db.session.flush()
    record("offline_channel.batch_created", batch, actor=staff, consultation_id=consultation.id)
    db.session.commit()
    return batch


def entered(batch: OfflineBatch) -> int:
    """How many responses have been entered in `batch`."""
    return (
        db.session.scalar(
            db.select(db.func.count(OfflineBatchEntry.response_id)).filter_by(batch_id=batch.id)
        )
        or 0
    )


def close_batch(batch: OfflineBatch, staff: User, reason: str | None) -> str | None:
    """Close `batch`: only when entered matches expected, or with a reason.

    Returns the problem to show, or None when closed (audited).
    """
    if batch.closed_at is not None:
        return None
    count = entered(batch)
    if count != batch.expected and not (reason or "").strip():
        return _(
            "%(entered)s of %(expected)s responses are entered: give a reason to close it anyway",
            entered=count,
            expected=batch.expected,
        )
    batch.closed_at = utcnow()
    batch.closed_by_id = staff.id
    batch.close_reason = (reason or "").strip() or None
    record(
        "offline_channel.batch_closed",
        batch,
        actor=staff,
        consultation_id=batch.consultation_id,
        entered=count,
        expected=batch.expected,
    )
    db.session.commit()
    return None
