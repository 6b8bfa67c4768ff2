"""Observer hooks, fired after commit: each plugin isolated, its own work committed."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from consultation.extensions import db
from consultation.plugin_system.calling import active_impls, call, log, store_error
from consultation.plugin_system.hookspecs import OBSERVER_HOOKS
from consultation.plugin_system.registry import registry


def _consultation_id(arguments: dict[str, Any]) -> int | None:
    if arguments.get("consultation") is not None:
        return arguments["consultation"].id
    comment = arguments.get("comment")
    if comment is not None:
        from consultation.consultations.models import Thread

        return db.session.scalar(
            select(Thread.consultation_id).where(Thread.id == comment.thread_id)
        )
    return None


def _fresh(arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments with the comment reloaded, its thread, consultation and author with it.

    Commits expire loaded objects; a plugin must be able to read
    `comment.thread.consultation` without tripping a lazy-load guard.
    """
    comment = arguments.get("comment")
    if comment is None:
        return arguments
    from consultation.comments.models import Comment
    from consultation.consultations.models import Thread

    reloaded = db.session.get(
        Comment,
        comment.id,
        options=[
            joinedload(Comment.thread).joinedload(Thread.consultation),
            joinedload(Comment.author),
        ],
        populate_existing=True,
    )
    return {**arguments, "comment": reloaded or comment}


def _check_committed(hook: str) -> None:
    if db.session.new or db.session.dirty or db.session.deleted:
        message = f"{hook} announced before commit: plugins must only hear what is stored"
        if current_app.testing:
            raise RuntimeError(message)
        log.warning(message)


def announce(hook_name: str, **kwargs: Any) -> None:
    """Fire the observer hook `hook_name` (e.g. `consultation_opened`) with `kwargs`.

    Call only after the transaction has committed. Plugins enabled for the
    consultation concerned run one at a time in priority order; each one's
    database work is committed on its own, and a plugin that raises is
    rolled back, logged and kept as its last error without stopping the rest.
    """
    if hook_name not in OBSERVER_HOOKS:
        raise ValueError(f"{hook_name} is not an observer hook ({', '.join(OBSERVER_HOOKS)})")
    reg = registry()
    spec = getattr(reg.pm.hook, hook_name).spec
    missing = [name for name in spec.argnames if name not in kwargs]
    if missing:
        raise TypeError(f"{hook_name} needs {', '.join(missing)}")
    if not reg.plugins:
        return
    _check_committed(hook_name)
    consultation_id = _consultation_id(kwargs)
    for loaded, impl in list(active_impls(hook_name, consultation_id)):
        try:
            call(impl, _fresh(kwargs))
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            log.error("plugin %s failed in %s", loaded.name, hook_name, exc_info=exc)
            try:
                store_error(loaded.name, hook_name, exc)
                db.session.commit()
            except SQLAlchemyError:
                db.session.rollback()
                log.warning("could not keep the error of plugin %s", loaded.name, exc_info=True)


def announce_comment_stored(comment: Any) -> None:
    """Tell plugins about a newly stored comment (`comment_published` when it is public)."""
    from consultation.comments.models import CommentStatus

    if comment.status == CommentStatus.PUBLISHED:
        announce("comment_published", comment=comment)


def announce_status_change(
    comment: Any, old_status: str, new_status: str, actor: Any = None
) -> None:
    """Tell plugins a stored comment changed status; `comment_published` too when it went public.

    Call after commit (moderation decisions, withdrawals, restores).
    """
    from consultation.comments.models import CommentStatus

    announce(
        "comment_status_changed",
        comment=comment,
        old_status=str(old_status),
        new_status=str(new_status),
        actor=actor,
    )
    if new_status == CommentStatus.PUBLISHED and old_status != CommentStatus.PUBLISHED:
        announce("comment_published", comment=comment)
