"""The learning log's rules: who may write an evaluation when, how it is searched and shared."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import literal, or_, select
from sqlalchemy.exc import IntegrityError

from consultation.audit.services import record
from consultation.comments.models import CORE_CHANNELS
from consultation.consultations.models import Consultation, Lifecycle
from consultation.database import utcnow
from consultation.exports.cells import neutralise_row
from consultation.exports.services import BOM
from consultation.extensions import db
from consultation.learning.models import Evaluation, Reach
from consultation.plugin_system.contributions import channel_labels

#: How each reach answer reads.
REACH_LABELS: dict[str, str] = {
    Reach.EXCEEDED: "Reached more than we aimed for",
    Reach.MET: "Reached the groups we aimed for",
    Reach.PARTLY: "Reached some of the groups we aimed for",
    Reach.NOT_MET: "Did not reach the groups we aimed for",
}
#: The fields an officer writes, in the order the form, the page and the export show them.
FIELDS = (
    "target_groups",
    "reach",
    "reach_notes",
    "channels_worked",
    "channel_notes",
    "cost_pence",
    "went_well",
    "would_change",
    "tags",
)
#: Most words a search combines (each must match somewhere in an evaluation).
MAX_SEARCH_WORDS = 8


class NotYet(Exception):
    """An evaluation is written once the consultation's outcome is published."""


def channel_choices() -> list[tuple[str, str]]:
    """Every channel a response can come by: the core's and installed plugins'."""
    labels = {**CORE_CHANNELS, **{c: str(label) for c, label in channel_labels().items()}}
    return list(labels.items())


def channel_names(codes: list[str]) -> str:
    """The channels' labels, separated by commas."""
    labels = dict(channel_choices())
    return ", ".join(labels.get(code, code) for code in codes)


def may_evaluate(consultation: Consultation) -> bool:
    """True once the outcome is published: the team then knows what its consultation fed."""
    return consultation.state() is Lifecycle.OUTCOME_PUBLISHED


def evaluation_of(consultation_id: int) -> Evaluation | None:
    """The consultation's evaluation, if one was written."""
    return db.session.scalar(
        select(Evaluation).where(Evaluation.consultation_id == consultation_id)
    )


def parse_cost(text: str | None) -> int | None:
    """Pence from what an officer typed ("£1,250.50", "1250", ""); ValueError when unreadable."""
    cleaned = re.sub(r"[£,\s]", "", text or "")
    if not cleaned:
        return None
    try:
        pounds = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if pounds < 0 or pounds >= 100_000_000 or pounds.as_tuple().exponent < -2:
        raise ValueError(text)
    return int(pounds * 100)


def format_cost(pence: int | None) -> str:
    """ "£1,250.50" from pence; empty when not known."""
    if pence is None:
        return ""
    pounds, rest = divmod(pence, 100)
    return f"£{pounds:,}" + (f".{rest:02d}" if rest else "")


def normalise_tags(text: str | None) -> str:
    """Tags separated by commas, lower-cased, each once, in the order given."""
    seen: list[str] = []
    for raw in (text or "").split(","):
        tag = " ".join(raw.split()).lower()[:60]
        if tag and tag not in seen:
            seen.append(tag)
    return ", ".join(seen)[:500]


def save_evaluation(consultation: Consultation, values: dict[str, Any], actor: Any) -> Evaluation:
    """Write or update the consultation's evaluation, audited; the caller commits.

    Raises NotYet before the outcome is published. Two officers saving at once
    (or a double submit) end with one evaluation: the unique consultation id
    turns the second insert into an update.
    """
    if not may_evaluate(consultation):
        raise NotYet
    values = dict(values, tags=normalise_tags(values.get("tags")))
    evaluation = evaluation_of(consultation.id)
    created = evaluation is None
    if created:
        evaluation = Evaluation(consultation_id=consultation.id, created_by_id=actor.id)
        try:
            with db.session.begin_nested():
                _apply(evaluation, values, actor)
                db.session.add(evaluation)
        except IntegrityError:
            created = False
            evaluation = evaluation_of(consultation.id)
    if not created:
        _apply(evaluation, values, actor)  # type: ignore[arg-type]
    record(
        "learning.evaluation_created" if created else "learning.evaluation_updated",
        evaluation,
        consultation_id=consultation.id,
        reach=values["reach"],
        tags=values["tags"],
    )
    return evaluation  # type: ignore[return-value]


def _apply(evaluation: Evaluation, values: dict[str, Any], actor: Any) -> None:
    for name in FIELDS:
        setattr(evaluation, name, values.get(name))
    evaluation.channels_worked = list(values.get("channels_worked") or [])
    evaluation.updated_by_id = actor.id
    evaluation.updated_at = utcnow()


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(query: str = "", tag: str = "") -> list[Evaluation]:
    """Evaluations matching every word of `query` (anywhere, any case) and `tag`, newest first."""
    searched = (
        Consultation.title,
        Evaluation.target_groups,
        Evaluation.reach_notes,
        Evaluation.channel_notes,
        Evaluation.went_well,
        Evaluation.would_change,
        Evaluation.tags,
    )
    statement = select(Evaluation).join(Evaluation.consultation)
    for word in query.split()[:MAX_SEARCH_WORDS]:
        pattern = _like(word)
        statement = statement.where(
            or_(*(column.ilike(pattern, escape="\\") for column in searched))
        )
    if tag:
        # Tags are stored ", "-separated: match one whole tag, not part of another.
        padded = literal(", ").concat(Evaluation.tags).concat(", ")
        statement = statement.where(padded.like(_like(f", {tag}, "), escape="\\"))
    return list(
        db.session.scalars(
            statement.order_by(Evaluation.updated_at.desc(), Evaluation.id.desc())
        ).unique()
    )


def all_tags() -> list[str]:
    """Every tag used in any evaluation, alphabetically."""
    tags: set[str] = set()
    for text in db.session.scalars(select(Evaluation.tags)):
        tags.update(t for t in text.split(", ") if t)
    return sorted(tags)


def export_rows(evaluations: list[Evaluation]) -> list[dict[str, Any]]:
    """The evaluations as plain records to share: no names of staff, no personal data."""
    labels = dict(channel_choices())
    return [
        {
            "consultation": e.consultation.title,
            "consultation_slug": e.consultation.slug,
            "closed_on": e.consultation.closes_at.date().isoformat()
            if e.consultation.closes_at
            else None,
            "target_groups": e.target_groups,
            "reach": e.reach,
            "reach_notes": e.reach_notes,
            "channels_worked": [labels.get(c, c) for c in e.channels_worked],
            "channel_notes": e.channel_notes,
            "cost_pounds": None if e.cost_pence is None else e.cost_pence / 100,
            "went_well": e.went_well,
            "would_change": e.would_change,
            "tags": e.tag_list,
            "updated_on": e.updated_at.date().isoformat(),
        }
        for e in evaluations
    ]


def export_text(evaluations: list[Evaluation], fmt: str, council: str) -> str:
    """The evaluations as CSV (BOM, formula injection neutralised) or JSON."""
    rows = export_rows(evaluations)
    if fmt == "json":
        return json.dumps({"council": council, "evaluations": rows}, ensure_ascii=False, indent=1)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(EXPORT_KEYS)
    for row in rows:
        writer.writerow(
            neutralise_row("; ".join(v) if isinstance(v, list) else v for v in row.values())
        )
    return BOM + buffer.getvalue()


#: The export's columns, in order (the keys of `export_rows`).
EXPORT_KEYS = [
    "consultation",
    "consultation_slug",
    "closed_on",
    "target_groups",
    "reach",
    "reach_notes",
    "channels_worked",
    "channel_notes",
    "cost_pounds",
    "went_well",
    "would_change",
    "tags",
    "updated_on",
]


def record_export(fmt: str, query: str, tag: str, count: int) -> None:
    """Audit an export of the learning log; the caller commits."""
    record("learning.export", format=fmt, query=query or None, tag=tag or None, evaluations=count)
