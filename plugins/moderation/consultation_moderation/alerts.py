"""Telling moderators when a comment has waited past the time target: once per wait."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from consultation.plugin_api import Kind, User, db, notify, record, register_kind, utcnow
from consultation_moderation import settings
from consultation_moderation.models import ItemState, ModerationItem
from consultation_moderation.queue import deadline, stats

#: The plugin's own kind of email; moderators choose how they get it on their preferences page.
ALERT = register_kind(
    Kind(
        name="moderation.alert",
        label=_l("Comments waiting too long for moderation"),
        description=_l("When a comment has waited longer than the time target for a decision."),
        template="moderation/email/alert",
        roles=("moderator",),
    )
)


def moderators() -> list[User]:
    """Active accounts holding the moderator role."""
    query = select(User).where(User.active.is_(True), User.role_rows.any(role="moderator"))
    return list(db.session.scalars(query.order_by(User.id)))


def send_overdue_alert(now: datetime | None = None) -> int:
    """Email every moderator if an item passed the target since the last alert; how many told.

    Items are marked as alerted with one conditional UPDATE before anyone is
    told, so two runs at once (two cron hosts) send one alert, and an item
    never causes a second one while it keeps waiting.
    """
    now = now or utcnow()
    target = settings.current().target_hours
    newly_late = db.session.execute(
        update(ModerationItem)
        .where(
            ModerationItem.state == ItemState.WAITING,
            ModerationItem.entered_at <= deadline(target, now),
            ModerationItem.alerted_at.is_(None),
        )
        .values(alerted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not newly_late:
        db.session.rollback()
        return 0
    queue = stats(target, now)
    context = {
        "waiting": queue.waiting,
        "overdue": queue.overdue,
        "newly_overdue": newly_late,
        "oldest": queue.oldest,
        "target_hours": target,
    }
    told = 0
    for person in moderators():
        if notify(person, ALERT.name, context, now=now) is not None:
            told += 1
    record("moderation.alert", target_type="moderation_queue", newly_overdue=newly_late, told=told)
    db.session.commit()
    return told
