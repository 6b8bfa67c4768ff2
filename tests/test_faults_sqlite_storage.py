"""SQLite cannot write (read-only file, full disk): a clear error and the text, never a receipt.

Each test uses its own small database file. "Read-only" opens it the way a
file without write permission is opened (SQLite's read-only mode; as root a
chmod would not stop writes). "Disk full" caps the file at its current size
with `PRAGMA max_page_count`, so the next page SQLite needs fails with
SQLITE_FULL exactly as a full disk does.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import event, func, select, text

from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.testing.factories import make_consultation, make_thread, make_user

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="about the SQLite file; the PostgreSQL run covers a lost server instead",
)


@pytest.fixture
def own_file(tmp_path, make_app):
    """A fresh SQLite file with an open thread and a signed-up resident."""
    url = f"sqlite:///{tmp_path / 'small.db'}"
    writer = make_app(DATABASE_URL=url)
    with writer.app_context():
        db.create_all()
        consultation = make_consultation("open")
        thread = make_thread(consultation)
        make_user(email="writer@example.org")
        thread_url = f"/consultations/{consultation.slug}/threads/{thread.id}"
        db.session.remove()
    client = writer.test_client()
    client.login("writer@example.org")
    return tmp_path / "small.db", writer, client, thread_url


def _comments(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Comment.id)))


def _assert_clear_error_and_no_receipt(response, body: str) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "nothing was saved" in page.lower()
    assert body in page, "the person's text comes back"
    assert "has been published" not in page
    assert "awaiting moderation" not in page


def test_read_only_database_file_gives_clear_error_never_a_receipt(own_file, make_app):
    path, writer, signed_in, thread_url = own_file
    reader = make_app(DATABASE_URL=f"sqlite:///file:{path}?mode=ro&uri=true")
    client = reader.test_client()
    client.set_cookie("session", signed_in.get_cookie("session").value)

    page = client.get(thread_url)
    assert page.status_code == 200, "reading still works"
    body = "Please keep the swimming pool open."
    response = client.submit(
        f"{thread_url}/comments", {"body": body, "submission_token": "tok-ro"}, page=thread_url
    )
    _assert_clear_error_and_no_receipt(response, body)
    assert _comments(writer) == 0


def test_full_disk_gives_clear_error_never_a_receipt(own_file, make_app):
    path, writer, signed_in, thread_url = own_file
    full = make_app(DATABASE_URL=f"sqlite:///{path}")
    with full.app_context():

        @event.listens_for(db.engine, "connect")
        def cap_at_current_size(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {int(pages)}")
            cursor.close()

        db.engine.dispose()
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA max_page_count")).scalar() > 0
    client = full.test_client()
    client.set_cookie("session", signed_in.get_cookie("session").value)

    # Longer than a page, so storing it needs pages the file may not grow to.
    body = "We need the youth club on Friday evenings. " * 110
    response = client.submit(
        f"{thread_url}/comments",
        {"body": body, "submission_token": "tok-full"},
        page=thread_url,
    )
    _assert_clear_error_and_no_receipt(response, body.strip()[:200])
    assert _comments(writer) == 0
