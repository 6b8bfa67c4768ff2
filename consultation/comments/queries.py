"""Reading a thread's comments: a fixed number of queries whatever its size.

Every query here is served by an index range (see `Comment.__table_args__`)
and the page's cost does not grow with the thread, except counting: a thread's
published total is counted once and then reused while the thread's newest
`updated_at` (one index lookup) is unchanged, so a thread with 100,000
comments costs what one with 100 does. Every status change and every new
comment sets `updated_at`, so the cached count is never older than the data.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from consultation.auth.models import User
from consultation.comments.models import Comment, CommentStatus
from consultation.comments.services import visible_to
from consultation.consultations.models import Thread
from consultation.extensions import db

#: The orders a reader may pick; anything else falls back to the first.
SORTS = ("oldest", "newest")

#: Longest a cached count is trusted without a change to its thread: a backstop
#: for changes that do not set `updated_at` (rows deleted outright).
COUNT_TTL_SECONDS = 60.0
_COUNTS_KEY = "consultation.comment_counts"


@dataclass
class CommentNode:
    """A top-level comment with its replies (one level deep)."""

    comment: Comment
    replies: list[Comment] = field(default_factory=list)


@dataclass
class ThreadPage:
    """One page of a thread's conversation."""

    nodes: list[CommentNode]
    page: int
    pages: int
    total: int
    sort: str
    per_page: int


def _ordering(sort: str):
    if sort == "newest":
        return (Comment.created_at.desc(), Comment.id.desc())
    return (Comment.created_at.asc(), Comment.id.asc())


def thread_stamps(thread_ids: Iterable[int]) -> dict[int, datetime | None]:
    """The newest `updated_at` of each thread's comments: one index lookup per thread."""
    ids = list(thread_ids)
    if not ids:
        return {}
    newest = (
        select(func.max(Comment.updated_at)).where(Comment.thread_id == Thread.id).scalar_subquery()
    )
    return dict(db.session.execute(select(Thread.id, newest).where(Thread.id.in_(ids))).all())


def _cached(kind: str, thread_id: int, stamp: datetime | None, count: Callable[[], int]) -> int:
    """`count()`, or the value it gave while the thread's stamp was the same."""
    cache: dict = current_app.extensions.setdefault(_COUNTS_KEY, {})
    now = time.monotonic()
    hit = cache.get((kind, thread_id))
    if hit is not None and hit[0] == stamp and now - hit[2] < COUNT_TTL_SECONDS:
        return hit[1]
    value = count()
    cache[(kind, thread_id)] = (stamp, value, now)
    return value


def published_counts(thread_ids: Iterable[int]) -> dict[int, int]:
    """Published comments (replies included) per thread, for lists of threads."""
    stamps = thread_stamps(thread_ids)

    def count(thread_id: int) -> int:
        return (
            db.session.scalar(
                select(func.count()).where(
                    Comment.thread_id == thread_id, Comment.status == CommentStatus.PUBLISHED
                )
            )
            or 0
        )

    return {t: _cached("published", t, s, lambda t=t: count(t)) for t, s in stamps.items()}


def _published_top_level(thread: Thread) -> int:
    """Published top-level comments of `thread` (cached while the thread is unchanged)."""
    stamp = thread_stamps([thread.id]).get(thread.id)
    public = _cached(
        "top_level",
        thread.id,
        stamp,
        lambda: (
            db.session.scalar(
                select(func.count()).where(
                    Comment.thread_id == thread.id,
                    Comment.status == CommentStatus.PUBLISHED,
                    Comment.parent_id.is_(None),
                )
            )
            or 0
        ),
    )
    return public


def _own_held(thread_id: int, viewer: User | None, *where) -> list:
    """(id, created_at) of the viewer's own held or rejected top-level comments: a few rows."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return []
    return list(
        db.session.execute(
            select(Comment.id, Comment.created_at).where(
                Comment.author_id == viewer.id,
                Comment.thread_id == thread_id,
                Comment.parent_id.is_(None),
                Comment.status.in_([CommentStatus.PENDING, CommentStatus.REJECTED]),
                *where,
            )
        )
    )


def _page_ids(thread: Thread, own: list, sort: str, limit: int, offset: int) -> list:
    """Ids of the top-level comments at [offset, offset + limit) of what `viewer` sees.

    Published comments come from one index range. "Published, or the viewer's
    own held ones" in one condition would defeat that index (0.7 s at 100,000
    comments), so the viewer's few held comments are read apart and merged in:
    reading `limit + m` published ones from `offset - m` (m held ones) is
    enough to place every one of them exactly. `own` is `_own_held(...)`.
    """
    start = max(0, offset - len(own))
    public = db.session.execute(
        select(Comment.id, Comment.created_at)
        .where(
            Comment.thread_id == thread.id,
            Comment.parent_id.is_(None),
            Comment.status == CommentStatus.PUBLISHED,
        )
        .order_by(*_ordering(sort))
        .limit(limit + len(own))
        .offset(start)
    ).all()
    if not own:
        return [row.id for row in public]
    newest_first = sort == "newest"

    def before(a, b) -> bool:
        """True when `a` comes before `b` in the page's order."""
        key_a, key_b = (a.created_at, a.id), (b.created_at, b.id)
        return key_a > key_b if newest_first else key_a < key_b

    own.sort(key=lambda r: (r.created_at, r.id), reverse=newest_first)
    placed = [
        (start + i + sum(before(o, row) for o in own), row.id) for i, row in enumerate(public)
    ]
    full = len(public) == limit + len(own)
    for j, held in enumerate(own):
        earlier = sum(before(row, held) for row in public)
        if (earlier == 0 and start > 0) or (earlier == len(public) and full):
            continue  # before or after the window, as far as the rows read show
        placed.append((start + earlier + j, held.id))
    return [cid for position, cid in sorted(placed) if offset <= position < offset + limit]


def thread_page(
    thread: Thread, viewer: User | None, page: int, sort: str, per_page: int
) -> ThreadPage:
    """Top-level comments of `page` with their replies, in a fixed number of queries.

    The total (cached, see the module docstring), the page's top-level ids (an
    index range), those comments and their replies with authors and wards
    joined, and the authors' roles. The ids are fetched first and passed as a
    list: given the subquery inside an OR, PostgreSQL scans the whole table.
    """
    sort = sort if sort in SORTS else SORTS[0]
    visible = visible_to(viewer)
    own = _own_held(thread.id, viewer)
    total = _published_top_level(thread) + len(own)
    pages = max(1, math.ceil(total / per_page))
    page = max(1, page)

    def page_ids(number: int) -> list[int]:
        return _page_ids(thread, own, sort, per_page, (number - 1) * per_page)

    ids = page_ids(page)
    if page > pages and ids:
        # Past a total counted a moment ago: a comment just posted opened this page.
        pages = page
    elif page > pages:
        # Past the end (an old link): show the last page, counting nothing again.
        page = pages
        ids = page_ids(page)
    rows = []
    if ids:
        rows = (
            db.session.scalars(
                select(Comment)
                .options(
                    joinedload(Comment.author).joinedload(User.ward),
                    joinedload(Comment.author).selectinload(User.role_rows),
                )
                .where(visible, Comment.id.in_(ids) | Comment.parent_id.in_(ids))
            )
            .unique()
            .all()
        )
    tops = [c for c in rows if c.parent_id is None]
    tops.sort(key=lambda c: (c.created_at, c.id), reverse=(sort == "newest"))
    nodes = {c.id: CommentNode(c) for c in tops}
    for reply in sorted(
        (c for c in rows if c.parent_id is not None), key=lambda c: (c.created_at, c.id)
    ):
        if reply.parent_id in nodes:
            nodes[reply.parent_id].replies.append(reply)
    return ThreadPage(list(nodes.values()), page, pages, total, sort, per_page)


def page_of(comment: Comment, viewer: User | None, per_page: int, sort: str = "oldest") -> int:
    """The page (oldest first) on which `comment`, or the comment it replies to, appears."""
    anchor = comment
    if comment.parent_id is not None:
        anchor = db.session.get(Comment, comment.parent_id) or comment
    earlier = (Comment.created_at < anchor.created_at) | (
        (Comment.created_at == anchor.created_at) & (Comment.id < anchor.id)
    )
    # Published ones from the page index, the viewer's own held ones apart (see _page_ids).
    before = db.session.scalar(
        select(func.count(Comment.id)).where(
            Comment.thread_id == anchor.thread_id,
            Comment.status == CommentStatus.PUBLISHED,
            Comment.parent_id.is_(None),
            earlier,
        )
    )
    own = len(_own_held(anchor.thread_id, viewer, earlier))
    return ((before or 0) + own) // per_page + 1


def comments_by(user: User) -> list[Comment]:
    """Everything a person wrote, newest first, with where it was posted."""
    return list(
        db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.thread).joinedload(Thread.consultation))
            .where(Comment.author_id == user.id)
            .order_by(Comment.created_at.desc(), Comment.id.desc())
        ).unique()
    )
