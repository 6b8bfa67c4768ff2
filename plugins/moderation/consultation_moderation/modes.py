"""Post- or pre-moderation: the site default, and officers' choice per consultation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from consultation.plugin_api import Consultation, db, record, utcnow
from consultation_moderation import settings
from consultation_moderation.models import Mode, ModerationMode

#: The form value meaning "no choice of its own: follow the site default".
SITE = "site"


def override_for(consultation_id: int) -> str | None:
    """The consultation's own mode, or None when it follows the site default."""
    return db.session.scalar(
        select(ModerationMode.mode).where(ModerationMode.consultation_id == consultation_id)
    )


def mode_for(consultation_id: int) -> Mode:
    """The mode in force for a consultation."""
    return Mode(override_for(consultation_id) or settings.current().mode)


def set_mode(consultation: Consultation, choice: str, actor: Any) -> bool:
    """Set a consultation's mode ("post", "pre", or "site" to follow the default); audited.

    Returns False when nothing changed.
    """
    row = db.session.get(ModerationMode, consultation.id)
    before = row.mode if row else SITE
    if before == choice:
        return False
    if choice == SITE:
        # The choice is cleared, not the record of it: the audit event keeps both.
        db.session.delete(row)
    else:
        row = row or ModerationMode(consultation_id=consultation.id)
        row.mode = Mode(choice).value
        row.changed_by_id = actor.id
        row.changed_at = utcnow()
        db.session.add(row)
    record("moderation.mode", consultation, actor=actor, before=before, after=choice)
    db.session.commit()
    return True


def overview() -> list[tuple[Consultation, str | None]]:
    """Every consultation, newest first, with its own mode (None: the site default)."""
    rows = db.session.execute(
        select(Consultation, ModerationMode.mode)
        .outerjoin(ModerationMode, ModerationMode.consultation_id == Consultation.id)
        .order_by(Consultation.id.desc())
    ).all()
    return [(consultation, mode) for consultation, mode in rows]
