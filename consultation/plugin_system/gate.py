"""The publication gate: plugins decide whether a new comment is published or held."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from consultation.comments.services import CommentRefused
from consultation.extensions import db
from consultation.plugin_system.base import SEVERITY, Verdict
from consultation.plugin_system.calling import active_impls, call, log, store_error

HOOK = "comment_pre_publish"


def combine(verdicts: list[Verdict]) -> Verdict:
    """Reject beats hold beats approve; the first (by priority) of the strongest wins."""
    winner = Verdict.approve()
    for verdict in verdicts:
        if SEVERITY[verdict.decision] > SEVERITY[winner.decision]:
            winner = verdict
    return winner


def _ask(plugin: str, impl: Any, comment: Any) -> Verdict | None:
    try:
        # A savepoint, so a failing plugin's half-done writes never reach the comment's commit.
        with db.session.begin_nested():
            verdict = call(impl, {"comment": comment})
        if verdict is not None and not isinstance(verdict, Verdict):
            raise TypeError(f"comment_pre_publish returned {verdict!r}, not a Verdict or None")
        return verdict
    except CommentRefused:
        # A deliberate refusal, not a failure: nothing is stored and the
        # person gets the form back with their text and the plugin's words.
        raise
    except Exception as exc:
        log.error("plugin %s failed in %s; the comment is held", plugin, HOOK, exc_info=exc)
        store_error(plugin, HOOK, exc)
        return Verdict.hold(
            _("An automatic check could not be completed, so a moderator will review this comment.")
        )


def decide(comment: Any) -> tuple[str, str | None]:
    """Return (status, reason) for a new comment from the enabled plugins' verdicts.

    With no plugin answering, the comment is published. The switches are read
    strictly: if they cannot be read, posting fails rather than skipping the gate.
    """
    from consultation.comments.models import CommentStatus

    consultation_id = comment.thread.consultation_id
    verdicts = []
    for loaded, impl in active_impls(HOOK, consultation_id, strict=True):
        verdict = _ask(loaded.name, impl, comment)
        if verdict is not None:
            verdicts.append(verdict)
    winner = combine(verdicts)
    status = {
        "approve": CommentStatus.PUBLISHED,
        "hold": CommentStatus.PENDING,
        "reject": CommentStatus.REJECTED,
    }[winner.decision]
    return status.value, winner.reason
