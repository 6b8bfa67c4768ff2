"""Offline responses: recorded once, through the core's one comment service, with consent."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from consultation.plugin_api import (
    Consultation,
    Lifecycle,
    Receipt,
    Thread,
    User,
    Ward,
    announce_posted,
    db,
    post_comment,
    record,
    utcnow,
)
from consultation_offline_channel import equality
from consultation_offline_channel.models import (
    OfflineAnswer,
    OfflineBatch,
    OfflineBatchEntry,
    OfflinePostcode,
    OfflineResponse,
)

LONDON = ZoneInfo("Europe/London")

#: Channels staff may choose; "other" is the plugin's own (prefixed) channel.
CHANNELS: dict[str, object] = {
    "paper": _l("Paper form"),
    "phone": _l("Phone"),
    "event": _l("Event"),
    "letter": _l("Letter"),
    "email": _l("Email"),
    "offline_channel_other": _l("Other"),
}

#: Why someone responded offline, for reach reporting.
REASONS: dict[str, object] = {
    "no_internet": _l("No internet access"),
    "disability": _l("Disability"),
    "language": _l("Language"),
    "prefers_paper": _l("Prefers paper"),
    "other": _l("Other"),
}

_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


@dataclass
class Respondent:
    """Who responded, as staff recorded it; kept in the plugin's own table only."""

    anonymous: bool = True
    name: str | None = None
    contact: str | None = None
    wants_reply: bool = False
    postcode: str | None = None
    organisation: str | None = None
    privacy_notice_given: bool = False
    offline_reason: str | None = None


@dataclass
class Entry:
    """One offline response ready to store: answers keyed by thread id."""

    channel: str
    received_on: date
    answers: dict[int, str]
    respondent: Respondent
    token: str
    paper_reference: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    #: Optional equality-monitoring answers (special-category data), by column.
    equality: dict[str, str | None] = field(default_factory=dict)


def consultations_for_entry() -> list[Consultation]:
    """Consultations staff may enter responses for: open or closed (late entries are flagged)."""
    found = db.session.scalars(
        db.select(Consultation).order_by(Consultation.closes_at.desc(), Consultation.id)
    ).all()
    keep = (Lifecycle.OPEN, Lifecycle.CLOSED)
    return [c for c in found if c.state() in keep]


def consultation_for_entry(slug: str) -> Consultation | None:
    """The consultation called `slug`, if staff may enter responses for it."""
    consultation = db.session.scalar(db.select(Consultation).filter_by(slug=slug))
    if consultation is None or consultation.state() not in (Lifecycle.OPEN, Lifecycle.CLOSED):
        return None
    return consultation


def questions(consultation: Consultation) -> list[Thread]:
    """The consultation's current questions, in order."""
    return [
        t for t in sorted(consultation.threads, key=lambda t: (t.position, t.id)) if not t.retired
    ]


def normalise_postcode(text: str | None) -> str | None:
    """'sw1a1aa' → 'SW1A 1AA'; None when blank; ValueError when not a UK postcode."""
    squashed = re.sub(r"\s+", "", (text or "").upper())
    if not squashed:
        return None
    spaced = f"{squashed[:-3]} {squashed[-3:]}"
    if not _POSTCODE.match(spaced):
        raise ValueError(squashed)
    return spaced


def ward_for_postcode(postcode: str | None) -> Ward | None:
    """The ward the council's postcode table maps `postcode` to, if any."""
    if not postcode:
        return None
    row = db.session.get(OfflinePostcode, postcode)
    return db.session.get(Ward, row.ward_id) if row else None


def is_late(consultation: Consultation, received_on: date) -> bool:
    """True when `received_on` is after the consultation's closing date (UK time)."""
    if consultation.closes_at is None:
        return False
    return received_on > consultation.closes_at.astimezone(LONDON).date()


def answer_token(token: str, thread_id: int) -> str:
    """The comment submission token for one answer of one response (stable on a retry)."""
    return hashlib.sha256(f"offline:{token}:{thread_id}".encode()).hexdigest()


def existing_response(token: str) -> OfflineResponse | None:
    """The response already stored for `token`, if any (a double submit)."""
    return db.session.scalar(db.select(OfflineResponse).filter_by(submission_token=token))


def record_response(
    consultation: Consultation, entry: Entry, staff: User, batch: OfflineBatch | None = None
) -> OfflineResponse:
    """Store one offline response: its details here, each answer as a comment, audited.

    Every answer goes through the core's post_comment (moderation included),
    with the channel, "entered by" and the ward of the respondent's postcode;
    late responses are stored and flagged. All of it is one transaction. A
    second call with the same token returns the first response.
    """
    found = existing_response(entry.token)
    if found is not None:
        return found
    try:
        response, receipts = store_response(consultation, entry, staff, batch)
        db.session.commit()
    except IntegrityError:
        # The same form submitted twice at once: the other request stored it.
        db.session.rollback()
        found = existing_response(entry.token)
        if found is None:
            raise
        return found
    announce_posted(receipts)
    return response


def store_response(
    consultation: Consultation,
    entry: Entry,
    staff: User,
    batch: OfflineBatch | None = None,
    threads: Mapping[int, Thread] | None = None,
) -> tuple[OfflineResponse, list[Receipt]]:
    """Add one offline response and its comments to the session, without committing.

    The caller commits (one entry, or a whole import in one transaction) and
    then announces the receipts with `announce_posted`. `threads` (the
    consultation's questions by id) saves looking them up again per row.
    """
    who = entry.respondent
    postcode = who.postcode
    ward = ward_for_postcode(postcode)
    response = OfflineResponse(
        consultation_id=consultation.id,
        submission_token=entry.token,
        channel=entry.channel,
        received_on=entry.received_on,
        entered_at=utcnow(),
        entered_by_id=staff.id,
        late=is_late(consultation, entry.received_on),
        anonymous=who.anonymous,
        respondent_name=None if who.anonymous else who.name,
        contact=None if who.anonymous else who.contact,
        wants_reply=bool(who.wants_reply and not who.anonymous),
        postcode=postcode,
        ward_id=ward.id if ward else None,
        organisation=who.organisation,
        privacy_notice_given=who.privacy_notice_given,
        offline_reason=who.offline_reason,
        paper_reference=entry.paper_reference,
    )
    db.session.add(response)
    db.session.flush()
    if batch is not None:
        db.session.add(OfflineBatchEntry(response_id=response.id, batch_id=batch.id))
    equality.store(response, entry.equality)
    record(
        "offline_channel.response_entered",
        response,
        actor=staff,
        consultation_id=consultation.id,
        channel=entry.channel,
        late=response.late,
    )
    if threads is None:
        threads = {t.id: t for t in questions(consultation)}
    received_at = received_moment(entry.received_on)
    receipts = []
    for thread_id, body in entry.answers.items():
        receipt = post_comment(
            thread=threads[thread_id],
            body=body,
            token=answer_token(entry.token, thread_id),
            author=None,
            channel=entry.channel,
            entered_by=staff,
            respondent_name=None,
            received_at=received_at,
            enforce_open=False,
            ward_id=response.ward_id,
            commit=False,
        )
        receipts.append(receipt)
        db.session.add(
            OfflineAnswer(
                response_id=response.id, comment_id=receipt.comment.id, thread_id=thread_id
            )
        )
    return response, receipts


def received_moment(day: date) -> datetime:
    """Midday, UK time, on the day received, as UTC (the date is what staff know)."""
    return datetime.combine(day, time(12), LONDON).astimezone(UTC)


def response_counts(consultation: Consultation) -> dict[str, int]:
    """How many offline responses were entered for `consultation`, and how many were late."""
    rows = db.session.scalars(
        db.select(OfflineResponse.late).filter_by(consultation_id=consultation.id)
    ).all()
    return {"total": len(rows), "late": sum(1 for late in rows if late)}


def load_postcodes(rows: Iterable[Mapping[str, str]]) -> int:
    """Load the council's postcode→ward table (columns: postcode, ward_code); replaces rows.

    Every row is checked first; an unknown ward or bad postcode loads nothing.
    """
    wards = {w.code: w.id for w in db.session.scalars(db.select(Ward)).all()}
    mapping: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        try:
            postcode = normalise_postcode(row.get("postcode"))
        except ValueError:
            raise ValueError(f"Row {number}: postcode is not a UK postcode") from None
        code = (row.get("ward_code") or "").strip()
        if postcode is None or code not in wards:
            raise ValueError(f"Row {number}: enter a postcode and the code of a known ward")
        mapping[postcode] = wards[code]
    for postcode, ward_id in mapping.items():
        db.session.merge(OfflinePostcode(postcode=postcode, ward_id=ward_id))
    record("offline_channel.postcodes_loaded", None, target_type="postcode", count=len(mapping))
    db.session.commit()
    return len(mapping)


def read_csv(path: str) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file as dictionaries."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))
