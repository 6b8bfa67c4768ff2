"""Posting comments: the one place that decides a comment's status.

A comment is stored once per submission token, in one transaction with
anything the status decision adds, and announced to plugins after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.auth.models import User
from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.sanitiser import comment_html


class CommentRefused(Exception):
    """The comment cannot be accepted; `message` says why, in words for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Receipt:
    """What the person is told after their comment is safely stored."""

    comment: Comment
    created: bool  #: False when the token had been used: the earlier comment is returned


def _existing(token: str) -> Comment | None:
    return db.session.scalar(select(Comment).where(Comment.submission_token == token))


def _receipt_for_existing(
    existing: Comment, author: User | None, entered_by: User | None
) -> Receipt:
    owner = author.id if author else None
    enterer = entered_by.id if entered_by else None
    if existing.author_id != owner or existing.entered_by_id != enterer:
        raise CommentRefused("This form has already been used. Reload the page and try again.")
    return Receipt(existing, created=False)


def check_can_comment(consultation: Consultation, thread: Thread, parent: Comment | None) -> None:
    """Raise CommentRefused unless a new comment may go into `thread` now."""
    from flask_babel import gettext as _

    state = consultation.state()
    if state in (Lifecycle.DRAFT, Lifecycle.SCHEDULED):
        raise CommentRefused(
            _("This consultation has not opened yet, so your comment was not posted.")
        )
    if state is not Lifecycle.OPEN:
        raise CommentRefused(_("This consultation closed, so your comment was not posted."))
    if thread.retired:
        raise CommentRefused(_("This question no longer takes comments."))
    if parent is not None and (parent.thread_id != thread.id or parent.parent_id is not None):
        raise CommentRefused(_("You can only reply to a comment in this question."))


def check_author_may_comment(author: User | None) -> None:
    """Raise CommentRefused when the site requires a confirmed email address the author lacks."""
    from flask_babel import gettext as _

    from consultation.notifications.tokens import must_verify_to_comment

    if must_verify_to_comment(author):
        raise CommentRefused(
            _(
                "Confirm your email address before you comment: follow the link we emailed to "
                "%(email)s. You can ask for a new link on your email notifications page.",
                email=author.email,
            )
        )


def initial_status(comment: Comment) -> tuple[str, str | None]:
    """Decide whether a new comment is published or held, and why.

    The gate hook (`comment_pre_publish`) plugs in here; with no plugin
    answering, comments are published.
    """
    from consultation.plugin_system.gate import decide

    return decide(comment)


def post_comment(
    *,
    thread: Thread,
    body: str,
    token: str,
    author: User | None,
    parent: Comment | None = None,
    channel: str = "web",
    entered_by: User | None = None,
    respondent_name: str | None = None,
    received_at=None,
    enforce_open: bool = True,
    ward_id: int | None = None,
    commit: bool = True,
) -> Receipt:
    """Store a comment exactly once for `token` and return its receipt.

    A second call with the same token (a double click, a retry after a
    timeout) returns the first comment instead of storing another. `ward_id`
    defaults to the author's ward; the offline channel passes the ward of the
    respondent's postcode.

    With `commit=False` the comment is only flushed, so a caller can store
    many comments in one transaction (the offline channel's CSV import: all
    rows or none). The caller then commits (or rolls back) itself, and after
    its commit calls `announce_posted(receipts)` so plugins hear of what was
    stored. A token clash is not recovered from on this path: the
    IntegrityError reaches the caller, whose whole transaction fails.
    """
    existing = _existing(token)
    if existing is not None:
        return _receipt_for_existing(existing, author, entered_by)
    if enforce_open:
        check_can_comment(thread.consultation, thread, parent)
    if channel == "web" and entered_by is None:
        check_author_may_comment(author)
    now = utcnow()
    comment = Comment(
        thread_id=thread.id,
        parent_id=parent.id if parent else None,
        author_id=author.id if author else None,
        entered_by_id=entered_by.id if entered_by else None,
        respondent_name=respondent_name,
        channel=channel,
        ward_id=ward_id if ward_id is not None else (author.ward_id if author else None),
        body_text=body,
        body_html=str(comment_html(body)),
        submission_token=token,
        created_at=now,
        received_at=received_at or now,
        updated_at=now,
    )
    comment.thread = thread
    comment.author = author
    comment.status, comment.status_reason = initial_status(comment)
    db.session.add(comment)
    if not commit:
        db.session.flush()
        if parent is not None:
            from consultation.notifications.messages import notify_reply

            notify_reply(comment, parent)
        return Receipt(comment, created=True)
    try:
        db.session.flush()
        if parent is not None:
            from consultation.notifications.messages import notify_reply

            # In this transaction: the email is stored with the reply, or neither is.
            notify_reply(comment, parent)
        db.session.commit()
    except IntegrityError:
        # Another request with the same token won the race: answer with its comment.
        db.session.rollback()
        existing = _existing(token)
        if existing is None:
            raise
        return _receipt_for_existing(existing, author, entered_by)
    from consultation.plugin_system.events import announce_comment_stored

    announce_comment_stored(comment)
    return Receipt(comment, created=True)


def announce_posted(receipts: Iterable[Receipt]) -> None:
    """Tell plugins about comments stored with `post_comment(commit=False)`.

    Call once the caller's transaction has committed; receipts of comments
    that were already there (a reused token) are not announced again.
    """
    from consultation.plugin_system.events import announce_comment_stored

    for receipt in receipts:
        if receipt.created:
            announce_comment_stored(receipt.comment)


def _body_values(body: str) -> dict[str, str]:
    """A comment's text and its sanitised HTML: the one place new text is rendered."""
    return {"body_text": body, "body_html": str(comment_html(body))}


def correct_body(comment: Comment, body: str) -> None:
    """Put corrected text on a stored comment, in the caller's transaction; status unchanged.

    For staff correcting their own transcription of a response received
    offline (the offline channel's corrections, which keep the earlier text
    and audit the change). The caller commits. The status stays as it is: the
    core re-moderates edited text only where a plugin moves the comment
    through its queue (the moderation plugin's resubmission), and a held
    comment stays held, so moderators read the corrected text.
    """
    for name, value in (_body_values(body) | {"updated_at": utcnow()}).items():
        setattr(comment, name, value)
    db.session.flush()


def change_status(
    comment: Comment,
    new_status: str,
    *,
    reason: str | None = None,
    actor: User | None = None,
    expected: str | None = None,
    body: str | None = None,
) -> bool:
    """Change a stored comment's status, commit, then tell plugins; the one place that does.

    Used after a comment was posted: moderation decisions, hiding, restoring,
    a resubmission (which brings new `body` text, sanitised here). Whatever
    the caller added to the session (its decision record, audit event, email)
    is committed with the change. The UPDATE is conditional on the status
    still being `expected` (default: the status the caller read), so of two
    people acting at once only one changes it: False means someone else
    changed it first, and everything is rolled back. `comment_status_changed`
    (and `comment_published`) are announced after commit.
    """
    from sqlalchemy import update

    from consultation.plugin_system.events import announce_status_change

    old_status = str(expected if expected is not None else comment.status)
    values: dict[str, object] = {
        "status": str(new_status),
        "status_reason": reason,
        # The thread page's cached counts are trusted while updated_at stands still.
        "updated_at": utcnow(),
    }
    if body is not None:
        values |= _body_values(body)
    changed = db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id, Comment.status == old_status)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if changed != 1:
        db.session.rollback()
        return False
    db.session.commit()
    if old_status != str(new_status):
        announce_status_change(comment, old_status, str(new_status), actor)
    return True


def visible_to(user: User | None):
    """SQL condition: comments the public sees, plus the viewer's own held or rejected ones."""
    from sqlalchemy import and_, or_

    public = Comment.status == CommentStatus.PUBLISHED
    if user is None or not getattr(user, "is_authenticated", False):
        return public
    own = and_(
        Comment.author_id == user.id,
        Comment.status.in_([CommentStatus.PENDING, CommentStatus.REJECTED]),
    )
    return or_(public, own)
