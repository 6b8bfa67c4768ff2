"""CSV import of transcribed paper forms: every row checked before anything is stored.

A file with any bad row stores nothing and gets a row-by-row report. The
rows of a good file are then written in one transaction: if writing any of
them fails, nothing of the file is stored. Each row's paper reference is
unique within its consultation, so importing the same file again adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from consultation.plugin_api import (
    Consultation,
    Receipt,
    User,
    announce_posted,
    db,
    normalise_text,
    record,
)
from consultation_offline_channel import equality
from consultation_offline_channel.models import OfflineResponse
from consultation_offline_channel.services import (
    CHANNELS,
    REASONS,
    Entry,
    Respondent,
    normalise_postcode,
    questions,
    store_response,
)

FIXED_COLUMNS = (
    "paper_reference",
    "channel",
    "date_received",
    "privacy_notice_given",
    "respondent_name",
    "contact",
    "wants_reply",
    "postcode",
    "organisation",
    "offline_reason",
)
#: Optional equality-monitoring columns (special-category data, kept apart; see equality.py).
EQUALITY_COLUMNS = tuple(equality.QUESTIONS)
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell: the row (as a spreadsheet numbers it), the column, what."""

    row: int
    column: str
    message: str


def question_columns(consultation: Consultation) -> list[tuple[str, int]]:
    """`question_1`, `question_2` … in question order, with each question's thread id."""
    return [(f"question_{n}", t.id) for n, t in enumerate(questions(consultation), start=1)]


def template_csv(consultation: Consultation) -> str:
    """The header row staff fill in, one column per question."""
    out = io.StringIO()
    csv.writer(out).writerow(
        [
            *FIXED_COLUMNS,
            *EQUALITY_COLUMNS,
            *(name for name, _ in question_columns(consultation)),
        ]
    )
    return out.getvalue()


def _date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _line(row: Mapping[str, str | None], column: str) -> str:
    return normalise_text(row.get(column) or "", single_line=True).strip()


def check_rows(
    consultation: Consultation, rows: Iterable[Mapping[str, str | None]]
) -> tuple[list[Entry], list[Problem]]:
    """Every row as an entry, or every problem found; nothing is stored here."""
    columns = question_columns(consultation)
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        found: list[Problem] = []

        def bad(column: str, message: str, number: int = number, found: list = found) -> None:
            found.append(Problem(number, column, message))

        reference = _line(row, "paper_reference")
        if not reference:
            bad("paper_reference", _("Enter the reference written on the form"))
        elif len(reference) > 40:
            bad("paper_reference", _("The reference must be 40 characters or fewer"))
        elif reference in seen:
            bad("paper_reference", _("The same reference is on row %(row)s", row=seen[reference]))
        else:
            seen[reference] = number
        channel = _line(row, "channel").lower() or "paper"
        if channel == "other":
            channel = "offline_channel_other"
        if channel not in CHANNELS:
            bad("channel", _("Use one of: paper, phone, event, letter, email, other"))
        received: date | None = None
        try:
            received = _date(_line(row, "date_received"))
        except ValueError:
            bad("date_received", _("Enter the date received like 2027-03-27 or 27/03/2027"))
        if _line(row, "privacy_notice_given").lower() not in _YES:
            bad("privacy_notice_given", _("The privacy notice must have been given: enter yes"))
        wants = _line(row, "wants_reply").lower()
        if wants not in _YES | _NO:
            bad("wants_reply", _("Enter yes or no"))
        name = _line(row, "respondent_name")
        if len(name) > 120:
            bad("respondent_name", _("The name must be 120 characters or fewer"))
        organisation = _line(row, "organisation")
        if len(organisation) > 200:
            bad("organisation", _("The organisation must be 200 characters or fewer"))
        postcode = None
        try:
            postcode = normalise_postcode(_line(row, "postcode"))
        except ValueError:
            bad("postcode", _("Enter a real postcode, like SW1A 1AA"))
        reason = _line(row, "offline_reason").lower() or None
        if reason is not None and reason not in REASONS:
            bad("offline_reason", _("Use one of: %(codes)s", codes=", ".join(REASONS)))
        try:
            monitoring = equality.check({c: _line(row, c) for c in EQUALITY_COLUMNS})
        except ValueError as error:
            column = str(error)
            bad(
                column,
                _(
                    "Leave blank or use one of: %(codes)s",
                    codes=", ".join(equality.QUESTIONS[column][1]),
                ),
            )
            monitoring = {}
        answers = {}
        for column, thread_id in columns:
            text = normalise_text(row.get(column) or "").strip()
            if len(text) > 5000:
                bad(column, _("The answer must be 5000 characters or fewer"))
            elif text:
                answers[thread_id] = text
        if not answers:
            bad(
                columns[0][0] if columns else "question_1",
                _("Enter an answer to at least one question"),
            )
        if found:
            problems.extend(found)
            continue
        entries.append(
            Entry(
                channel=channel,
                received_on=received,  # type: ignore[arg-type]
                answers=answers,
                token=_token(consultation, reference),
                paper_reference=reference,
                respondent=Respondent(
                    anonymous=not name,
                    name=name or None,
                    contact=_line(row, "contact") or None,
                    wants_reply=wants in _YES,
                    postcode=postcode,
                    organisation=organisation or None,
                    privacy_notice_given=True,
                    offline_reason=reason,
                ),
                equality=monitoring,
            )
        )
    return entries, problems


def _token(consultation: Consultation, reference: str) -> str:
    """The same row of the same consultation always has the same token."""
    return hashlib.sha256(f"offline-import:{consultation.id}:{reference}".encode()).hexdigest()


class ImportFailed(Exception):
    """Writing a checked file failed; nothing of it was stored. `row` is the row that failed."""

    def __init__(self, row: int | None) -> None:
        super().__init__(row)
        self.row = row


def import_entries(
    consultation: Consultation,
    entries: list[Entry],
    staff: User,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Store checked entries in one transaction; those already imported are skipped.

    Every entry is written (flushed) first and committed once at the end, so a
    failure on any row (a database error, a clash with a row stored meanwhile)
    rolls the whole file back and raises ImportFailed. Plugins hear of the new
    comments only after the commit. Returns (added, already there).
    """
    known = set(
        db.session.scalars(
            db.select(OfflineResponse.paper_reference).filter_by(consultation_id=consultation.id)
        ).all()
    )
    threads = {t.id: t for t in questions(consultation)}
    added = skipped = 0
    receipts: list[Receipt] = []
    # The spreadsheet row being written (entries are the file's rows, from row 2).
    current: int | None = None
    try:
        # Each row flushes what it adds itself; autoflush before every lookup would
        # flush again (about twice as many flushes per row) for nothing.
        with db.session.no_autoflush:
            for number, entry in enumerate(entries, start=2):
                current = number
                if entry.paper_reference in known:
                    skipped += 1
                else:
                    _, stored = store_response(consultation, entry, staff, threads=threads)
                    receipts.extend(stored)
                    added += 1
                if progress:
                    progress(1)
        current = None
        record(
            "offline_channel.import",
            consultation,
            actor=staff,
            added=added,
            skipped=skipped,
        )
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise ImportFailed(current) from error
    announce_posted(receipts)
    return added, skipped


def read_rows(data: bytes) -> list[dict[str, str | None]]:
    """The rows of an uploaded UTF-8 CSV; ValueError when it is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("The file must be a CSV saved as UTF-8")) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "paper_reference" not in reader.fieldnames:
        raise ValueError(_("The file must have the template's header row"))
    return list(reader)
