"""A resident's own held comments sit in their place on every page, read without slow queries.

The thread page reads published comments from one index range and merges
the reader's own held or rejected ones in apart (an OR of the two would
defeat the index at scale). This checks the merge against the plain query
on every page and in both orders, and the receipt's page number.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.comments import queries
from consultation.comments.models import Comment, CommentStatus
from consultation.comments.services import visible_to
from consultation.extensions import db
from consultation.testing.factories import make_comment, make_consultation, make_thread, make_user


@pytest.fixture
def conversation():
    thread = make_thread(make_consultation("open"))
    reader, other = make_user(), make_user()
    statuses = "PPHPPRPPPHPOPPH"  # P published, H/R the reader's held/rejected, O someone else's
    for n, code in enumerate(statuses):
        author = other if code in "PO" else reader
        comment = make_comment(thread, author, body=f"Comment {n}")
        if code != "P":
            comment.status = {
                "H": CommentStatus.PENDING,
                "R": CommentStatus.REJECTED,
                "O": CommentStatus.PENDING,
            }[code]
    db.session.commit()
    return thread, reader


def _expected(thread, reader, sort: str) -> list[int]:
    order = (
        (Comment.created_at.desc(), Comment.id.desc())
        if sort == "newest"
        else (Comment.created_at, Comment.id)
    )
    return list(
        db.session.scalars(
            select(Comment.id)
            .where(Comment.thread_id == thread.id, Comment.parent_id.is_(None), visible_to(reader))
            .order_by(*order)
        )
    )


@pytest.mark.parametrize("sort", ["oldest", "newest"])
@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 20])
def test_every_page_matches_the_plain_query(app, conversation, sort, per_page):
    thread, reader = conversation
    expected = _expected(thread, reader, sort)
    assert len(expected) == 14  # everything but someone else's held comment
    pages = -(-len(expected) // per_page)
    for page in range(1, pages + 2):
        own = queries._own_held(thread.id, reader)
        got = queries._page_ids(thread, own, sort, per_page, (page - 1) * per_page)
        assert got == expected[(page - 1) * per_page : page * per_page], (page, per_page)
        shown = queries.thread_page(thread, reader, page, sort, per_page)
        assert [node.comment.id for node in shown.nodes] == expected[
            (min(page, pages) - 1) * per_page : min(page, pages) * per_page
        ]


def test_receipt_points_at_the_page_holding_the_comment(app, conversation):
    thread, reader = conversation
    expected = _expected(thread, reader, "oldest")
    for position, comment_id in enumerate(expected):
        comment = db.session.get(Comment, comment_id)
        assert queries.page_of(comment, reader, per_page=4) == position // 4 + 1
