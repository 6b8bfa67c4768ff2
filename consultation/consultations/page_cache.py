"""Thread pages for readers who are not signed in, kept for a few seconds.

A consultation that goes viral is read far more than it is written, mostly
by people who are not signed in, and rendering the page (GOV.UK template,
every comment, Babel dates) costs far more than the queries behind it. With
`ANONYMOUS_PAGE_CACHE_SECONDS` above 0, each worker keeps the HTML it
rendered for such a reader and serves it again while all of these hold:

- it is younger than that many seconds;
- the thread's comments have not changed (their newest `updated_at`: one
  index lookup; a new comment, a moderation decision or a withdrawal sets it);
- the consultation and the thread read the same (the consultation's
  `updated_at`, its opening and closing by the clock, the thread's title,
  question and retirement);
- the plugin switches and settings this request reads are the same.

Anything else a page shows (a plugin's own records in a slot, a renamed
author) reaches anonymous readers within those seconds. Whoever is signed
in, or has anything in their session (a message to show, a form token),
always gets a fresh page. On by default for 5 seconds; 0 turns it off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import bindparam, func, select

from consultation.comments.models import Comment
from consultation.consultations.models import Consultation, Thread
from consultation.database import utcnow
from consultation.extensions import db

#: Most pages one worker keeps; a flood of distinct query strings only evicts.
MAX_PAGES = 256
_KEY = "consultation.page_cache"


@dataclass
class _Stored:
    fingerprint: tuple
    body: str
    at: float


def _cacheable() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not current_user.is_authenticated
        and not session  # a flash message or a form token makes the page personal
    )


# Built once, from the tables rather than the mapped classes, and run on the
# session's connection: on a page served from memory, building the statement
# and the ORM's handling of it cost more than the query itself.
_comment, _consultation, _thread = Comment.__table__.c, Consultation.__table__.c, Thread.__table__.c
_FINGERPRINT = (
    select(
        select(func.max(_comment.updated_at))
        .where(_comment.thread_id == _thread.id)
        .scalar_subquery(),
        _consultation.id,
        _consultation.updated_at,
        _consultation.status,
        _consultation.opens_at,
        _consultation.closes_at,
        _thread.title,
        _thread.prompt_html,
        _thread.retired,
    )
    .select_from(
        Thread.__table__.join(Consultation.__table__, _consultation.id == _thread.consultation_id)
    )
    .where(_thread.id == bindparam("thread_id"), _consultation.slug == bindparam("slug"))
)


def _fingerprint(slug: str, thread_id: int) -> tuple | None:
    """What the page depends on, read in one query; None when there is no such thread."""
    from consultation.plugin_system.state import enabled_plugins, snapshot

    row = (
        db.session.connection()
        .execute(_FINGERPRINT, {"thread_id": thread_id, "slug": slug})
        .first()
    )
    if row is None:
        return None
    now = utcnow()
    opened = row.opens_at is not None and row.opens_at <= now
    closed = row.closes_at is not None and row.closes_at <= now
    switches = (tuple(enabled_plugins(row.id)), repr(sorted(snapshot().settings.items())))
    return (*row, opened, closed, switches, str(get_locale()))


def serve(slug: str, thread_id: int, render: Callable[[], Any]) -> Any:
    """The thread page from this worker's memory when still right, else `render()`."""
    seconds = current_app.config.get("ANONYMOUS_PAGE_CACHE_SECONDS", 0)
    if seconds <= 0 or not _cacheable():
        return render()
    fingerprint = _fingerprint(slug, thread_id)
    if fingerprint is None:
        return render()
    pages, lock = current_app.extensions.setdefault(_KEY, (OrderedDict(), threading.Lock()))
    key = request.full_path  # the page links back to itself (sign-in "next")
    now = time.monotonic()
    with lock:
        stored = pages.get(key)
        if stored and stored.fingerprint == fingerprint and now - stored.at < seconds:
            pages.move_to_end(key)
            return stored.body
    result = render()
    body, status = result if isinstance(result, tuple) else (result, 200)
    # Never keep a page that started a session (a form token in it would be someone's).
    if status == 200 and isinstance(body, str) and not session:
        with lock:
            pages[key] = _Stored(fingerprint, body, now)
            pages.move_to_end(key)
            while len(pages) > MAX_PAGES:
                pages.popitem(last=False)
    return result
