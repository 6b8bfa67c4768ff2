"""A double click, a retry, a crowd: simultaneous posts store exactly what was sent.

Ten requests carrying one form's submission token arrive at once on two app
"workers" (separate engines, as two gunicorn processes would have): one
comment is stored and every request is answered with it. Eight writers
posting as fast as they can on SQLite never meet "database is locked".
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from sqlalchemy import func, select

from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.testing.factories import make_consultation, make_thread, make_user

WRITERS = 8
WRITING_SECONDS = 3.0


def signed_in_clients(apps, count: int, email: str) -> list:
    """`count` clients spread over `apps`, all carrying one signed-in session cookie."""
    first = apps[0].test_client()
    first.login(email)
    cookie = first.get_cookie("session")
    clients = []
    for n in range(count):
        client = apps[n % len(apps)].test_client()
        client.set_cookie("session", cookie.value, domain=cookie.domain)
        clients.append(client)
    return clients


def run_together(jobs) -> list:
    """Run the callables on threads released at the same moment; their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(n: int) -> None:
        barrier.wait()
        try:
            results[n] = jobs[n]()
        except Exception as error:  # reported as a result: the test says which one failed
            results[n] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_ten_simultaneous_posts_with_one_submission_token_store_one_comment(app, make_app):
    thread = make_thread(make_consultation("open"))
    person = make_user()
    url = f"/consultations/{thread.consultation.slug}/threads/{thread.id}"
    workers = [app, make_app()]
    clients = signed_in_clients(workers, 10, person.email)
    token = clients[0].csrf_token(url)
    db.session.commit()  # the test holds no transaction while the workers write

    def post(client):
        return lambda: client.post(
            url + "/comments",
            data={
                "body": "Clicked many times",
                "submission_token": "one-form",
                "csrf_token": token,
            },
        )

    responses = run_together([post(client) for client in clients])

    failures = [r for r in responses if isinstance(r, Exception)]
    assert failures == []
    assert Counter(r.status_code for r in responses) == {303: 10}
    [comment_id] = db.session.scalars(
        select(Comment.id).where(Comment.submission_token == "one-form")
    ).all()
    assert {r.headers["Location"].rsplit("#", 1)[1] for r in responses} == {f"comment-{comment_id}"}
    assert db.session.scalar(select(func.count(Comment.id))) == 1


def test_eight_writers_on_sqlite_for_seconds_never_see_database_is_locked(make_app, tmp_path):
    # SQLite whatever TEST_DATABASE_URL says: the busy timeout and BEGIN IMMEDIATE
    # exist for SQLite, so that is where they are proven.
    sqlite_app = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'writers.db'}")
    with sqlite_app.app_context():
        db.create_all()
        thread = make_thread(make_consultation("open"))
        url = f"/consultations/{thread.consultation.slug}/threads/{thread.id}"
        email = make_user().email
    clients = signed_in_clients([sqlite_app], WRITERS, email)
    token = clients[0].csrf_token(url)
    deadline = time.monotonic() + WRITING_SECONDS

    def write(n: int, client):
        def keep_writing() -> Counter:
            answers: Counter = Counter()
            sent = 0
            while time.monotonic() < deadline:
                response = client.post(
                    url + "/comments",
                    data={
                        "body": f"Writer {n}, comment {sent}",
                        "submission_token": f"w{n}-{sent}",
                        "csrf_token": token,
                    },
                )
                html = response.get_data(as_text=True)
                answers["locked" if "database is locked" in html else response.status_code] += 1
                sent += 1
            return answers

        return keep_writing

    results = run_together([write(n, client) for n, client in enumerate(clients)])

    assert [r for r in results if isinstance(r, Exception)] == []
    answers = sum(results, Counter())
    assert set(answers) == {303}, answers
    with sqlite_app.app_context():
        stored = db.session.scalar(select(func.count(Comment.id)))
    assert stored == answers[303] >= WRITERS
