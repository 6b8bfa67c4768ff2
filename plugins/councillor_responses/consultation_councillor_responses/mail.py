"""The plugin's two kinds of email: a councillor's digest and an officer's escalation.

Both go through the core's outbox (`notify`), in the caller's transaction,
so a reminder is logged if and only if its message is stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consultation.plugin_api import Consultation, Kind, User, db, notify, register_kind

DIGEST = register_kind(
    Kind(
        name="councillor_responses.digest",
        label=_l("Responses you owe residents"),
        description=_l(
            "Once a day, when requests for your response are due within 2 working days or overdue."
        ),
        template="councillor_responses/email/digest",
        roles=("councillor",),
    )
)
ESCALATION = register_kind(
    Kind(
        name="councillor_responses.escalation",
        label=_l("Councillor responses that need an officer"),
        description=_l(
            "When a councillor's response to your consultation is long overdue, or a "
            "councillor passes a request to you."
        ),
        template="councillor_responses/email/escalation",
        roles=("officer",),
    )
)


def officers_for(consultation: Consultation) -> list[User]:
    """Who hears about the consultation's requests: the officer who created it.

    When that account is gone or no longer staff, the active officers of the
    team that owns the consultation hear instead.
    """
    creator = (
        db.session.get(User, consultation.created_by_id) if consultation.created_by_id else None
    )
    if creator is not None and creator.active and creator.has_role("officer", "admin"):
        return [creator]
    query = select(User).where(
        User.active.is_(True),
        User.team == consultation.owning_team,
        User.role_rows.any(role="officer"),
    )
    return list(db.session.scalars(query).unique())


def send_digest(councillor: User, items: list[dict[str, Any]], day: date) -> Any:
    """One digest to `councillor` listing `items` (due soon or overdue)."""
    return notify(councillor, DIGEST.name, {"items": items, "day": day})


def send_escalation(officer: User, items: list[dict[str, Any]], day: date) -> Any:
    """One message to `officer` listing requests that need them."""
    return notify(officer, ESCALATION.name, {"items": items, "day": day})
