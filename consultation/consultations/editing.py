"""Creating and editing consultations: what may change in which lifecycle step.

Until a consultation opens everything may change. Once it is open the web
address and the dates are fixed (the closing date moves only by an audited
extension or an early close). Once it has closed, what residents responded
to is fixed too; the decision details (who decides, when, the owning team and
contacts) may always be updated.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.audit.services import record
from consultation.auth.models import Ward
from consultation.consultations.models import Consultation, Lifecycle
from consultation.database import utcnow
from consultation.extensions import db
from consultation.sanitiser import markdown_html, plain_excerpt

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 120

#: Fields that may change in every step.
DECISION_FIELDS = frozenset({"decision_maker", "decision_due", "owning_team", "contacts"})
#: What residents respond to: fixed once the consultation closes.
CONTENT_FIELDS = frozenset(
    {"title", "summary", "body", "whole_area", "ward_ids", "allow_resident_threads"}
)
#: Fixed once the consultation opens.
TIMING_FIELDS = frozenset({"slug", "opens_at", "closes_at"})
ALL_FIELDS = DECISION_FIELDS | CONTENT_FIELDS | TIMING_FIELDS

#: Text fields recorded in the audit trail only as a short excerpt, not in full.
_LONG_FIELDS = frozenset({"summary", "body"})
#: Fields recorded only as "changed" (they hold names and contact details).
_PRIVATE_FIELDS = frozenset({"contacts"})


class EditRefused(Exception):
    """Bad input for a change; `errors` maps form field names to messages for the officer."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())))
        self.errors = errors

    @property
    def message(self) -> str:
        """The first problem, for pages that show one message."""
        return next(iter(self.errors.values()))


def slugify(text: str) -> str:
    """A web address part from a title: 'Parks & trees 2027' → 'parks-trees-2027'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "consultation"


def editable_fields(
    consultation: Consultation | None, now: datetime | None = None
) -> frozenset[str]:
    """The fields an officer may change now (all of them for a new consultation)."""
    if consultation is None:
        return ALL_FIELDS
    state = consultation.state(now or utcnow())
    if state in (Lifecycle.DRAFT, Lifecycle.SCHEDULED):
        return ALL_FIELDS
    if state is Lifecycle.OPEN:
        return DECISION_FIELDS | CONTENT_FIELDS
    return DECISION_FIELDS


def _locked_message(field: str, consultation: Consultation, now: datetime) -> str:
    if field in TIMING_FIELDS and consultation.state(now) is Lifecycle.OPEN:
        if field == "closes_at":
            return _(
                "The consultation is open: extend it or close it early to change the closing date"
            )
        return _("The consultation has opened, so its web address and opening date cannot change")
    return _("The consultation has closed, so what residents responded to cannot change")


def _check(values: dict[str, Any], consultation: Consultation | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    slug = values.get("slug")
    if "slug" in values:
        if not slug:
            errors["slug"] = _("Enter the web address")
        elif len(slug) > SLUG_MAX or not SLUG_PATTERN.match(slug):
            errors["slug"] = _(
                "The web address must only include lower-case letters, numbers and single hyphens"
            )
        else:
            clash = db.session.scalar(
                select(Consultation.id).where(
                    Consultation.slug == slug,
                    Consultation.id != (consultation.id if consultation else -1),
                )
            )
            if clash:
                errors["slug"] = _(
                    "Another consultation already uses the web address ‘%(slug)s’ – choose a "
                    "different one",
                    slug=slug,
                )
    if "title" in values and not values["title"]:
        errors["title"] = _("Enter the title")
    opens = values.get("opens_at", consultation.opens_at if consultation else None)
    closes = values.get("closes_at", consultation.closes_at if consultation else None)
    if opens and closes and closes <= opens:
        errors["closes_at"] = _("The closing date must be after the opening date")
    if "ward_ids" in values or "whole_area" in values:
        whole = values.get("whole_area", consultation.whole_area if consultation else True)
        wards = values.get("ward_ids", _current(consultation, "ward_ids") if consultation else [])
        if not whole and not wards:
            errors["wards"] = _("Select the wards affected, or the whole council area")
    return errors


def _apply(consultation: Consultation, values: dict[str, Any]) -> None:
    for field, value in values.items():
        if field == "ward_ids":
            consultation.wards = list(
                db.session.scalars(select(Ward).where(Ward.id.in_(value or [])).order_by(Ward.name))
            )
        elif field == "body":
            consultation.body = value
            consultation.body_html = str(markdown_html(value))
        else:
            setattr(consultation, field, value)


def _current(consultation: Consultation, field: str) -> Any:
    if field == "ward_ids":
        return sorted(ward.id for ward in consultation.wards)
    return getattr(consultation, field)


def _audit_value(field: str, value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if field in _LONG_FIELDS and isinstance(value, str):
        return plain_excerpt(value, 80)
    return value


def create_consultation(
    values: dict[str, Any], *, token: str | None = None
) -> tuple[Consultation, bool]:
    """Store a new draft; returns (consultation, created). A repeated `token` finds the first."""
    if token:
        existing = db.session.scalar(
            select(Consultation).where(Consultation.submission_token == token)
        )
        if existing is not None:
            return existing, False
    values = {k: v for k, v in values.items() if k in ALL_FIELDS}
    if not values.get("slug"):
        values["slug"] = slugify(values.get("title") or "")
    errors = _check(values, None)
    if errors:
        raise EditRefused(errors)
    from flask_login import current_user

    consultation = Consultation(
        status=Lifecycle.DRAFT,
        submission_token=token or None,
        created_by_id=current_user.id if current_user.is_authenticated else None,
        summary="",
        body="",
        body_html="",
    )
    _apply(consultation, values)
    db.session.add(consultation)
    try:
        db.session.flush()
    except IntegrityError:
        # A second request with the same token or slug won the race.
        db.session.rollback()
        if token:
            existing = db.session.scalar(
                select(Consultation).where(Consultation.submission_token == token)
            )
            if existing is not None:
                return existing, False
        raise EditRefused(
            {"slug": _("Another consultation already uses this web address")}
        ) from None
    record("consultation.create", consultation, slug=consultation.slug, title=consultation.title)
    db.session.commit()
    return consultation, True


def update_consultation(
    consultation: Consultation, values: dict[str, Any], *, now: datetime | None = None
) -> list[str]:
    """Apply the changed `values`; refuse locked fields. Returns the names of changed fields."""
    now = now or utcnow()
    from consultation.consultations.lifecycle import lock

    lock(consultation)
    if "slug" in values and not values["slug"]:
        values = {**values, "slug": slugify(values.get("title") or consultation.title)}
    changed = {
        field: value
        for field, value in values.items()
        if field in ALL_FIELDS
        and (sorted(value) if field == "ward_ids" else value) != _current(consultation, field)
    }
    allowed = editable_fields(consultation, now)
    locked = {f: _locked_message(f, consultation, now) for f in changed if f not in allowed}
    if locked:
        raise EditRefused(locked)
    errors = _check(changed, consultation)
    new_opening = changed.get("opens_at")
    if consultation.state(now) is Lifecycle.SCHEDULED and new_opening and new_opening <= now:
        errors.setdefault(
            "opens_at",
            _("A scheduled consultation must open in the future – choose a later date"),
        )
    if errors:
        raise EditRefused(errors)
    if not changed:
        return []
    before = {f: _audit_value(f, _current(consultation, f)) for f in changed}
    _apply(consultation, changed)
    after = {f: _audit_value(f, _current(consultation, f)) for f in changed}
    for field in _PRIVATE_FIELDS & changed.keys():
        before[field] = after[field] = "changed"
    record("consultation.edit", consultation, before=before, after=after)
    db.session.commit()
    return sorted(changed)
