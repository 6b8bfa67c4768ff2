"""Erasing an account: the account and personal data go, the consultation record stays honest.

One transaction: plugins erase what they hold (`erase_personal_data`), the
person's comments are kept as "Former participant" or removed (the
`ERASURE_COMMENTS` setting), emails to them are deleted, their address and
name are scrubbed from other stored text (emails to others, audit details),
and the account row goes with everything that hangs from it. The audit log
keeps one event naming only an opaque reference. A plugin that fails rolls
the whole erasure back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.orm import aliased

from consultation.audit.models import AuditEvent
from consultation.audit.services import record
from consultation.auth.models import User
from consultation.comments.models import Comment
from consultation.data_rights.hooks import PluginDataError, keep_error, plugin_erase
from consultation.data_rights.scrub import Scrubber
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications.models import DigestEntry, OutboxMessage

#: The two comment settings (`ERASURE_COMMENTS`).
KEEP = "keep"
REMOVE = "remove"
COMMENT_MODES = (KEEP, REMOVE)

#: Roles whose holders may erase their own account; staff and councillors ask an admin.
SELF_SERVICE_ROLES = frozenset({"resident"})

#: The text left where a removed comment had replies from other people.
REMOVED_TEXT = "This comment was removed at its author’s request."


class ErasureRefused(Exception):
    """The account cannot be erased this way; the message says why."""


@dataclass(frozen=True)
class ErasureReceipt:
    """What an erasure did, for the audit event and the confirmation."""

    reference: str
    comments: str
    kept: int
    removed: int
    emails_deleted: int


class _Nobody:
    """The audit actor of an erasure the person asked for: their id must not be kept."""

    id = None
    is_authenticated = False


def can_erase_self(user: User) -> bool:
    """True when the person may erase their own account (residents; staff ask an admin)."""
    return user.roles <= SELF_SERVICE_ROLES


def _touch(thread_ids: set[int]) -> None:
    """Mark each thread changed, so cached pages and counts are not served after a deletion.

    Cached thread pages and counts are keyed by the newest `updated_at` of a
    thread's comments, which deleting an older comment does not change.
    """
    for thread_id in thread_ids:
        newest = db.session.scalar(
            select(Comment.id)
            .where(Comment.thread_id == thread_id)
            .order_by(Comment.updated_at.desc(), Comment.id.desc())
            .limit(1)
        )
        if newest is not None:
            db.session.execute(
                update(Comment).where(Comment.id == newest).values(updated_at=utcnow()),
                execution_options={"synchronize_session": False},
            )


def _own_comments(user: User, scrubber: Scrubber, mode: str) -> tuple[int, int]:
    """Keep (anonymised) or remove the person's comments; (kept, removed)."""
    ids = list(db.session.scalars(select(Comment.id).where(Comment.author_id == user.id)))
    if not ids:
        return 0, 0
    removed = 0
    if mode == REMOVE:
        reply = aliased(Comment)
        # A comment others replied to keeps its place (deleting it would delete their replies).
        answered = set(
            db.session.scalars(
                select(Comment.id).where(
                    Comment.id.in_(ids),
                    exists().where(
                        reply.parent_id == Comment.id,
                        or_(reply.author_id.is_(None), reply.author_id != user.id),
                    ),
                )
            )
        )
        gone = [i for i in ids if i not in answered]
        if gone:
            threads = set(db.session.scalars(select(Comment.thread_id).where(Comment.id.in_(gone))))
            db.session.execute(
                delete(Comment).where(Comment.id.in_(gone)),
                execution_options={"synchronize_session": False},
            )
            removed = len(gone)
            _touch(threads)
        if answered:
            db.session.execute(
                update(Comment)
                .where(Comment.id.in_(answered))
                .values(
                    body_text=REMOVED_TEXT,
                    body_html=f"<p>{REMOVED_TEXT}</p>",
                    status_reason=None,
                    author_id=None,
                    updated_at=utcnow(),
                ),
                execution_options={"synchronize_session": False},
            )
        return len(answered), removed
    # Keep: the words stay (they are the consultation's evidence); the account link,
    # and the person's own address and name written in them, go.
    for comment in db.session.scalars(select(Comment).where(Comment.id.in_(ids))):
        comment.body_text = scrubber.text(comment.body_text) or ""
        comment.body_html = scrubber.text(comment.body_html) or ""
        comment.status_reason = scrubber.text(comment.status_reason)
        comment.author_id = None
    return len(ids), 0


def _emails(user: User, scrubber: Scrubber) -> int:
    """Delete emails to the person; scrub their address and name from emails to others."""
    mine = or_(OutboxMessage.user_id == user.id, OutboxMessage.recipient == user.email)
    # Their daily-summary entries go with the account; entries that point at a message
    # being deleted are detached first (the foreign key would do it, but not on every path).
    doomed = select(OutboxMessage.id).where(mine)
    db.session.execute(
        update(DigestEntry).where(DigestEntry.message_id.in_(doomed)).values(message_id=None),
        execution_options={"synchronize_session": False},
    )
    deleted = db.session.execute(
        delete(OutboxMessage).where(mine), execution_options={"synchronize_session": False}
    ).rowcount
    for message in db.session.scalars(
        select(OutboxMessage).where(
            scrubber.matches(
                OutboxMessage.subject, OutboxMessage.body_text, OutboxMessage.body_html
            )
        )
    ):
        message.subject = scrubber.text(message.subject) or ""
        message.body_text = scrubber.text(message.body_text) or ""
        message.body_html = scrubber.text(message.body_html) or ""
    for entry in db.session.scalars(
        select(DigestEntry).where(
            and_(
                DigestEntry.user_id != user.id,
                scrubber.matches(DigestEntry.subject, DigestEntry.body_text, DigestEntry.body_html),
            )
        )
    ):
        entry.subject = scrubber.text(entry.subject) or ""
        entry.body_text = scrubber.text(entry.body_text) or ""
        entry.body_html = scrubber.text(entry.body_html) or ""
    return deleted or 0


def scrub_audit(scrubber: Scrubber) -> int:
    """Replace the address and name in audit details; returns the events changed.

    Audit events are otherwise never changed (the model refuses ORM updates):
    this is the one sanctioned exception, so it goes through the table directly.
    """
    table = AuditEvent.__table__
    changed = 0
    rows = db.session.execute(
        select(table.c.id, table.c.details).where(scrubber.matches(json_columns=(table.c.details,)))
    ).all()
    for row in rows:
        details = scrubber.value(row.details or {})
        if details != row.details:
            db.session.execute(update(table).where(table.c.id == row.id).values(details=details))
            changed += 1
    return changed


def erase_account(user: User, *, actor: Any = None, comments: str | None = None) -> ErasureReceipt:
    """Erase `user` and commit; `actor` is the admin doing it (None: the person themselves).

    Raises ErasureRefused for a setting it does not know, and
    hooks.PluginDataError (after rolling everything back and keeping the
    plugin's error) when a plugin cannot erase what it holds.
    """
    mode = comments or current_app.config.get("ERASURE_COMMENTS", KEEP)
    if mode not in COMMENT_MODES:
        raise ErasureRefused(f"ERASURE_COMMENTS must be keep or remove, not {mode!r}")
    scrubber = Scrubber(user.email, user.display_name)
    reference = secrets.token_hex(8)
    try:
        plugin_erase(user)
        kept, removed = _own_comments(user, scrubber, mode)
        emails = _emails(user, scrubber)
        scrub_audit(scrubber)
        db.session.delete(user)
        db.session.flush()
        record(
            "account.erased",
            actor=actor if actor is not None else _Nobody(),
            target_type="user",
            target_id=reference,
            by="admin" if actor is not None else "self",
            comments=mode,
            comments_kept=kept,
            comments_removed=removed,
        )
        db.session.commit()
    except PluginDataError as error:
        db.session.rollback()
        keep_error(error)
        raise
    except Exception:
        db.session.rollback()
        raise
    return ErasureReceipt(reference, mode, kept, removed, emails)
