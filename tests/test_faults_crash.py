"""A worker that dies in the middle of posting loses nothing and stores nothing twice.

A child process signs in and posts through the real form, and is killed
(`os._exit`, as a SIGKILL or an OOM kill would end it: no cleanup runs) right
after the comment is flushed, or right after it is committed. The resident's
browser then retries the same form, with the same submission token.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.testing.factories import PASSWORD, make_consultation, make_thread, make_user

#: Exit code of a child that died where the test meant it to.
DIED_ON_PURPOSE = 17

CHILD = r"""
import os, sys
from sqlalchemy import event
from sqlalchemy.orm import Session
from consultation import create_app
from consultation.comments.models import Comment
from consultation.testing.client import FormClient
from consultation.testing.pytest_plugin import test_config

url, email, password, thread_url, token, body, when = sys.argv[1:]
app = create_app(test_config(url))
app.test_client_class = FormClient
client = app.test_client()
client.login(email, password)
flushed = []

@event.listens_for(Session, "after_flush")
def after_flush(session, context):
    if any(isinstance(o, Comment) and o.submission_token == token for o in session.new):
        flushed.append(token)
        if when == "flush":
            os._exit(17)

@event.listens_for(Session, "after_commit")
def after_commit(session):
    if flushed and when == "commit":
        os._exit(17)

client.submit(
    thread_url + "/comments", {"body": body, "submission_token": token}, page=thread_url
)
sys.exit(3)  # not reached when the crash hook fired
"""


@pytest.fixture
def scene(app, database_url):
    """An open thread, a resident, and a way to run a posting worker that dies."""
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    make_user(email="crash@example.org")
    email = "crash@example.org"
    thread_url = f"/consultations/{consultation.slug}/threads/{thread.id}"
    # The child needs the write lock; hold no transaction while it runs.
    db.session.commit()
    db.session.close()

    def run_child(token: str, body: str, when: str) -> int:
        args = [database_url, email, PASSWORD, thread_url, token, body, when]
        done = subprocess.run(
            [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == DIED_ON_PURPOSE, done.stderr[-2000:]
        return done.returncode

    return thread_url, email, run_child


def _stored(token: str) -> list[Comment]:
    db.session.rollback()  # see what other processes committed
    return list(db.session.scalars(select(Comment).where(Comment.submission_token == token)))


def test_worker_killed_between_flush_and_commit_leaves_no_record_and_retry_stores_one(
    scene, client
):
    thread_url, email, run_child = scene
    run_child("tok-flush", "Keep the library open on Sundays.", "flush")
    assert _stored("tok-flush") == []

    client.login(email)
    response = client.submit(
        f"{thread_url}/comments",
        {"body": "Keep the library open on Sundays.", "submission_token": "tok-flush"},
        page=thread_url,
    )
    assert response.status_code == 303
    stored = _stored("tok-flush")
    assert len(stored) == 1
    assert stored[0].body_text == "Keep the library open on Sundays."
    assert db.session.scalar(select(func.count(Comment.id))) == 1


def test_worker_killed_after_commit_retry_lands_on_the_same_receipt(scene, client):
    thread_url, email, run_child = scene
    run_child("tok-commit", "Longer hours on Thursdays, please.", "commit")
    stored = _stored("tok-commit")
    assert len(stored) == 1, "the commit happened before the worker died"

    client.login(email)
    response = client.submit(
        f"{thread_url}/comments",
        {"body": "Longer hours on Thursdays, please.", "submission_token": "tok-commit"},
        page=thread_url,
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{stored[0].id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "We already had this comment" in page
    assert db.session.scalar(select(func.count(Comment.id))) == 1
