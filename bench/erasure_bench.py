"""Data rights: how long one account's erasure and download take on a large database.

Erasure scans text it cannot find by key: the audit log's details and the
outbox (emails to others may name the person). A fresh database holds N
audit events (default 200,000), N/4 outbox messages, N/2 comments by 2,000
residents, and one resident with 50 comments and 20 emails. Then, in one
process per database:

- `download`: `collect.personal_data` for the resident, with its SQL count;
- `erase`: `erasure.erase_account` (keep setting), committed;
- the floor: one bare `SELECT id FROM audit_event WHERE details LIKE …`,
  the scan erasure cannot avoid.

    .venv/bin/python bench/erasure_bench.py                  # SQLite in bench/.data
    .venv/bin/python bench/erasure_bench.py --events 200000 \\
        --postgres-url postgresql://postgres@127.0.0.1/bench_erasure

Prints one JSON object per database; results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, prepare_database  # noqa: E402

EMAIL = "bench.person@example.org"
NAME = "Bench Person"


def _bulk(table, rows_of, total: int) -> None:
    from consultation.extensions import db

    rows = []
    for n in range(total):
        rows.append(rows_of(n))
        if len(rows) == 10_000:
            db.session.execute(table.insert(), rows)
            rows = []
    if rows:
        db.session.execute(table.insert(), rows)
    db.session.commit()


def run_one(database_url: str, events: int) -> dict[str, object]:
    """Seed a database of `events` audit events (and the rest) and time one erasure."""
    prepare_database(database_url)
    from sqlalchemy import event, select, text

    from consultation import create_app
    from consultation.extensions import db

    app = create_app(
        {
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": False,
            "PLUGINS": [],
            "SERVER_NAME": None,
            "ERASURE_COMMENTS": "keep",
        }
    )
    with app.app_context(), app.test_request_context():
        from consultation.audit.models import AuditEvent
        from consultation.auth.models import User
        from consultation.comments.models import Comment
        from consultation.data_rights import collect, erasure
        from consultation.database import utcnow
        from consultation.notifications.models import OutboxMessage
        from consultation.testing.factories import make_consultation, make_thread, make_user

        db.create_all()
        thread = make_thread(make_consultation("open", slug="bench-erasure"))
        person = make_user(email=EMAIL, name=NAME)
        others = [make_user(email=f"r{n}@example.org", name=f"Resident {n}") for n in range(20)]
        now = utcnow()
        _bulk(
            AuditEvent.__table__,
            lambda n: {
                "created_at": now,
                "actor_id": others[n % 20].id,
                "action": "comment.post",
                "target_type": "comment",
                "target_id": str(n),
                "details": {"n": n, "note": f"event {n}"},
            },
            events,
        )
        _bulk(
            OutboxMessage.__table__,
            lambda n: {
                "recipient": others[n % 20].email,
                "user_id": others[n % 20].id,
                "kind": "comment_reply",
                "subject": f"A reply to your comment {n}",
                "body_text": f"Someone replied to comment {n}.",
                "body_html": f"<p>Someone replied to comment {n}.</p>",
                "headers": {},
                "state": "sent",
                "attempts": 1,
                "next_attempt_at": now,
                "created_at": now,
            },
            events // 4,
        )
        _bulk(
            Comment.__table__,
            lambda n: {
                "thread_id": thread.id,
                "author_id": person.id if n < 50 else others[n % 20].id,
                "channel": "web",
                "status": "published",
                "body_text": f"Comment {n}.",
                "body_html": f"<p>Comment {n}.</p>",
                "submission_token": f"bench-erasure-{n}",
                "created_at": now,
                "received_at": now,
                "updated_at": now,
            },
            events // 2,
        )
        _bulk(
            OutboxMessage.__table__,
            lambda n: {
                "recipient": EMAIL,
                "user_id": person.id,
                "kind": "comment_reply",
                "subject": f"To {NAME} {n}",
                "body_text": "Hello.",
                "body_html": "<p>Hello.</p>",
                "headers": {},
                "state": "sent",
                "attempts": 1,
                "next_attempt_at": now,
                "created_at": now,
                "dedupe_key": f"bench-{n}",
            },
            20,
        )
        if database_url.startswith("postgresql"):
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        person = db.session.scalar(select(User).where(User.email == EMAIL))

        statements = 0

        def count(*_args: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(db.engine, "before_cursor_execute", count)
        start = time.perf_counter()
        document = collect.personal_data(person)
        downloaded = time.perf_counter() - start
        download_statements, statements = statements, 0
        assert len(document["comments"]) == 50
        start = time.perf_counter()
        receipt = erasure.erase_account(person)
        erased = time.perf_counter() - start
        erase_statements = statements
        event.remove(db.engine, "before_cursor_execute", count)
        assert receipt.kept == 50 and receipt.emails_deleted == 20

        start = time.perf_counter()
        db.session.execute(
            text("SELECT id FROM audit_event WHERE lower(CAST(details AS TEXT)) LIKE :n"),
            {"n": f"%{EMAIL}%"},
        ).all()
        floor = time.perf_counter() - start
        db.session.remove()
        db.engine.dispose()
    return {
        "database": database_url.split(":", 1)[0],
        "audit_events": events,
        "outbox_messages": events // 4 + 20,
        "comments": events // 2,
        "download_seconds": round(downloaded, 3),
        "download_sql_statements": download_statements,
        "erase_seconds": round(erased, 3),
        "erase_sql_statements": erase_statements,
        "audit_scan_floor_seconds": round(floor, 3),
    }


def main(argv: list[str] | None = None) -> int:
    """Run on SQLite, and on PostgreSQL when a URL is given; print JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--postgres-url", default="")
    args = parser.parse_args(argv)
    urls = [f"sqlite:///{DATA / 'erasure_bench.db'}"]
    if args.postgres_url:
        urls.append(args.postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    for url in urls:
        print(json.dumps(run_one(url, args.events)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
