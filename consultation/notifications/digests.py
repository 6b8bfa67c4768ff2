"""The daily summary: one message a day carrying every event a person chose to hear about daily.

`flask notifications send` builds the summaries that are due before it
sends: from NOTIFICATIONS_DIGEST_HOUR (UK time) each day, every person with
waiting entries gets one message holding all of them. The summary's outbox
row has the key "digest:<person>:<date>", so however many senders run, and
however often, a person gets at most one summary a day; entries that arrive
after today's summary wait for tomorrow's.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.auth.models import User
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications import rendering
from consultation.notifications.kinds import DIGEST
from consultation.notifications.models import DigestEntry, OutboxMessage
from consultation.notifications.services import enqueue

_LONDON = ZoneInfo("Europe/London")


def digest_day(now: datetime) -> date | None:
    """The UK date whose summary may be built at `now`, or None before the day's digest hour."""
    local = now.astimezone(_LONDON)
    if local.hour < current_app.config["NOTIFICATIONS_DIGEST_HOUR"]:
        return None
    return local.date()


def _waiting(now: datetime):
    return DigestEntry.message_id.is_(None), DigestEntry.created_at <= now


def build_due_digests(now: datetime | None = None) -> int:
    """Build today's summary for everyone with waiting entries; return how many were built.

    Commits once per person, so a failure for one person leaves the others'
    summaries in place.
    """
    now = now or utcnow()
    day = digest_day(now)
    if day is None:
        return 0
    user_ids = db.session.scalars(
        select(DigestEntry.user_id).where(*_waiting(now)).distinct().order_by(DigestEntry.user_id)
    ).all()
    db.session.commit()
    built = 0
    for user_id in user_ids:
        try:
            built += _build_one(user_id, day, now)
            db.session.commit()
        except IntegrityError:
            # Another sender built this person's summary at the same moment.
            db.session.rollback()
    return built


def _build_one(user_id: int, day: date, now: datetime) -> int:
    key = f"{DIGEST}:{user_id}:{day.isoformat()}"
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
        return 0  # today's summary went already; these entries wait for tomorrow
    user = db.session.get(User, user_id)
    entries = db.session.scalars(
        select(DigestEntry)
        .where(DigestEntry.user_id == user_id, *_waiting(now))
        .order_by(DigestEntry.created_at, DigestEntry.id)
    ).all()
    if user is None or not entries:
        return 0
    if not user.active:
        for entry in entries:
            db.session.delete(entry)
        return 0
    url = rendering.external_url(
        "notifications.unsubscribe", token=rendering.unsubscribe_token(user.id, DIGEST)
    )
    rendered = rendering.render_page(
        "notifications/email/digest",
        {"recipient": user, "entries": entries, "day": day, "unsubscribe_url": url},
    )
    message = enqueue(
        recipient=user.email,
        kind=DIGEST,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        headers=rendering.unsubscribe_headers(url),
        user=user,
        dedupe_key=key,
        now=now,
    )
    db.session.flush()
    for entry in entries:
        entry.message_id = message.id
    return 1
