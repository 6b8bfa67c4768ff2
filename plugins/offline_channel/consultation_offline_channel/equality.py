"""Equality monitoring of offline responses: optional, special-category data, aggregates only.

The answers are stored in their own table (`OfflineEquality`), linked to the
response but never read back beside it: the only way out of this module is
`aggregates`, which counts answers per question and suppresses every cell
below the minimum group size (config `OFFLINE_CHANNEL_EQUALITY_MIN_GROUP`,
default 10). A suppressed cell could be worked out by subtracting the shown
cells from the total (the number of offline responses is shown elsewhere),
so more cells are suppressed until the suppressed cells together hold either
nobody or at least the minimum group size.

Categories follow the GOV.UK / ONS harmonised standards: age bands as in the
ONS census outputs, sex as asked in the 2021 Census, the GSS harmonised
long-term health condition question, and the five high-level GOV.UK ethnic
groups; every question has "Prefer not to say".
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consultation.plugin_api import Consultation, ReportSection, db, render_fragment
from consultation_offline_channel.models import OfflineEquality, OfflineResponse

PREFER_NOT = "prefer_not_to_say"
NOT_ANSWERED = "not_answered"
DEFAULT_MIN_GROUP = 10

#: Each question: its column, its question text, its answers (code → label), in display order.
QUESTIONS: dict[str, tuple[object, dict[str, object]]] = {
    "age_band": (
        _l("Age"),
        {
            "under_18": _l("Under 18"),
            "18_24": _l("18 to 24"),
            "25_34": _l("25 to 34"),
            "35_44": _l("35 to 44"),
            "45_54": _l("45 to 54"),
            "55_64": _l("55 to 64"),
            "65_74": _l("65 to 74"),
            "75_plus": _l("75 or over"),
            PREFER_NOT: _l("Prefer not to say"),
        },
    ),
    "sex": (
        _l("Sex"),
        {"female": _l("Female"), "male": _l("Male"), PREFER_NOT: _l("Prefer not to say")},
    ),
    "disability": (
        _l(
            "Physical or mental health conditions or illnesses lasting "
            "or expected to last 12 months or more"
        ),
        {"yes": _l("Yes"), "no": _l("No"), PREFER_NOT: _l("Prefer not to say")},
    ),
    "ethnic_group": (
        _l("Ethnic group"),
        {
            "asian": _l("Asian or Asian British"),
            "black": _l("Black, Black British, Caribbean or African"),
            "mixed": _l("Mixed or multiple ethnic groups"),
            "white": _l("White"),
            "other": _l("Other ethnic group"),
            PREFER_NOT: _l("Prefer not to say"),
        },
    ),
}


def choices(column: str) -> list[tuple[str, object]]:
    """The answers to one question, as form choices."""
    return list(QUESTIONS[column][1].items())


def check(values: dict[str, str | None]) -> dict[str, str | None]:
    """Only known questions with known answers (blank → None); ValueError names a bad column."""
    clean: dict[str, str | None] = {}
    for column, (_question, answers) in QUESTIONS.items():
        value = (values.get(column) or "").strip().lower() or None
        if value is not None and value not in answers:
            raise ValueError(column)
        clean[column] = value
    return clean


def store(response: OfflineResponse, values: dict[str, str | None]) -> OfflineEquality | None:
    """Keep the answers of `response` in the separate table (nothing when all are blank)."""
    if not any(values.get(column) for column in QUESTIONS):
        return None
    row = OfflineEquality(
        response_id=response.id,
        consultation_id=response.consultation_id,
        **{column: values.get(column) for column in QUESTIONS},
    )
    db.session.add(row)
    return row


def min_group() -> int:
    """The smallest count shown: config, then the environment, else 10 (never below 2)."""
    value = current_app.config.get("OFFLINE_CHANNEL_EQUALITY_MIN_GROUP") or os.environ.get(
        "OFFLINE_CHANNEL_EQUALITY_MIN_GROUP"
    )
    try:
        number = int(value) if value is not None else DEFAULT_MIN_GROUP
    except (TypeError, ValueError):
        number = DEFAULT_MIN_GROUP
    return max(number, 2)


@dataclass(frozen=True)
class Cell:
    """One answer's count; `count` is None when suppressed.

    `small`: the count is below the minimum ("fewer than 10"); otherwise a
    suppressed count is at least the minimum, hidden so that a small one
    cannot be worked out by subtraction.
    """

    code: str
    label: str
    count: int | None
    small: bool = False


@dataclass(frozen=True)
class Table:
    """One question's counts over every offline response of the consultation."""

    column: str
    question: str
    cells: list[Cell]


@dataclass(frozen=True)
class Aggregates:
    """What may be shown: the tables, or nothing when too few responded offline."""

    min_group: int
    total: int | None  #: offline responses counted; None when below the minimum
    tables: list[Table]


def suppress(counts: dict[str, int], minimum: int) -> set[str]:
    """The codes whose counts must not be shown.

    Every count below `minimum` first; then, while the suppressed counts add up
    to between 1 and `minimum - 1` (so subtracting the shown cells from the total
    would single out fewer than `minimum` people), the smallest shown count too.
    """
    hidden = {code for code, n in counts.items() if n < minimum}
    shown = sorted((n, code) for code, n in counts.items() if code not in hidden)
    while 0 < sum(counts[c] for c in hidden) < minimum and shown:
        hidden.add(shown.pop(0)[1])
    return hidden


def aggregates(consultation: Consultation) -> Aggregates:
    """Counts per equality question for `consultation`'s offline responses, suppressed."""
    minimum = min_group()
    total = db.session.scalar(
        db.select(db.func.count(OfflineResponse.id)).where(
            OfflineResponse.consultation_id == consultation.id
        )
    )
    if not total or total < minimum:
        return Aggregates(minimum, None, [])
    tables = []
    for column, (question, answers) in QUESTIONS.items():
        field = getattr(OfflineEquality, column)
        rows = db.session.execute(
            db.select(field, db.func.count())
            .where(OfflineEquality.consultation_id == consultation.id, field.is_not(None))
            .group_by(field)
        ).all()
        counts = dict.fromkeys(answers, 0)
        counts.update({str(code): int(n) for code, n in rows if code in answers})
        # Responses without an answer to this question make the cells add up to the total.
        counts[NOT_ANSWERED] = total - sum(counts.values())
        hidden = suppress(counts, minimum)
        labels = {**answers, NOT_ANSWERED: _("Not answered")}
        tables.append(
            Table(
                column,
                str(question),
                [
                    Cell(code, str(labels[code]), None if code in hidden else n, n < minimum)
                    for code, n in counts.items()
                ],
            )
        )
    return Aggregates(minimum, total, tables)


def report_data(result: Aggregates) -> dict[str, object]:
    """The aggregates as report data: suppressed cells are None, never a number."""
    return {
        "min_group": result.min_group,
        "total": result.total,
        "tables": {t.column: {c.code: c.count for c in t.cells} for t in result.tables},
    }


def report_section(consultation: Consultation) -> ReportSection:
    """The decision report's equality section: the same suppressed aggregates as the page."""
    result = aggregates(consultation)
    return ReportSection(
        "offline_channel_equality",
        str(_l("Equality monitoring of offline responses")),
        render_fragment("offline_channel/_equality.html", result=result, heading_level=3),
        data=report_data(result),
    )
