"""Moderation plugin: the automatic checks on a 2,000-character comment, and the queue page.

Runs the real app in-process (no server): the checks as the comment gate runs
them (the officers' word list of 100 entries, links, personal data, the
classifier), then GET /moderation/ as a signed-in moderator with 100 and with
100,000 comments waiting (added with bulk inserts).

    .venv/bin/python bench/moderation_bench.py                     # SQLite in bench/.data
    .venv/bin/python bench/moderation_bench.py --database-url postgresql://postgres@127.0.0.1/bench_moderation

Prints one JSON object; results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, prepare_database  # noqa: E402

#: About 2,000 characters of an ordinary, long comment: numbers, a link, no personal data.
PARAGRAPH = (
    "I have used the central library for 20 years and the proposal to close at 5pm on "
    "weekdays worries me. Many people work until 6pm and the bus from the estate takes 40 "
    "minutes, so we would never get there. The survey on www.example.org says 60% of "
    "users come after work. Please consider opening later on two evenings instead. "
)
COMMENT = (PARAGRAPH * 7)[:2000]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def bench_checks(repeat: int) -> dict[str, float]:
    """Milliseconds per comment for each check and for all of them, as the gate runs them."""
    from consultation_moderation import checks, gate, terms

    from consultation.plugin_api import comment_html, db
    from consultation.testing.factories import make_user

    officer = make_user("officer", email="bench-officer@example.org")
    for n in range(100):
        terms.add_term(f"listedword{n}", officer)
    db.session.commit()
    html = str(comment_html(COMMENT))
    pairs = terms.term_pairs()

    started = time.process_time()
    checks.warm_up()
    cold = time.process_time() - started

    def per_call(function) -> float:
        """CPU seconds per call (wall time on a shared machine mostly measures the others)."""
        function()  # warm caches (compiled patterns)
        start = time.process_time()
        for _ in range(repeat):
            function()
        return (time.process_time() - start) / repeat

    return {
        "comment_characters": len(COMMENT),
        "word_list_entries": len(pairs),
        "classifier_first_load_ms": _ms(cold),
        "personal_data_ms": _ms(per_call(lambda: checks.personal_data(COMMENT))),
        "word_list_ms": _ms(per_call(lambda: checks.find_terms(COMMENT, pairs))),
        "links_ms": _ms(per_call(lambda: checks.count_links(html))),
        "classifier_ms": _ms(per_call(lambda: checks.offensive_probability(COMMENT))),
        # What a new comment costs at the gate: settings and word list read, every check run.
        "all_checks_ms": _ms(per_call(lambda: gate.findings_for(COMMENT, html))),
    }


def seed_waiting(thread, author, count: int) -> None:
    """Add `count` waiting comments (one in five reported, the rest held) with bulk inserts."""
    from consultation_moderation.models import ModerationFlag, ModerationItem
    from sqlalchemy import func, insert, select

    from consultation.plugin_api import Comment, comment_html, db, utcnow

    start = utcnow() - timedelta(days=3)
    first = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
    for chunk in range(0, count, 5000):
        comments, queue, reports = [], [], []
        for n in range(chunk, min(count, chunk + 5000)):
            body = f"Waiting comment {first + n}: ring me on 07911 123456."
            reported = n % 5 == 0
            when = start + timedelta(seconds=n)
            comments.append(
                {
                    "id": first + n,
                    "thread_id": thread.id,
                    "author_id": author.id,
                    "channel": "web",
                    "status": "published" if reported else "pending",
                    "body_text": body,
                    "body_html": str(comment_html(body)),
                    "submission_token": f"bench-{first + n}",
                    "created_at": when,
                    "received_at": when,
                    "updated_at": when,
                }
            )
            queue.append(
                {
                    "comment_id": first + n,
                    "consultation_id": thread.consultation_id,
                    "state": "waiting",
                    "cause": "flagged" if reported else "held",
                    "rule": None if reported else "personal_data",
                    "findings": [] if reported else [{"rule": "personal_data", "detail": "phone"}],
                    "entered_at": when,
                    "version": 1,
                }
            )
            if reported:
                reports.append({"comment_id": first + n, "reason": "spam", "created_at": when})
        db.session.execute(insert(Comment), comments)
        db.session.execute(insert(ModerationItem), queue)
        db.session.execute(insert(ModerationFlag), reports)
        db.session.commit()


def settle(engine) -> None:
    """Update the planner's statistics after the bulk insert, as autovacuum would in time."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("VACUUM ANALYZE moderation_item, moderation_flag, comment")
        else:
            connection.exec_driver_sql("ANALYZE")


def bench_queue(app, sizes: list[int], repeat: int) -> dict[str, dict[str, float]]:
    """Median and 95th-percentile milliseconds of GET /moderation/ at each queue size."""
    from consultation.plugin_api import db
    from consultation.testing.client import FormClient
    from consultation.testing.factories import make_consultation, make_thread, make_user

    make_user("moderator", email="bench-moderator@example.org")
    author = make_user(email="bench-author@example.org")
    thread = make_thread(make_consultation("open", slug="bench-moderation"))
    app.test_client_class = FormClient
    client = app.test_client()
    client.login("bench-moderator@example.org")
    results: dict[str, dict[str, float]] = {}
    waiting = 0
    for size in sizes:
        seed_waiting(thread, author, size - waiting)
        waiting = size
        db.session.commit()
        settle(db.engine)
        for label, url in (
            ("queue", "/moderation/"),
            ("queue_filtered", "/moderation/?reason=spam&state=overdue"),
            ("queue_page_10", "/moderation/?page=10"),
        ):
            client.get(url)
            times, cpu = [], []
            for _ in range(repeat):
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
                assert response.status_code == 200, response.status_code
            times.sort()
            results[f"{label}@{size}"] = {
                "median_ms": _ms(statistics.median(times)),
                "p95_ms": _ms(times[math.ceil(len(times) * 0.95) - 1]),
                # This process's CPU (the app, and SQLite's work; not PostgreSQL's server):
                # barely moved by other load on a shared machine, unlike wall time.
                "median_cpu_ms": _ms(statistics.median(cpu)),
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{DATA / 'moderation.db'}")
    parser.add_argument("--sizes", default="100,100000", help="queue sizes, ascending")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each measurement")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    prepare_database(args.database_url)
    from consultation import create_app
    from consultation.extensions import db
    from consultation.testing.plugins import switch_on

    app = create_app(
        {
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "DATABASE_URL": args.database_url,
            "RATELIMIT_ENABLED": False,
            "PLUGINS": ["moderation"],
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        db.create_all()
        switch_on(["moderation"])
        report = {
            "database": args.database_url.split(":", 1)[0],
            "checks": bench_checks(max(5, args.repeat * 5)),
            "queue": bench_queue(app, sizes, args.repeat),
        }
        db.session.remove()
        db.engine.dispose()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
