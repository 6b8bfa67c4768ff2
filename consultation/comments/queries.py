"""Reading a thread's comments: a fixed number of queries whatever its size."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from consultation.auth.models import User
from consultation.comments.models import Comment
from consultation.comments.services import visible_to
from consultation.consultations.models import Thread
from consultation.extensions import db

#: The orders a reader may pick; anything else falls back to the first.
SORTS = ("oldest", "newest")


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


def thread_page(
    thread: Thread, viewer: User | None, page: int, sort: str, per_page: int
) -> ThreadPage:
    """Top-level comments of `page` with their replies, in three queries.

    One count, one query for the page's comments and all their replies with
    authors and wards joined, and one for the authors' roles.
    """
    sort = sort if sort in SORTS else SORTS[0]
    visible = visible_to(viewer)
    top_level = (Comment.thread_id == thread.id, Comment.parent_id.is_(None), visible)
    total = db.session.scalar(select(func.count(Comment.id)).where(*top_level)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    page_ids = (
        select(Comment.id)
        .where(*top_level)
        .order_by(*_ordering(sort))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = (
        db.session.scalars(
            select(Comment)
            .options(
                joinedload(Comment.author).joinedload(User.ward),
                joinedload(Comment.author).selectinload(User.role_rows),
            )
            .where(
                visible,
                (Comment.id.in_(page_ids)) | (Comment.parent_id.in_(page_ids)),
            )
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
    before = db.session.scalar(
        select(func.count(Comment.id)).where(
            Comment.thread_id == anchor.thread_id,
            Comment.parent_id.is_(None),
            visible_to(viewer),
            (Comment.created_at < anchor.created_at)
            | ((Comment.created_at == anchor.created_at) & (Comment.id < anchor.id)),
        )
    )
    return (before or 0) // per_page + 1


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
