"""The plugin's answer to `comment_pre_publish`, and the queue item written with the comment.

The gate runs before the new comment has an id, so the hold is remembered
here and written by a `before_flush` listener in the very flush that inserts
the comment: the comment and its place in the queue are stored together, or
neither is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from consultation.plugin_api import Comment, CommentStatus, Verdict
from consultation_moderation import checks, settings, terms
from consultation_moderation.models import (
    Cause,
    ItemState,
    Mode,
    ModerationDecision,
    ModerationItem,
)
from consultation_moderation.modes import mode_for

log = logging.getLogger(__name__)

#: What the gate decided about each comment not yet flushed, by comment object.
_seen: WeakKeyDictionary[Any, Hold | None] = WeakKeyDictionary()


@dataclass(frozen=True)
class Hold:
    """Why the gate held a comment: the rule named on the queue, and every finding."""

    rule: str
    findings: list[dict[str, str]] = field(default_factory=list)


def author_reason(rule: str, findings: list[dict[str, str]]) -> str:
    """What the author is told about a held comment (never the matched words)."""
    if rule == "premoderation":
        return _("A moderator checks every comment on this consultation before it is published.")
    if rule == "personal_data":
        return _(
            "It seems to contain personal information, such as an email address or a phone "
            "number. A moderator will check it to keep people's details private."
        )
    if rule == "links":
        return _("It contains more links than we publish without a check.")
    if rule == "classifier":
        return _("It may contain offensive language, so a moderator will check it.")
    if rule == "words":
        return _("It contains a word or phrase that a moderator checks before publication.")
    return _("A moderator will check it before it is published.")


def findings_for(text: str, body_html: str) -> list[checks.Finding]:
    """Run every automatic check with the settings and word list in force."""
    current = settings.current()
    return checks.run_checks(
        text,
        body_html,
        terms=terms.term_pairs(),
        max_links=current.max_links,
        classifier_threshold=current.classifier_threshold if current.classifier_on else None,
    )


def review_new_comment(comment: Any) -> Verdict | None:
    """Hold a new comment when a check trips or the consultation is pre-moderated.

    Returns None (no objection) otherwise. If a check fails, the comment is
    remembered as held by "check_failed" and the error is raised, so the
    core's gate holds it and shows the error to officers.
    """
    _seen[comment] = None
    try:
        found = findings_for(comment.body_text, comment.body_html)
    except Exception:
        _seen[comment] = Hold("check_failed")
        raise
    if found:
        hold = Hold(found[0].rule, checks.as_dicts(found))
    elif mode_for(comment.thread.consultation_id) is Mode.PRE:
        hold = Hold("premoderation")
    else:
        return None
    _seen[comment] = hold
    return Verdict.hold(author_reason(hold.rule, hold.findings))


def _queue_held(session: Session, comment: Any, hold: Hold | None) -> None:
    if hold is None:
        # Another plugin held it: it still needs a moderator.
        hold = Hold("other_check", [{"rule": "other_check", "detail": comment.status_reason or ""}])
    item = ModerationItem(
        comment=comment,
        consultation_id=comment.thread.consultation_id,
        state=ItemState.WAITING,
        cause=Cause.HELD,
        rule=hold.rule,
        findings=hold.findings,
        entered_at=comment.created_at,
        version=1,
    )
    session.add(item)
    session.add(
        ModerationDecision(
            item=item,
            comment=comment,
            consultation_id=comment.thread.consultation_id,
            action="held",
            actor_id=None,
            decided_at=comment.created_at,
            reason=hold.rule,
            old_status="new",
            new_status=CommentStatus.PENDING.value,
            comment_text=comment.body_text,
        )
    )


@event.listens_for(Session, "before_flush")
def _write_holds(session: Session, _context: Any, _instances: Any) -> None:
    """Queue every held comment the gate saw, in the flush that inserts it."""
    if not _seen:
        return
    for instance in list(session.new):
        if isinstance(instance, Comment) and instance in _seen:
            hold = _seen.pop(instance)
            if instance.status == CommentStatus.PENDING:
                _queue_held(session, instance, hold)
