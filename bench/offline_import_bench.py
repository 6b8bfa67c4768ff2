"""Offline channel: a CSV of 10,000 transcribed forms imported through the real import service.

Each database run is its own process, so its peak memory (ru_maxrss) is the
import's alone: a fresh database, an open consultation with two questions, a
generated CSV with an answer to each (20,000 comments), then the plugin's
`read_rows` → `check_rows` → `import_entries` (every row checked, then all
written in one transaction, as the web page and `flask offline-channel import`
do). The floor is a bare `executemany` INSERT of the same comment rows, text
and HTML already rendered, into the same table.

    .venv/bin/python bench/offline_import_bench.py                    # SQLite in bench/.data
    .venv/bin/python bench/offline_import_bench.py --rows 10000 \\
        --postgres-url postgresql://postgres@127.0.0.1/bench_offline_import

Prints one JSON object per database and a table; results are recorded in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, prepare_database  # noqa: E402

ANSWER = (
    "I use the library after work and the bus from the estate takes 40 minutes; "
    "please keep it open until 7pm on two evenings. Form {n}."
)


def make_csv(rows: int) -> bytes:
    """A filled-in import file: `rows` forms, each answering both questions."""
    out = io.StringIO()
    header = ["paper_reference", "channel", "date_received", "privacy_notice_given"]
    header += ["postcode", "offline_reason", "age_band", "question_1", "question_2"]
    writer = csv.writer(out)
    writer.writerow(header)
    for n in range(rows):
        writer.writerow(
            [
                f"B-{n:06d}",
                ("paper", "phone", "event")[n % 3],
                "2026-11-20",
                "yes",
                "",
                ("no_internet", "prefers_paper", "")[n % 3],
                ("65_74", "", "prefer_not_to_say")[n % 3],
                ANSWER.format(n=n),
                f"Anything else: form {n}.",
            ]
        )
    return out.getvalue().encode()


def _rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_one(database_url: str, rows: int) -> dict[str, object]:
    """Import `rows` forms into a fresh database, then time the bare INSERT of the same rows."""
    prepare_database(database_url)
    from consultation import create_app
    from consultation.extensions import db
    from consultation.testing.plugins import switch_on

    app = create_app(
        {
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": False,
            "PLUGINS": ["offline_channel"],
            "SERVER_NAME": None,
        }
    )
    with app.app_context(), app.test_request_context():
        from consultation_offline_channel import csv_import
        from consultation_offline_channel.models import OfflineResponse
        from sqlalchemy import func, insert, select

        from consultation.plugin_api import Comment, comment_html, utcnow
        from consultation.testing.factories import make_consultation, make_thread, make_user

        db.create_all()
        switch_on(["offline_channel"])
        staff = make_user("assisted_digital", email="bench-staff@example.org")
        consultation = make_consultation("open", slug="bench-offline-import")
        make_thread(consultation, title="What do you think of the library hours?")
        make_thread(consultation, title="Anything else?")
        db.session.commit()
        data = make_csv(rows)
        rss_before = _rss_mib()

        start, start_cpu = time.perf_counter(), time.process_time()
        entries, problems = csv_import.check_rows(consultation, csv_import.read_rows(data))
        checked = time.perf_counter() - start
        assert not problems, problems[:3]
        added, skipped = csv_import.import_entries(consultation, entries, staff)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - start_cpu
        rss_after = _rss_mib()
        comments = db.session.scalar(select(func.count(Comment.id)))
        stored = db.session.scalar(select(func.count(OfflineResponse.id)))
        assert (added, skipped, stored, comments) == (rows, 0, rows, 2 * rows)

        # The floor: the same comment rows, rendered beforehand, in one executemany INSERT.
        floor_thread = make_thread(consultation, title="Floor")
        db.session.commit()
        now = utcnow()
        bare = []
        for comment in db.session.scalars(select(Comment).order_by(Comment.id)).all():
            bare.append(
                {
                    "thread_id": floor_thread.id,
                    "channel": comment.channel,
                    "status": comment.status,
                    "body_text": comment.body_text,
                    "body_html": str(comment_html(comment.body_text)),
                    "submission_token": f"floor-{comment.id}",
                    "entered_by_id": staff.id,
                    "created_at": now,
                    "received_at": comment.received_at,
                    "updated_at": now,
                }
            )
        db.session.expunge_all()
        floor_start = time.perf_counter()
        db.session.execute(insert(Comment), bare)
        db.session.commit()
        floor = time.perf_counter() - floor_start
        db.session.remove()
        db.engine.dispose()
    return {
        "database": database_url.split(":", 1)[0],
        "rows": rows,
        "comments": 2 * rows,
        "check_seconds": round(checked, 2),
        "import_seconds": round(seconds, 2),
        "import_cpu_seconds": round(cpu, 2),
        "rows_per_second": round(rows / seconds, 1),
        "peak_rss_mib": rss_after,
        "rss_before_import_mib": rss_before,
        "executemany_seconds": round(floor, 3),
        "ratio_to_executemany": round(seconds / floor, 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=f"sqlite:///{DATA / 'offline_import.db'}")
    parser.add_argument("--postgres-url", help="also run on this PostgreSQL database (own)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.database_url, args.rows)))
        return
    results = []
    for url in filter(None, (args.database_url, args.postgres_url)):
        # A process per database: ru_maxrss is then this import's peak, nothing else's.
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--rows", str(args.rows), "--database-url", url],
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
    columns = "database, rows, comments, import s, rows/s, peak RSS MiB, executemany s, ratio"
    print("| " + " | ".join(columns.split(", ")) + " |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['database']} | {r['rows']} | {r['comments']} | {r['import_seconds']} "
            f"| {r['rows_per_second']} | {r['peak_rss_mib']} | {r['executemany_seconds']} "
            f"| {r['ratio_to_executemany']} |"
        )


if __name__ == "__main__":
    main()
