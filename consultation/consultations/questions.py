"""Managing a consultation's threads (questions): add, edit, reorder, retire.

Questions may change until the consultation closes; after that they are what
residents answered and stay as they were. A retired question takes no new
comments but keeps, and shows, the comments it has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consultation.audit.services import record
from consultation.comments.models import Comment
from consultation.consultations.editing import EditRefused
from consultation.consultations.lifecycle import lock
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.sanitiser import markdown_html, plain_excerpt


def check_questions_editable(consultation: Consultation, now: datetime | None = None) -> None:
    """Raise EditRefused once the consultation has closed."""
    state = consultation.state(now or utcnow())
    if state in (Lifecycle.CLOSED, Lifecycle.OUTCOME_PUBLISHED):
        raise EditRefused(
            {"title": _("This consultation has closed, so its questions can no longer be changed")}
        )


def _check_text(title: str) -> None:
    if not title:
        raise EditRefused({"title": _("Enter the question")})


def add_thread(
    consultation: Consultation,
    title: str,
    prompt: str,
    *,
    token: str | None = None,
    now: datetime | None = None,
) -> tuple[Thread, bool]:
    """Add a question at the end; returns (thread, created). A repeated `token` finds the first."""
    if token:
        existing = db.session.scalar(select(Thread).where(Thread.submission_token == token))
        if existing is not None:
            return existing, False
    lock(consultation)
    check_questions_editable(consultation, now)
    _check_text(title)
    from flask_login import current_user

    last = db.session.scalar(
        select(func.max(Thread.position)).where(Thread.consultation_id == consultation.id)
    )
    thread = Thread(
        consultation_id=consultation.id,
        title=title,
        prompt=prompt,
        prompt_html=str(markdown_html(prompt)),
        position=(last if last is not None else -1) + 1,
        submission_token=token or None,
        created_by_id=current_user.id if current_user.is_authenticated else None,
    )
    db.session.add(thread)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(select(Thread).where(Thread.submission_token == token))
        if existing is None:
            raise
        return existing, False
    record("thread.create", thread, title=title)
    db.session.commit()
    return thread, True


def edit_thread(thread: Thread, title: str, prompt: str, *, now: datetime | None = None) -> bool:
    """Change a question's wording; returns False when nothing changed."""
    lock(thread.consultation)
    check_questions_editable(thread.consultation, now)
    _check_text(title)
    if (title, prompt) == (thread.title, thread.prompt):
        return False
    before = {"title": thread.title, "prompt": plain_excerpt(thread.prompt, 80)}
    thread.title = title
    thread.prompt = prompt
    thread.prompt_html = str(markdown_html(prompt))
    record(
        "thread.edit",
        thread,
        before=before,
        after={"title": title, "prompt": plain_excerpt(prompt, 80)},
    )
    db.session.commit()
    return True


def move_thread(thread: Thread, direction: str, *, now: datetime | None = None) -> bool:
    """Swap a question with its neighbour ("up" or "down"); False at either end."""
    consultation = thread.consultation
    lock(consultation)
    check_questions_editable(consultation, now)
    ordered = sorted(consultation.threads, key=lambda t: (t.position, t.id))
    index = ordered.index(thread)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    before = [t.id for t in sorted(consultation.threads, key=lambda t: (t.position, t.id))]
    for position, item in enumerate(ordered):
        item.position = position
    record("thread.move", thread, direction=direction, before=before, after=[t.id for t in ordered])
    db.session.commit()
    return True


def set_retired(thread: Thread, retired: bool, *, now: datetime | None = None) -> bool:
    """Retire a question (no new comments, comments kept) or bring it back."""
    lock(thread.consultation)
    check_questions_editable(thread.consultation, now)
    if thread.retired == retired:
        return False
    thread.retired = retired
    record("thread.retire" if retired else "thread.restore", thread)
    db.session.commit()
    return True


@dataclass
class ResponsesPage:
    """One page of every response to a question, for council staff."""

    comments: list[Comment]
    page: int
    pages: int
    total: int


def responses_page(thread: Thread, page: int, per_page: int) -> ResponsesPage:
    """Every comment in `thread` whatever its status, oldest first, one page at a time."""
    total = (
        db.session.scalar(select(func.count(Comment.id)).where(Comment.thread_id == thread.id)) or 0
    )
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.thread_id == thread.id)
        .order_by(Comment.created_at, Comment.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return ResponsesPage(list(comments), page, pages, total)
