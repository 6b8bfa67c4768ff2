"""Putting messages in the outbox, people's choices, unsubscribing, and admins' retries.

Nothing here commits: every function adds to the caller's transaction, so a
message is stored together with the event that caused it, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update

from consultation.audit.services import record
from consultation.auth.models import User
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications import rendering
from consultation.notifications.kinds import DIGEST, Kind, get_kind, kinds_for
from consultation.notifications.models import (
    DigestEntry,
    MessageState,
    Mode,
    NotificationPreference,
    OutboxMessage,
)


def enqueue(
    *,
    recipient: str,
    kind: str,
    subject: str,
    body_text: str,
    body_html: str,
    headers: dict[str, str] | None = None,
    user: User | None = None,
    dedupe_key: str | None = None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Add a complete message to the outbox in the current transaction.

    With `dedupe_key`, a message already stored under that key is returned
    instead of a second one (an event announced twice sends one email).
    """
    if dedupe_key is not None:
        existing = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return existing
    return _new_message(
        recipient, kind, subject, body_text, body_html, headers, user, dedupe_key, now
    )


def _new_message(
    recipient: str,
    kind: str,
    subject: str,
    body_text: str,
    body_html: str,
    headers: dict[str, str] | None,
    user: User | None,
    dedupe_key: str | None,
    now: datetime | None,
) -> OutboxMessage:
    now = now or utcnow()
    message = OutboxMessage(
        recipient=recipient,
        user_id=user.id if user is not None else None,
        kind=kind,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers={**rendering.base_headers(), **(headers or {})},
        state=MessageState.QUEUED,
        attempts=0,
        next_attempt_at=now,
        dedupe_key=dedupe_key,
        created_at=now,
    )
    db.session.add(message)
    return message


def preference_for(user: User, kind: Kind) -> Mode:
    """How `user` wants to hear about `kind` (essential kinds: always at once)."""
    if kind.essential:
        return Mode.IMMEDIATE
    mode = db.session.scalar(
        select(NotificationPreference.mode).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind == kind.name
        )
    )
    return Mode(mode) if mode else kind.default_mode


def preferences_for(user: User) -> dict[str, Mode]:
    """Every choosable kind for `user` with the mode that applies now."""
    stored = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.mode).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {k.name: Mode(stored.get(k.name, k.default_mode)) for k in kinds_for(user)}


def set_preference(user: User, kind: str, mode: Mode) -> bool:
    """Store one choice; True when it changed anything."""
    row = db.session.scalar(
        select(NotificationPreference).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind == kind
        )
    )
    if row is None:
        if mode == get_kind(kind).default_mode:
            return False
        db.session.add(NotificationPreference(user_id=user.id, kind=kind, mode=mode))
        return True
    if row.mode == mode:
        return False
    row.mode = mode
    return True


def save_preferences(user: User, choices: dict[str, Mode]) -> dict[str, str]:
    """Store a person's choices from the preferences page; audit what changed."""
    allowed = {k.name for k in kinds_for(user)}
    changed = {
        kind: str(mode)
        for kind, mode in choices.items()
        if kind in allowed and set_preference(user, kind, mode)
    }
    if changed:
        record("notification.preferences", user, actor=user, changed=changed)
    return changed


def _message_headers(user: User, kind: str) -> dict[str, str]:
    url = rendering.external_url(
        "notifications.unsubscribe", token=rendering.unsubscribe_token(user.id, kind)
    )
    return rendering.unsubscribe_headers(url)


def notify(
    user: User,
    kind_name: str,
    context: dict[str, Any] | None = None,
    *,
    dedupe_key: str | None = None,
    now: datetime | None = None,
) -> OutboxMessage | DigestEntry | None:
    """Tell `user` about an event of `kind_name`, the way they chose, in this transaction.

    Returns the outbox message (immediate), the digest entry (daily summary)
    or None (turned off, or the account is closed). `context` is passed to the
    kind's templates, with `recipient` (the user) and `unsubscribe_url` added.
    With `dedupe_key`, a message or entry already stored under it is returned
    instead of a second one.
    """
    kind = get_kind(kind_name)
    if not user.active:
        return None
    mode = preference_for(user, kind)
    if mode is Mode.OFF:
        return None
    if dedupe_key is not None:
        model = DigestEntry if mode is Mode.DAILY else OutboxMessage
        existing = db.session.scalar(select(model).where(model.dedupe_key == dedupe_key))
        if existing is not None:
            return existing
    return _deliver(user, kind, mode, context, dedupe_key, now)


def notify_many(
    users: list[User],
    kind_name: str,
    context: dict[str, Any] | None = None,
    *,
    dedupe_prefix: str | None = None,
    now: datetime | None = None,
) -> int:
    """Tell many people about one event, with a fixed number of queries however many.

    Each person's key is "<dedupe_prefix>:<user id>", so announcing the event
    again stores nothing new. Returns how many people will hear about it.
    """
    kind = get_kind(kind_name)
    people = [user for user in users if user.active]
    stored = dict(
        db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.mode).where(
                NotificationPreference.kind == kind.name,
                NotificationPreference.user_id.in_([u.id for u in people]),
            )
        ).all()
    )
    keys = {u.id: f"{dedupe_prefix}:{u.id}" for u in people} if dedupe_prefix else {}
    existing: set[str] = set()
    for model in (OutboxMessage, DigestEntry):
        existing.update(
            db.session.scalars(select(model.dedupe_key).where(model.dedupe_key.in_(keys.values())))
        )
    told = 0
    # Rows are inserted together at the next flush, not one by one before each query.
    with db.session.no_autoflush:
        for user in people:
            mode = (
                Mode.IMMEDIATE if kind.essential else Mode(stored.get(user.id, kind.default_mode))
            )
            if mode is Mode.OFF:
                continue
            told += 1
            if keys.get(user.id) not in existing:
                _deliver(user, kind, mode, context, keys.get(user.id), now)
    return told


def _deliver(
    user: User,
    kind: Kind,
    mode: Mode,
    context: dict[str, Any] | None,
    dedupe_key: str | None,
    now: datetime | None,
) -> OutboxMessage | DigestEntry:
    values = {**(context or {}), "recipient": user, "unsubscribe_url": None}
    if mode is Mode.DAILY:
        rendered = rendering.render_kind(kind, values, entry=True)
        entry = DigestEntry(
            user_id=user.id,
            kind=kind.name,
            subject=rendered.subject,
            body_text=rendered.text,
            body_html=rendered.html,
            created_at=now or utcnow(),
            dedupe_key=dedupe_key,
        )
        db.session.add(entry)
        return entry
    headers: dict[str, str] = {}
    if not kind.essential:
        headers = _message_headers(user, kind.name)
        values["unsubscribe_url"] = headers["List-Unsubscribe"][1:-1]
    rendered = rendering.render_kind(kind, values)
    return _new_message(
        user.email,
        kind.name,
        rendered.subject,
        rendered.text,
        rendered.html,
        headers,
        user,
        dedupe_key,
        now,
    )


@dataclass(frozen=True)
class Unsubscription:
    """Who a genuine unsubscribe link is for, and what it turns off."""

    user: User
    kind: str
    label: str


def unsubscription(token: str) -> Unsubscription | None:
    """Read an unsubscribe link; None when it is forged or the account is gone."""
    from consultation.notifications.kinds import kind_label

    found = rendering.read_unsubscribe_token(token)
    if found is None:
        return None
    user = db.session.get(User, found[0])
    if user is None or (found[1] != DIGEST and _unknown_kind(found[1])):
        return None
    return Unsubscription(user, found[1], kind_label(found[1]))


def _unknown_kind(name: str) -> bool:
    try:
        return get_kind(name).essential
    except KeyError:
        return True


def unsubscribe(target: Unsubscription) -> None:
    """Turn off what the link names; for the daily summary, every kind sent in it.

    Audited with the person as the actor: the signed link proves it is them.
    """
    if target.kind == DIGEST:
        turned_off = [
            kind for kind, mode in preferences_for(target.user).items() if mode is Mode.DAILY
        ]
    else:
        turned_off = [target.kind]
    for kind in turned_off:
        set_preference(target.user, kind, Mode.OFF)
    record(
        "notification.unsubscribe",
        target.user,
        actor=target.user,
        kind=target.kind,
        turned_off=turned_off,
    )


def outbox_counts() -> dict[str, int]:
    """How many messages are in each state."""
    rows = db.session.execute(
        select(OutboxMessage.state, func.count(OutboxMessage.id)).group_by(OutboxMessage.state)
    ).all()
    return {str(state): int(count) for state, count in rows}


def undelivered(limit: int = 200) -> list[OutboxMessage]:
    """Failed messages first, then those still waiting, oldest first: what admins watch."""
    order = (OutboxMessage.state != MessageState.FAILED, OutboxMessage.id)
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.state != MessageState.SENT)
            .order_by(*order)
            .limit(limit)
        )
    )


def retry(message_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Queue failed messages (all, or those listed) for sending at once, with fresh attempts.

    Audited when anything was queued; the caller commits. Returns how many.
    """
    query = update(OutboxMessage).where(OutboxMessage.state == MessageState.FAILED)
    if message_ids is not None:
        query = query.where(OutboxMessage.id.in_(message_ids))
    result = db.session.execute(
        query.values(state=MessageState.QUEUED, attempts=0, next_attempt_at=now or utcnow()),
        execution_options={"synchronize_session": False},
    )
    count = result.rowcount or 0
    if count:
        record(
            "notification.retry",
            target_type="outbox_message",
            target_id=message_ids[0] if message_ids and len(message_ids) == 1 else None,
            count=count,
        )
    return count


def purge_old(now: datetime | None = None) -> int:
    """Delete sent messages, their summary entries and spent links older than the keep period.

    Queued and failed messages are never deleted: they have not reached anyone
    yet. Entries go before their summary message, or the foreign key would
    set them waiting again. Returns how many messages were deleted; commits.
    """
    from flask import current_app

    from consultation.notifications.models import EmailToken

    cutoff = (now or utcnow()) - timedelta(days=current_app.config["NOTIFICATIONS_KEEP_DAYS"])
    old_sent = select(OutboxMessage.id).where(
        OutboxMessage.state == MessageState.SENT, OutboxMessage.sent_at < cutoff
    )
    db.session.execute(
        delete(DigestEntry).where(DigestEntry.message_id.in_(old_sent)),
        execution_options={"synchronize_session": False},
    )
    deleted = db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.id.in_(old_sent.scalar_subquery())),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.execute(
        delete(EmailToken).where((EmailToken.expires_at < cutoff) | (EmailToken.used_at < cutoff)),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return deleted or 0
