"""The decision report's figures: every response from every channel, reach and cost.

Counts use the officer dashboard's definition of a response (published,
awaiting moderation or hidden by a moderator; refused and withdrawn comments
are not responses), so every page gives one number. Plugins add sections
through `report_sections`; a section may block finalising (`blocks_final`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from consultation.audit.services import record
from consultation.auth.models import User, Ward
from consultation.comments.models import CORE_CHANNELS, Comment, CommentStatus
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.officer.dates import LONDON, utc_to_london
from consultation.officer.services import RESPONSE_STATUSES
from consultation.plugin_system.base import ReportSection
from consultation.plugin_system.contributions import channel_labels, report_sections
from consultation.reports.models import ChannelCost, FinalReport, RepresentativeComment

#: A period longer than this is counted by week (from Monday), shorter by day.
DAILY_UP_TO_DAYS = 31


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: a key, its label and its count."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class WardLine:
    """Responses from one ward, with its population when known."""

    key: str
    label: str
    count: int
    population: int | None

    @property
    def per_thousand(self) -> float | None:
        """Responses per 1,000 residents (one decimal), or None without a population."""
        if not self.population:
            return None
        return round(1000 * self.count / self.population, 1)


@dataclass(frozen=True)
class CostLine:
    """One channel's cost and responses; cost per response in whole pence, rounded."""

    channel: str
    label: str
    responses: int
    cost: ChannelCost | None

    @property
    def total_pence(self) -> int:
        """What the channel cost (0 when nothing is recorded)."""
        return self.cost.total_pence if self.cost else 0

    @property
    def per_response_pence(self) -> int | None:
        """Cost per response, rounded half up; None when there were no responses."""
        if not self.responses:
            return None
        return (2 * self.total_pence + self.responses) // (2 * self.responses)


@dataclass
class Report:
    """Everything the report shows, built fresh from the database."""

    consultation: Consultation
    total: int
    by_channel: list[Line]
    by_ward: list[WardLine]
    by_thread: list[Line]
    over_time: list[Line]
    #: "day" or "week": how `over_time` is counted.
    period: str
    costs: list[CostLine]
    representative: list[tuple[RepresentativeComment, Comment, Thread]]
    sections: list[ReportSection]
    finals: list[FinalReport] = field(default_factory=list)

    @property
    def blocks(self) -> list[tuple[str, str]]:
        """(section title, reason) for each plugin section that stops the report being final."""
        found = [(s.title, s.blocks_final) for s in self.sections if s.blocks_final]
        if self.consultation.state() in (Lifecycle.DRAFT, Lifecycle.SCHEDULED, Lifecycle.OPEN):
            found.insert(
                0,
                (
                    _("Consultation"),
                    _("The consultation has not closed: responses may still arrive."),
                ),
            )
        return found

    @property
    def cost_total_pence(self) -> int:
        """Every channel's cost together."""
        return sum(line.total_pence for line in self.costs)

    @property
    def cost_per_response_pence(self) -> int | None:
        """The whole consultation's cost per response, rounded half up."""
        if not self.total:
            return None
        return (2 * self.cost_total_pence + self.total) // (2 * self.total)

    def data(self) -> dict[str, Any]:
        """The figures as plain JSON (stored with each final version)."""
        return {
            "consultation": {"id": self.consultation.id, "slug": self.consultation.slug},
            "total": self.total,
            "by_channel": {line.key: line.count for line in self.by_channel},
            "by_ward": {
                line.key: {"count": line.count, "population": line.population}
                for line in self.by_ward
            },
            "by_thread": {line.key: line.count for line in self.by_thread},
            "over_time": {
                "period": self.period,
                "counts": {line.key: line.count for line in self.over_time},
            },
            "costs": {
                line.channel: {
                    "responses": line.responses,
                    "total_pence": line.total_pence,
                    "per_response_pence": line.per_response_pence,
                }
                for line in self.costs
            },
            "representative": [comment.id for _mark, comment, _thread in self.representative],
            "sections": {s.name: s.data for s in self.sections},
        }


def _counted(consultation_id: int):
    """The report's responses: counted statuses, in this consultation's threads."""
    return (
        select(Comment)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Thread.consultation_id == consultation_id, Comment.status.in_(RESPONSE_STATUSES))
    )


def channel_label(code: str) -> str:
    """How a channel is named, for the core's channels and any plugin's, on or off."""
    labels = dict(CORE_CHANNELS) | channel_labels()
    return str(labels.get(code, code))


def by_channel(consultation: Consultation) -> list[Line]:
    """Responses by channel, most first."""
    rows = db.session.execute(
        _counted(consultation.id)
        .with_only_columns(Comment.channel, func.count(Comment.id))
        .group_by(Comment.channel)
    ).all()
    return sorted(
        (Line(code, channel_label(code), count) for code, count in rows),
        key=lambda line: (-line.count, line.label),
    )


def by_ward(consultation: Consultation) -> list[WardLine]:
    """Responses by the ward they came from; every ward listed, "Ward not known" last."""
    counts = dict(
        db.session.execute(
            _counted(consultation.id)
            .with_only_columns(Comment.ward_id, func.count(Comment.id))
            .group_by(Comment.ward_id)
        ).all()
    )
    lines = [
        WardLine(str(ward.id), ward.name, counts.get(ward.id, 0), ward.population)
        for ward in db.session.scalars(select(Ward).order_by(Ward.name))
    ]
    lines.append(WardLine("unknown", _("Ward not known"), counts.get(None, 0), None))
    return lines


def by_thread(consultation: Consultation) -> list[Line]:
    """Responses to each question, in the questions' order."""
    counts = dict(
        db.session.execute(
            _counted(consultation.id)
            .with_only_columns(Comment.thread_id, func.count(Comment.id))
            .group_by(Comment.thread_id)
        ).all()
    )
    threads = db.session.scalars(
        select(Thread)
        .where(Thread.consultation_id == consultation.id)
        .order_by(Thread.position, Thread.id)
    )
    return [Line(str(t.id), t.title, counts.get(t.id, 0)) for t in threads]


def _uk_midnight(day: date) -> datetime:
    """The UTC moment a UK day starts (midnight never falls in a clock change)."""
    return datetime.combine(day, time(0), LONDON).astimezone(UTC)


def over_time(consultation: Consultation) -> tuple[str, list[Line]]:
    """Responses by the UK day (or week, from Monday) the council received them.

    The buckets' edges (UK midnights, as UTC moments) are worked out here and
    the database counts each bucket in one grouped query, so SQLite and
    PostgreSQL agree without date functions and no row is read one by one.
    """
    counted = _counted(consultation.id).with_only_columns(Comment.received_at).subquery()
    first_at, last_at = db.session.execute(
        select(func.min(counted.c.received_at), func.max(counted.c.received_at))
    ).one()
    if first_at is None:
        return "day", []
    first, last = utc_to_london(first_at).date(), utc_to_london(last_at).date()
    if (last - first).days < DAILY_UP_TO_DAYS:
        period, step, start = "day", timedelta(days=1), first
    else:
        period, step, start = "week", timedelta(weeks=1), first - timedelta(days=first.weekday())
    starts: list[date] = []
    at = start
    while at <= last:
        starts.append(at)
        at += step
    # Bucket i holds what arrived before the start of bucket i + 1.
    bucket = case(
        *[(counted.c.received_at < _uk_midnight(day + step), i) for i, day in enumerate(starts)],
        else_=len(starts) - 1,
    )
    counts = dict(
        db.session.execute(select(bucket, func.count()).select_from(counted).group_by(bucket)).all()
    )
    return period, [
        Line(day.isoformat(), f"{day.day} {day:%b %Y}", counts.get(i, 0))
        for i, day in enumerate(starts)
    ]


def cost_lines(consultation: Consultation, channels: list[Line]) -> list[CostLine]:
    """Cost and responses per channel: every channel with responses or a recorded cost."""
    costs = {
        c.channel: c
        for c in db.session.scalars(select(ChannelCost).filter_by(consultation_id=consultation.id))
    }
    counts = {line.key: line.count for line in channels}
    codes = sorted(set(costs) | set(counts), key=lambda code: (-counts.get(code, 0), code))
    return [
        CostLine(code, channel_label(code), counts.get(code, 0), costs.get(code)) for code in codes
    ]


def representative(
    consultation: Consultation,
) -> list[tuple[RepresentativeComment, Comment, Thread]]:
    """The comments officers marked as representative, in the order they were marked."""
    rows = db.session.execute(
        select(RepresentativeComment, Comment, Thread)
        .join(Comment, Comment.id == RepresentativeComment.comment_id)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(RepresentativeComment.consultation_id == consultation.id)
        .order_by(RepresentativeComment.marked_at, RepresentativeComment.id)
    ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def finals(consultation: Consultation) -> list[FinalReport]:
    """The final versions, newest first."""
    return list(
        db.session.scalars(
            select(FinalReport)
            .filter_by(consultation_id=consultation.id)
            .order_by(FinalReport.version.desc())
        )
    )


def build(consultation: Consultation) -> Report:
    """The report as the database stands now, with enabled plugins' sections."""
    channels = by_channel(consultation)
    period, times = over_time(consultation)
    return Report(
        consultation=consultation,
        total=sum(line.count for line in channels),
        by_channel=channels,
        by_ward=by_ward(consultation),
        by_thread=by_thread(consultation),
        over_time=times,
        period=period,
        costs=cost_lines(consultation, channels),
        representative=representative(consultation),
        sections=report_sections(consultation),
        finals=finals(consultation),
    )


# --- finalising -----------------------------------------------------------------


class FinaliseRefused(Exception):
    """The report cannot be final yet; `reasons` says why, one (title, reason) each."""

    def __init__(self, reasons: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(reason for _title, reason in reasons))
        self.reasons = reasons


def finalise(report: Report, html: str, officer: User) -> tuple[FinalReport, bool]:
    """Freeze `report` (its rendered `html` and its data) as the next final version; audited.

    Refused (FinaliseRefused) while anything blocks it. When nothing changed
    since the latest final version (a double submit, or no new responses),
    that version is returned and nothing is stored: (version, created).
    """
    reasons = report.blocks
    if reasons:
        raise FinaliseRefused(reasons)
    data = report.data()
    latest = report.finals[0] if report.finals else None
    if latest is not None and latest.data == data:
        return latest, False
    final = FinalReport(
        consultation_id=report.consultation.id,
        version=(latest.version if latest else 0) + 1,
        html=html,
        data=data,
        finalised_by_id=officer.id,
        finalised_at=utcnow(),
    )
    db.session.add(final)
    db.session.flush()
    record(
        "report.finalise",
        final,
        actor=officer,
        consultation_id=report.consultation.id,
        version=final.version,
        responses=report.total,
    )
    db.session.commit()
    return final, True


def final_version(consultation: Consultation, version: int) -> FinalReport | None:
    """One frozen version of the consultation's report."""
    return db.session.scalar(
        select(FinalReport).filter_by(consultation_id=consultation.id, version=version)
    )


# --- representative comments ----------------------------------------------------


def comment_of(consultation: Consultation, comment_id: int) -> tuple[Comment, Thread] | None:
    """A comment of this consultation (never another's), with its thread."""
    row = db.session.execute(
        select(Comment, Thread)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.id == comment_id, Thread.consultation_id == consultation.id)
    ).first()
    return (row[0], row[1]) if row else None


def mark_of(consultation: Consultation, comment: Comment) -> RepresentativeComment | None:
    """The comment's representative mark, if any."""
    return db.session.scalar(
        select(RepresentativeComment).filter_by(
            consultation_id=consultation.id, comment_id=comment.id
        )
    )


def mark_representative(
    consultation: Consultation, comment: Comment, note: str, officer: User
) -> tuple[RepresentativeComment | None, str | None]:
    """Mark a published comment as representative, with the officer's note; audited.

    Returns (mark, problem): a comment the public cannot see is refused; marking
    again only changes the note (a double submit stores one mark).
    """
    if comment.status != CommentStatus.PUBLISHED:
        return None, _("Only a published comment can be marked as representative.")
    note = note.strip()
    mark = mark_of(consultation, comment)
    if mark is not None:
        if mark.note != note:
            mark.note = note
            record("report.representative_note", mark, actor=officer, comment_id=comment.id)
            db.session.commit()
        return mark, None
    mark = RepresentativeComment(
        consultation_id=consultation.id,
        comment_id=comment.id,
        marked_by_id=officer.id,
        marked_at=utcnow(),
        note=note,
    )
    db.session.add(mark)
    db.session.flush()
    record("report.representative_mark", mark, actor=officer, comment_id=comment.id)
    db.session.commit()
    return mark, None


def unmark_representative(consultation: Consultation, comment: Comment, officer: User) -> bool:
    """Take the representative mark off a comment; audited. False when it had none."""
    mark = mark_of(consultation, comment)
    if mark is None:
        return False
    record(
        "report.representative_unmark",
        mark,
        actor=officer,
        consultation_id=consultation.id,
        comment_id=comment.id,
    )
    db.session.delete(mark)
    db.session.commit()
    return True


# --- costs ----------------------------------------------------------------------


def cost_of(consultation: Consultation, channel: str) -> ChannelCost | None:
    """The recorded cost of one channel, if any."""
    return db.session.scalar(
        select(ChannelCost).filter_by(consultation_id=consultation.id, channel=channel)
    )


def costable_channels(consultation: Consultation) -> dict[str, str]:
    """Channels an officer may record costs for: every known channel (on or off)."""
    return {code: channel_label(code) for code in dict(CORE_CHANNELS) | channel_labels()}


def save_cost(
    consultation: Consultation,
    channel: str,
    *,
    staff_hours_hundredths: int,
    hourly_rate_pence: int,
    printing_pence: int,
    venue_pence: int,
    other_pence: int,
    other_note: str,
    officer: User,
) -> tuple[ChannelCost, bool]:
    """Record (or change) what one channel cost; audited with before and after totals.

    Returns (cost, changed); saving the same figures again changes nothing.
    """
    cost = cost_of(consultation, channel)
    before = cost.total_pence if cost else None
    fields = {
        "staff_hours_hundredths": staff_hours_hundredths,
        "hourly_rate_pence": hourly_rate_pence,
        "printing_pence": printing_pence,
        "venue_pence": venue_pence,
        "other_pence": other_pence,
        "other_note": other_note.strip(),
    }
    if cost is not None and all(getattr(cost, k) == v for k, v in fields.items()):
        return cost, False
    if cost is None:
        cost = ChannelCost(consultation_id=consultation.id, channel=channel)
        db.session.add(cost)
    for key, value in fields.items():
        setattr(cost, key, value)
    cost.updated_by_id = officer.id
    cost.updated_at = utcnow()
    db.session.flush()
    record(
        "report.cost_save",
        cost,
        actor=officer,
        consultation_id=consultation.id,
        channel=channel,
        before_pence=before,
        after_pence=cost.total_pence,
    )
    db.session.commit()
    return cost, True


def pounds(pence: int | None) -> str:
    """Whole pence as money: 123456 → '£1,234.56'."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


def hours(hundredths: int) -> str:
    """Hundredths of an hour as '7.5', '12', '0.25'."""
    whole, part = divmod(hundredths, 100)
    return f"{whole}" if not part else f"{whole}.{part:02d}".rstrip("0")


# --- comparing consultations ----------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One consultation on the site-wide page."""

    consultation: Consultation
    responses: int
    by_channel: dict[str, int]
    cost_pence: int

    @property
    def per_response_pence(self) -> int | None:
        """Cost per response, rounded half up; None without responses or without costs."""
        if not self.responses or not self.cost_pence:
            return None
        return (2 * self.cost_pence + self.responses) // (2 * self.responses)

    def share(self, channel: str) -> int:
        """The channel's share of responses, in whole per cent."""
        if not self.responses:
            return 0
        return round(100 * self.by_channel.get(channel, 0) / self.responses)


def comparison() -> tuple[list[Comparison], list[str]]:
    """Every consultation that has opened, oldest first, and the channels any of them used.

    Three grouped queries, whatever the number of consultations.
    """
    consultations = [
        c
        for c in db.session.scalars(
            select(Consultation).order_by(Consultation.opens_at, Consultation.id)
        )
        if c.state() not in (Lifecycle.DRAFT, Lifecycle.SCHEDULED)
    ]
    counts: dict[int, dict[str, int]] = {}
    for consultation_id, channel, count in db.session.execute(
        select(Thread.consultation_id, Comment.channel, func.count(Comment.id))
        .join(Comment, Comment.thread_id == Thread.id)
        .where(Comment.status.in_(RESPONSE_STATUSES))
        .group_by(Thread.consultation_id, Comment.channel)
    ):
        counts.setdefault(consultation_id, {})[channel] = count
    costs: Counter[int] = Counter()
    for cost in db.session.scalars(select(ChannelCost)):
        costs[cost.consultation_id] += cost.total_pence
    rows = [
        Comparison(c, sum(counts.get(c.id, {}).values()), counts.get(c.id, {}), costs[c.id])
        for c in consultations
    ]
    used = Counter()
    for row in rows:
        used.update(row.by_channel)
    channels = [code for code, _n in used.most_common()]
    return rows, channels
