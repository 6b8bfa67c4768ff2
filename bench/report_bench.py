"""Decision report: how long the report takes to build and draw for a large consultation.

A fresh database holds one closed consultation with five questions, twelve
wards and N responses (default 100,000) spread over six channels, the wards
(one in eight with no ward) and 60 days. Then, in one process per database:

- `build`: `services.build` (every count, the costs, the plugin sections: none
  loaded here), with the number of SQL statements it ran;
- `render`: the page's body with its four pygal charts and tables (first and
  second time: the first also loads pygal and compiles the templates);
- the floor: the three GROUP BY queries (channel, ward, thread) alone.

    .venv/bin/python bench/report_bench.py                    # SQLite in bench/.data
    .venv/bin/python bench/report_bench.py --responses 100000 \\
        --postgres-url postgresql://postgres@127.0.0.1/bench_report

Prints one JSON object per database and a table; results are recorded in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, prepare_database  # noqa: E402

CHANNELS = ("web", "web", "web", "paper", "phone", "event", "letter", "email")


def _rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_one(database_url: str, responses: int) -> dict[str, object]:
    """Seed `responses` comments into a fresh database and time the report over them."""
    prepare_database(database_url)
    from sqlalchemy import event, func, insert, select

    from consultation import create_app
    from consultation.extensions import db

    app = create_app(
        {
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": False,
            "PLUGINS": [],
            "SERVER_NAME": None,
        }
    )
    with app.app_context(), app.test_request_context():
        from consultation.auth.models import Ward
        from consultation.comments.models import Comment
        from consultation.consultations.models import Thread
        from consultation.database import utcnow
        from consultation.reports import services
        from consultation.reports.views import render_body
        from consultation.testing.factories import make_consultation, make_thread

        db.create_all()
        consultation = make_consultation("closed", slug="bench-report", title="Bench report")
        threads = [make_thread(consultation, title=f"Question {n}") for n in range(5)]
        wards = [
            Ward(code=f"E0599{n:04d}", name=f"Ward {n}", population=5000 + 300 * n)
            for n in range(12)
        ]
        db.session.add_all(wards)
        db.session.commit()
        start_day = utcnow() - timedelta(days=61)
        rows = []
        for n in range(responses):
            rows.append(
                {
                    "thread_id": threads[n % 5].id,
                    "channel": CHANNELS[n % len(CHANNELS)],
                    "ward_id": None if n % 8 == 0 else wards[n % 12].id,
                    "status": "published",
                    "body_text": f"Response {n}.",
                    "body_html": f"<p>Response {n}.</p>",
                    "submission_token": f"bench-report-{n}",
                    "created_at": start_day + timedelta(minutes=n % 86_400),
                    "received_at": start_day + timedelta(minutes=(n * 7) % 86_400),
                    "updated_at": start_day,
                }
            )
            if len(rows) == 10_000:
                db.session.execute(insert(Comment), rows)
                rows = []
        if rows:
            db.session.execute(insert(Comment), rows)
        db.session.commit()
        db.session.expunge_all()
        consultation = db.session.merge(consultation)

        statements = 0

        def count(*_args: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(db.engine, "before_cursor_execute", count)
        rss_before = _rss_mib()
        start = time.perf_counter()
        report = services.build(consultation)
        built = time.perf_counter() - start
        built_statements = statements
        start = time.perf_counter()
        html = render_body(report, live=True)
        rendered = time.perf_counter() - start
        # Again: the first render also pays for loading pygal and compiling the templates.
        start = time.perf_counter()
        render_body(report, live=True)
        rendered_again = time.perf_counter() - start
        event.remove(db.engine, "before_cursor_execute", count)
        assert report.total == responses, (report.total, responses)

        # The floor: the three grouped counts alone.
        start = time.perf_counter()
        for column in (Comment.channel, Comment.ward_id, Comment.thread_id):
            db.session.execute(
                select(column, func.count(Comment.id))
                .join(Thread, Thread.id == Comment.thread_id)
                .where(Thread.consultation_id == consultation.id)
                .group_by(column)
            ).all()
        floor = time.perf_counter() - start
        db.session.remove()
        db.engine.dispose()
    return {
        "database": database_url.split(":", 1)[0],
        "responses": responses,
        "build_seconds": round(built, 3),
        "build_sql_statements": built_statements,
        "render_seconds": round(rendered, 3),
        "render_again_seconds": round(rendered_again, 3),
        "page_kib": round(len(html.encode()) / 1024, 1),
        "group_by_floor_seconds": round(floor, 3),
        "ratio_build_to_floor": round(built / floor, 1),
        "peak_rss_mib": _rss_mib(),
        "rss_before_report_mib": rss_before,
        "load_average": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--database-url", default=f"sqlite:///{DATA / 'report.db'}")
    parser.add_argument("--postgres-url", help="also run on this PostgreSQL database (own)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.database_url, args.responses)))
        return
    results = []
    for url in filter(None, (args.database_url, args.postgres_url)):
        # A process per database: ru_maxrss is then this run's peak, nothing else's.
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--responses",
                str(args.responses),
                "--database-url",
                url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(f"run on {url.split(':', 1)[0]} failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        print(json.dumps(result, indent=2))
    print()
    columns = (
        "database, responses, build s, SQL statements, render s (first), render s (again), "
        "floor s, ratio, peak RSS MiB"
    )
    print("| " + " | ".join(columns.split(", ")) + " |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['database']} | {r['responses']} | {r['build_seconds']} "
            f"| {r['build_sql_statements']} | {r['render_seconds']} | {r['render_again_seconds']} "
            f"| {r['group_by_floor_seconds']} | {r['ratio_build_to_floor']} | {r['peak_rss_mib']} |"
        )


if __name__ == "__main__":
    main()
