"""Writing, publishing and revising a consultation's outcome, and its decision trail.

An outcome may be drafted once the consultation has opened and published once
it has closed. After publication every change needs a note saying what
changed, and stores a new version: residents see the earlier versions as the
change history. `outcome_published` fires after the first publication commits.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from consultation.audit.services import record
from consultation.consultations.editing import EditRefused
from consultation.consultations.lifecycle import (
    TransitionRefused,
    announce_all,
    catch_up,
    lock,
    state_label,
)
from consultation.consultations.models import Consultation, Lifecycle
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome, OutcomeVersion
from consultation.sanitiser import markdown_html, normalise_text, plain_excerpt

#: The officer's Markdown fields and the HTML column each renders into.
MARKDOWN_FIELDS = {
    "we_asked": "we_asked_html",
    "you_said": "you_said_html",
    "we_did": "we_did_html",
}
PLAIN_FIELDS = ("decision", "decision_maker", "decision_date", "decision_url")
FIELDS = (*MARKDOWN_FIELDS, *PLAIN_FIELDS)
CHANGE_NOTE_MAX = 1000


def outcome_of(consultation: Consultation) -> Outcome | None:
    """The consultation's outcome, draft or published."""
    return db.session.scalar(select(Outcome).where(Outcome.consultation_id == consultation.id))


def check_writable(consultation: Consultation, now: datetime) -> None:
    """Refuse to write an outcome before the consultation has opened."""
    if consultation.state(now) in (Lifecycle.DRAFT, Lifecycle.SCHEDULED):
        raise EditRefused(
            {"we_did": _("You can write the outcome once the consultation has opened")}
        )


def _check_values(values: dict[str, Any], today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    url = values.get("decision_url")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
            errors["decision_url"] = _(
                "Enter the link to the decision record in the correct format, like "
                "https://example.gov.uk/minutes"
            )
    decided = values.get("decision_date")
    if decided and decided > today:
        errors["decision_date"] = _("The decision date must be today or in the past")
    return errors


def clean_note(note: str | None, required: bool) -> str | None:
    """The officer's note on what changed, required once the outcome is public."""
    note = normalise_text(note)
    if required and not note:
        raise EditRefused(
            {"change_note": _("Say what changed – residents will see it in the change history")}
        )
    if len(note) > CHANGE_NOTE_MAX:
        raise EditRefused(
            {
                "change_note": _(
                    "The note must be %(limit)s characters or fewer", limit=CHANGE_NOTE_MAX
                )
            }
        )
    return note or None


def _actor_id() -> int | None:
    from flask_login import current_user

    return current_user.id if getattr(current_user, "is_authenticated", False) else None


def snapshot(outcome: Outcome) -> dict[str, Any]:
    """The outcome as residents see it now, stored with each version."""
    return {
        **{html: getattr(outcome, html) for html in MARKDOWN_FIELDS.values()},
        "decision": outcome.decision,
        "decision_maker": outcome.decision_maker,
        "decision_date": outcome.decision_date.isoformat() if outcome.decision_date else None,
        "decision_url": outcome.decision_url,
        "points": [
            {
                "id": point.id,
                "body_html": point.body_html,
                "threads": [[thread.id, thread.title] for thread in point.threads],
                "comments": [comment.id for comment in point.comments],
            }
            for point in outcome.points
        ],
    }


def new_version(outcome: Outcome, note: str | None, now: datetime) -> OutcomeVersion:
    """Store the outcome as residents will now see it, as its next version."""
    db.session.flush()
    db.session.refresh(outcome)  # points changed in this transaction are in the snapshot
    number = max((v.number for v in outcome.versions), default=0) + 1
    version = OutcomeVersion(
        number=number,
        content=snapshot(outcome),
        change_note=note,
        published_at=now,
        published_by_id=_actor_id(),
    )
    outcome.versions.append(version)
    return version


def _audit_value(field: str, value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if field in MARKDOWN_FIELDS or field == "decision":
        return plain_excerpt(value or "", 80)
    return value


def save_outcome(
    consultation: Consultation,
    values: dict[str, Any],
    *,
    change_note: str | None = None,
    now: datetime | None = None,
) -> tuple[Outcome, bool]:
    """Create or update the outcome; returns (outcome, changed).

    A published outcome needs a change note and gains a version.
    """
    now = now or utcnow()
    lock(consultation)
    check_writable(consultation, now)
    values = {k: v for k, v in values.items() if k in FIELDS}
    errors = _check_values(values, now.date())
    if errors:
        raise EditRefused(errors)
    outcome = outcome_of(consultation)
    created = outcome is None
    if outcome is None:
        outcome = Outcome(consultation_id=consultation.id, decision_maker="", decision="")
        for field in MARKDOWN_FIELDS:
            setattr(outcome, field, "")
    changed = {f: v for f, v in values.items() if v != getattr(outcome, f)}
    if not changed and not created:
        return outcome, False
    note = clean_note(change_note, required=outcome.is_published)
    before = {f: _audit_value(f, getattr(outcome, f)) for f in changed}
    for field, value in changed.items():
        setattr(outcome, field, value)
        if field in MARKDOWN_FIELDS:
            setattr(outcome, MARKDOWN_FIELDS[field], str(markdown_html(value or "")))
    db.session.add(outcome)
    after = {f: _audit_value(f, getattr(outcome, f)) for f in changed}
    if outcome.is_published:
        new_version(outcome, note, now)
        record(
            "outcome.edit",
            outcome,
            consultation_id=consultation.id,
            before=before,
            after=after,
            change_note=note,
        )
    else:
        db.session.flush()
        record("outcome.save", outcome, consultation_id=consultation.id, before=before, after=after)
    db.session.commit()
    return outcome, True


def publication_problems(outcome: Outcome | None) -> list[tuple[str, str]]:
    """What the outcome lacks before residents can see it, as (field, message)."""
    if outcome is None:
        return [("we_did", _("Write the outcome before publishing it"))]
    problems = []
    if not outcome.decision.strip():
        problems.append(("decision", _("Enter the decision taken")))
    if not outcome.decision_maker.strip():
        problems.append(("decision_maker", _("Enter who took the decision, for example Cabinet")))
    if outcome.decision_date is None:
        problems.append(("decision_date", _("Enter the date of the decision")))
    if not outcome.we_did.strip():
        problems.append(("we_did", _("Enter what we did")))
    return problems


def publish(consultation: Consultation, *, now: datetime | None = None) -> Outcome:
    """Closed → outcome published: residents see the outcome; `outcome_published` fires."""
    from consultation.consultations.lifecycle import NotReady
    from consultation.templating import london_datetime

    now = now or utcnow()
    lock(consultation)
    state = consultation.state(now)
    if state is Lifecycle.OUTCOME_PUBLISHED:
        raise TransitionRefused(_("The outcome is already published."), already=True)
    if state is Lifecycle.OPEN:
        raise TransitionRefused(
            _(
                "You cannot publish the outcome while the consultation is open. It closes on "
                "%(when)s – publish the outcome after that, or close it early.",
                when=london_datetime(consultation.closes_at),
            )
        )
    if state is not Lifecycle.CLOSED:
        raise TransitionRefused(
            _(
                "You cannot publish an outcome for a consultation that is %(state)s.",
                state=state_label(state).lower(),
            )
        )
    outcome = outcome_of(consultation)
    problems = publication_problems(outcome)
    if problems:
        raise NotReady(problems)
    hooks = catch_up(consultation, now)
    outcome.published_at = now
    outcome.published_by_id = _actor_id()
    version = new_version(outcome, None, now)
    consultation.status = Lifecycle.OUTCOME_PUBLISHED
    record("outcome.publish", outcome, consultation_id=consultation.id, version=version.number)
    from consultation.notifications.messages import notify_outcome_published

    # In this transaction: everyone who took part is told, or the outcome is not published.
    notify_outcome_published(consultation, now=now)
    db.session.commit()
    announce_all(hooks, consultation)
    announce_all(["outcome_published"], consultation, outcome=outcome)
    return outcome
