"""Everything held about one account, as one JSON document (the right of access)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import or_, select

from consultation.audit.models import AuditEvent
from consultation.auth.models import User
from consultation.comments import queries
from consultation.data_rights.hooks import plugin_personal_data
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications.models import DigestEntry, NotificationPreference, OutboxMessage

#: Names the document's layout; bump it when a field changes meaning.
FORMAT = "consultation-personal-data/1"


def iso(moment: datetime | date | None) -> str | None:
    """A date or time as ISO 8601 (times are UTC), or None."""
    return moment.isoformat() if moment is not None else None


def _account(user: User) -> dict[str, Any]:
    # Everything on the account row except the password hash and the session counter.
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "roles": sorted(user.roles),
        "ward": {"code": user.ward.code, "name": user.ward.name} if user.ward else None,
        "team": user.team,
        "active": user.active,
        "email_verified_at": iso(user.email_verified_at),
        "created_at": iso(user.created_at),
    }


def _comments(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": comment.id,
            "consultation": {
                "slug": comment.thread.consultation.slug,
                "title": comment.thread.consultation.title,
            },
            "thread": {"id": comment.thread.id, "title": comment.thread.title},
            "reply_to": comment.parent_id,
            "channel": comment.channel,
            "status": comment.status,
            "status_reason": comment.status_reason,
            "text": comment.body_text,
            "created_at": iso(comment.created_at),
            "received_at": iso(comment.received_at),
            "updated_at": iso(comment.updated_at),
        }
        for comment in queries.comments_by(user)
    ]


def _preferences(user: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(NotificationPreference)
        .where(NotificationPreference.user_id == user.id)
        .order_by(NotificationPreference.kind)
    )
    return [{"kind": r.kind, "mode": r.mode, "updated_at": iso(r.updated_at)} for r in rows]


def _messages(user: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(or_(OutboxMessage.user_id == user.id, OutboxMessage.recipient == user.email))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return [
        {
            "kind": m.kind,
            "to": m.recipient,
            "subject": m.subject,
            "text": m.body_text,
            "state": m.state,
            "created_at": iso(m.created_at),
            "sent_at": iso(m.sent_at),
        }
        for m in rows
    ]


def _digest_entries(user: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(DigestEntry)
        .where(DigestEntry.user_id == user.id)
        .order_by(DigestEntry.created_at, DigestEntry.id)
    )
    return [
        {
            "kind": e.kind,
            "subject": e.subject,
            "text": e.body_text,
            "created_at": iso(e.created_at),
            "sent": e.message_id is not None,
        }
        for e in rows
    ]


def _audit_events(user: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.actor_id == user.id,
                (AuditEvent.target_type == "user") & (AuditEvent.target_id == str(user.id)),
            )
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    return [
        {
            "at": iso(e.created_at),
            "action": e.action,
            "you_were": "actor" if e.actor_id == user.id else "subject",
            "target_type": e.target_type,
            "target_id": e.target_id,
            "consultation_id": e.consultation_id,
            "details": e.details or {},
        }
        for e in rows
    ]


def personal_data(user: User) -> dict[str, Any]:
    """Everything held about `user`: the account, comments, emails, audit events, plugins.

    Raises `hooks.PluginDataError` when a plugin cannot say what it holds.
    """
    return {
        "format": FORMAT,
        "generated_at": iso(utcnow()),
        "controller": current_app.config["COUNCIL_NAME"],
        "account": _account(user),
        "comments": _comments(user),
        "notification_preferences": _preferences(user),
        "emails": _messages(user),
        "daily_summary_entries": _digest_entries(user),
        "audit_events": _audit_events(user),
        "plugins": plugin_personal_data(user),
    }


def as_json(document: dict[str, Any]) -> str:
    """The document as indented JSON (anything not JSON-native is written as text)."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def filename(prefix: str, reference: str) -> str:
    """A download's file name: the prefix, a reference and today's date."""
    safe = "".join(ch for ch in reference if ch.isalnum() or ch in "-_")[:40] or "record"
    return f"{prefix}-{safe}-{utcnow():%Y-%m-%d}.json"
