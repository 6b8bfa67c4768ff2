"""A busy thread costs the database no more than a quiet one.

The thread page runs a fixed number of SQL statements — at most 10 — whether
the thread has 5 comments or 500, signed out or signed in, counted with a
SQLAlchemy event listener on the engine.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from consultation.auth.models import User, UserRole
from consultation.comments.models import Comment, CommentStatus
from consultation.database import utcnow
from consultation.extensions import db
from consultation.sanitiser import comment_html
from consultation.testing.factories import make_consultation, make_thread, make_user, make_ward

MAX_QUERIES = 10


@contextmanager
def counted_statements():
    """Collect the SQL statements the engine runs inside the block."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def fill(thread, authors, viewer, top_level: int) -> None:
    """`top_level` comments by `authors`, every third with two replies, plus the viewer's
    own comment awaiting moderation."""
    start = utcnow() - timedelta(days=2)
    n = 0

    def comment(author, parent=None, status=CommentStatus.PUBLISHED):
        nonlocal n
        n += 1
        text = f"Comment {n} with a link https://example.org/{n}"
        return Comment(
            thread_id=thread.id,
            parent=parent,
            author_id=author.id,
            body_text=text,
            body_html=str(comment_html(text)),
            submission_token=f"q-{thread.id}-{n}",
            status=status,
            created_at=start + timedelta(seconds=n),
        )

    for i in range(top_level):
        top = comment(authors[i % len(authors)])
        db.session.add(top)
        if i % 3 == 0:
            db.session.add_all([comment(authors[(i + 1) % len(authors)], top) for _ in range(2)])
    db.session.add(comment(viewer, status=CommentStatus.PENDING))
    db.session.commit()


def crowd(size: int, like: User, wards: list) -> list[User]:
    """`size` authors, every fifth a councillor for one of `wards` (stored directly: they
    never sign in, so they share one password hash)."""
    people = []
    for n in range(size):
        councillor = n % 5 == 1
        person = User(
            email=f"crowd{n}@example.org",
            display_name=f"Neighbour {n}",
            password_hash=like.password_hash,
            ward_id=wards[n % len(wards)].id if councillor else None,
        )
        person.role_rows = [UserRole(role="councillor" if councillor else "resident")]
        people.append(person)
    db.session.add_all(people)
    db.session.commit()
    return people


@pytest.fixture
def threads(app):
    """Two questions, with 5 comments by 3 people and 500 by 40, and a reader who wrote
    in both. A query per author, ward or role would make the busy page cost more."""
    wards = [make_ward(name="North Ward"), make_ward(), make_ward()]
    viewer = make_user()
    consultation = make_consultation("open")
    quiet, busy = make_thread(consultation), make_thread(consultation)
    fill(quiet, crowd(40, viewer, wards)[:3], viewer, 5)
    fill(busy, db.session.scalars(select(User).where(User.id != viewer.id)).all(), viewer, 500)
    return consultation, quiet, busy, viewer


def statements_for(client, url: str) -> list[str]:
    """The SQL one request runs (transaction control left out: PostgreSQL's driver
    begins implicitly, SQLite's BEGIN is a statement, and neither is a query)."""
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return [s for s in statements if s.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK")]


#: Pages of each thread to compare: (query string, given that thread's number of pages).
PAGES = {
    "first page": lambda pages: "",
    "last page": lambda pages: f"?page={pages}",
    "newest first": lambda pages: "?sort=newest",
    "newest first, last page": lambda pages: f"?sort=newest&page={pages}",
    "past the end": lambda pages: "?page=999",
}


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "signed in"])
def test_the_thread_page_runs_the_same_few_queries_for_5_or_500_comments(
    client, threads, signed_in
):
    consultation, quiet, busy, viewer = threads
    if signed_in:
        client.login(viewer.email)
    base = f"/consultations/{consultation.slug}/threads/"
    # 500 published comments make 25 pages; the reader's own held one makes a 26th.
    busy_pages = 26 if signed_in else 25
    problems = []
    for which, query in PAGES.items():
        quiet_statements = statements_for(client, base + f"{quiet.id}{query(1)}")
        busy_statements = statements_for(client, base + f"{busy.id}{query(busy_pages)}")
        if len(busy_statements) > MAX_QUERIES:
            problems.append(
                f"{which}: {len(busy_statements)} queries\n" + "\n".join(busy_statements)
            )
        if len(busy_statements) != len(quiet_statements):
            problems.append(
                f"{which}: {len(quiet_statements)} for 5, {len(busy_statements)} for 500"
            )
    assert problems == []


def test_the_busy_page_really_shows_comments_replies_and_badges(client, threads):
    consultation, quiet, busy, viewer = threads
    client.login(viewer.email)
    url = f"/consultations/{consultation.slug}/threads/{busy.id}"
    html = client.get(url).get_data(as_text=True)
    # 20 comments a page; every third of them has two replies.
    assert html.count('class="app-comment ') == 20 + 7 * 2
    assert "Councillor for North Ward" in html
    newest = client.get(url + "?sort=newest").get_data(as_text=True)
    assert "Awaiting moderation – only you can see this" in newest
