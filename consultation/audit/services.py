"""The one audit helper every privileged action calls."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from consultation.audit.models import AuditEvent
from consultation.extensions import db


def record(
    action: str,
    target: Any = None,
    *,
    actor: Any = None,
    target_type: str | None = None,
    target_id: Any = None,
    consultation_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the current transaction (committed with the act itself).

    The actor defaults to the signed-in user; `target` may be any model with an
    `id`, from which the type and id are taken.
    """
    if actor is None and current_user and getattr(current_user, "is_authenticated", False):
        actor = current_user
    if target is not None:
        target_type = target_type or type(target).__name__.lower()
        target_id = target_id if target_id is not None else getattr(target, "id", None)
        if consultation_id is None:
            consultation_id = getattr(target, "consultation_id", None)
            if consultation_id is None and type(target).__name__ == "Consultation":
                consultation_id = target.id
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        target_type=target_type or "site",
        target_id=None if target_id is None else str(target_id),
        consultation_id=consultation_id,
        details=details,
    )
    db.session.add(event)
    return event
