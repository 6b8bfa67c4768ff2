"""Export benchmark: 100,000 responses as CSV through the real export, against a bare loop.

Seeds one consultation with N responses (bench/seed.py, every comment in the
hot consultation), switches every installed plugin on (their export columns
included), then measures, each in a fresh process so its peak memory is its
own:

- **app**: the officer's export as the app serves it: a signed-in officer
  posts the export form (CSRF, roles, the audit event) and the streamed
  response is read piece by piece, as a server would send it, through
  Flask's test client (no network, so the figure is the app's own cost);
- **bare**: the floor: the same query (same joins and columns, no keyset
  chunks, no plugin columns, no neutralising) run on a plain DB-API cursor
  (a server-side cursor on PostgreSQL) straight into `csv.writer`.

Printed per path: seconds, rows per second, the process's peak RSS, and its
RSS before the export and after the first tenth of the rows (constant memory
means the peak stays near the early figure however many rows follow), and
app ÷ bare rows per second.

    .venv/bin/python bench/export_bench.py --comments 100000
    .venv/bin/python bench/export_bench.py --comments 100000 \\
        --database-url postgresql://postgres@127.0.0.1:5432/bench_export
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import APP_DIR, DATA, SECRET_KEY, app_env, enable_all_plugins, load_average  # noqa: E402
from seed import HOT_SLUG, seed  # noqa: E402

OFFICER = "officer@bench.example.org"


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def _expected_rows(app, consultation_id: int) -> int:
    from consultation.exports.services import response_count

    with app.app_context():
        return response_count(consultation_id)


def child_app(database_url: str) -> dict:
    """The real export path: sign in, get the form's CSRF token, post it, read the stream."""
    from flask.testing import FlaskClient
    from sqlalchemy import select

    from consultation import create_app
    from consultation.auth.models import User
    from consultation.consultations.models import Consultation
    from consultation.extensions import db

    app = create_app()
    with app.app_context():
        officer = db.session.scalar(select(User).where(User.email == OFFICER))
        user_id = officer.get_id()
        consultation_id = db.session.scalar(
            select(Consultation.id).where(Consultation.slug == HOT_SLUG)
        )
    expected = _expected_rows(app, consultation_id)
    client = FlaskClient(app, app.response_class, use_cookies=True)
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    url = f"/officer/consultations/{consultation_id}/export"
    page = client.get(url).get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    # A worker's first request starts loading plugins' background work (moderation's
    # classifier); let it finish so the export's own memory is what is measured.
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.daemon:
            thread.join(timeout=300)

    before = rss_mb()
    early = None
    curve: list[float] = []
    rows = -1  # the header row
    size = 0
    started = time.perf_counter()
    response = client.post(url, data={"csrf_token": token, "format": "csv"}, buffered=False)
    assert response.status_code == 200, response.status_code
    assert response.is_streamed, "the export must be streamed"
    for piece in response.response:
        data = piece if isinstance(piece, bytes) else piece.encode()
        size += len(data)
        # Rows end with CRLF; the seeded bodies hold bare LFs only.
        rows += data.count(b"\r\n")
        if early is None and rows >= expected // 10:
            early = rss_mb()
        curve.append(rss_mb())
    response.close()
    seconds = time.perf_counter() - started
    return {
        "path": "app",
        "rows": rows,
        "expected": expected,
        "bytes": size,
        "seconds": seconds,
        "rss_before_mb": before,
        "rss_after_tenth_mb": early or before,
        "peak_rss_mb": peak_rss_mb(),
        # RSS after each piece, at ten points: flat when memory is constant.
        "curve_mb": [round(curve[i * len(curve) // 10]) for i in range(10)] if curve else [],
    }


def child_bare(database_url: str) -> dict:
    """The floor: the export's query on a plain cursor, straight into csv.writer."""
    from sqlalchemy import create_engine, select

    from consultation import models  # noqa: F401  (every table known to the compiler)
    from consultation.config import normalise_database_url
    from consultation.consultations.models import Consultation
    from consultation.exports.services import _statement

    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as conn:
        consultation_id = conn.execute(
            select(Consultation.id).where(Consultation.slug == HOT_SLUG)
        ).scalar_one()
    # The app's own statement, without the keyset chunks: one pass over every row.
    statement = _statement(consultation_id, 0, 10**9)
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))

    class Sink:
        size = 0

        def write(self, text: str) -> None:
            self.size += len(text)

    sink = Sink()
    writer = csv.writer(sink, quoting=csv.QUOTE_ALL)
    raw = engine.raw_connection()
    before = rss_mb()
    early = None
    rows = 0
    started = time.perf_counter()
    try:
        driver = raw.driver_connection
        if engine.dialect.name == "postgresql":
            cursor = driver.cursor(name="bare_export")  # server-side: rows arrive in batches
        else:
            cursor = driver.cursor()
        cursor.execute(sql)
        while batch := cursor.fetchmany(1000):
            writer.writerows(batch)
            rows += len(batch)
            if early is None and rows >= 10_000:
                early = rss_mb()
        cursor.close()
    finally:
        raw.close()
    seconds = time.perf_counter() - started
    return {
        "path": "bare",
        "rows": rows,
        "bytes": sink.size,
        "seconds": seconds,
        "rss_before_mb": before,
        "rss_after_tenth_mb": early or before,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_child(path: str, database_url: str) -> dict:
    """Run one measurement in a fresh process; its JSON result."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", path, "--database-url", database_url],
        cwd=APP_DIR,
        env=app_env(database_url, SECRET_KEY=SECRET_KEY),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise SystemExit(f"{path} run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Seed, measure both paths, print the table and a verdict."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=f"sqlite:///{DATA / 'export.db'}")
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    parser.add_argument("--child", choices=("app", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = (
            child_app(args.database_url) if args.child == "app" else child_bare(args.database_url)
        )
        print(json.dumps(result))
        return

    db = "postgres" if args.database_url.startswith("postgres") else "sqlite"
    print(
        f"# export bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {load_average():.1f}"
    )
    print(f"# command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    if not args.reuse:
        seeded = seed(args.database_url, args.comments, hot_share=1.0)
        print(f"seeded {seeded.comments:,} responses in one consultation in {seeded.seconds:.1f} s")
    plugins = enable_all_plugins(args.database_url)
    print(f"plugins on: {', '.join(plugins or []) or 'none'}")

    bare = run_child("bare", args.database_url)
    app = run_child("app", args.database_url)

    print()
    print("| db | responses | path | seconds | rows/s | peak RSS MB | RSS before | RSS at 10% |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for result in (app, bare):
        print(
            f"| {db} | {result['rows']:,} | {result['path']} | {result['seconds']:.2f} | "
            f"{result['rows'] / result['seconds']:,.0f} | {result['peak_rss_mb']:.0f} | "
            f"{result['rss_before_mb']:.0f} | {result['rss_after_tenth_mb']:.0f} |"
        )
    ratio = (app["rows"] / app["seconds"]) / (bare["rows"] / bare["seconds"])
    print(f"\napp ÷ bare rows/s: {ratio:.2f}")
    growth = app["peak_rss_mb"] - app["rss_after_tenth_mb"]
    print(f"app memory after the first tenth of the rows: +{growth:.0f} MB to the peak")
    print(f"app RSS MB at each tenth of the export: {app['curve_mb']}")
    ok = app["rows"] == app["expected"] == bare["rows"]
    print(
        f"verdict: {'ok' if ok else 'ROW COUNT MISMATCH'} "
        f"(app {app['rows']:,}, expected {app['expected']:,}, bare {bare['rows']:,})"
    )
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
