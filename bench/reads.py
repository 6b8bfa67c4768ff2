"""Read benchmark: the real app against the floor, at three database sizes.

For each database (SQLite, PostgreSQL) and size (1,000 / 100,000 / 1,000,000
comments) it seeds the data (or reuses a database seeded earlier with the
same size), enables every plugin `flask plugins` offers, counts the SQL
queries each page runs, then starts the real app and the floor app under
gunicorn (2 workers each, 127.0.0.1) and drives them with wrk, the floor right
after the project so both see the same machine. It prints a table and writes
the figures as JSON under bench/.data/.

    .venv/bin/python bench/reads.py                       # everything (~10 minutes)
    .venv/bin/python bench/reads.py --dbs sqlite --sizes 1000 --seconds 5
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from seed import seed  # noqa: E402

PG_BASE = "postgresql://postgres@127.0.0.1:5432"
#: Bump when the seeded data changes shape, so old databases are not reused.
SEED_VERSION = 2


def database_url(db: str, size: int) -> str:
    """Where the benchmark database of `db` at `size` comments lives."""
    if db == "sqlite":
        return f"sqlite:///{common.DATA / f'sqlite-{size}.db'}"
    return f"{PG_BASE}/bench_{size}"


def seeded(db: str, size: int, reuse: bool) -> dict:
    """Seed (or reuse) the database; returns its description."""
    marker = common.DATA / f"{db}-{size}.json"
    if reuse and marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("version") == SEED_VERSION:
            # Bring a kept database up to the code's migrations (new plugin revisions).
            common.flask_cli(database_url(db, size), "db", "upgrade", "heads")
            meta["reused"] = True
            return meta
    result = seed(database_url(db, size), size)
    meta = {
        "version": SEED_VERSION,
        "slug": result.hot_slug,
        "thread": result.hot_thread_id,
        "hot_comments": result.hot_comments,
        "seed_seconds": round(result.seconds, 1),
        "reused": False,
    }
    common.DATA.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(meta))
    return meta


def count_queries(url: str, paths: dict[str, str], page_cache: float = 0) -> dict[str, int]:
    """SQL statements each page runs for an anonymous reader (in-process, same database)."""
    from sqlalchemy import event

    from consultation import create_app
    from consultation.extensions import db

    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": common.SECRET_KEY,
            "RATELIMIT_ENABLED": False,
            "ANONYMOUS_PAGE_CACHE_SECONDS": page_cache,
        }
    )
    counts: dict[str, int] = {}
    with app.app_context():
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        client = app.test_client()
        for name, path in paths.items():
            client.get(path)  # warm caches (plugin state, compiled templates) first
            statements.clear()
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            counts[name] = len(statements)
        event.remove(db.engine, "before_cursor_execute", listener)
        db.engine.dispose()
    return counts


def comments_shown(server: common.Server, path: str) -> int:
    """How many comments the project's page shows, so the floor shows as many."""
    import urllib.request

    # A fresh worker compiles every template first: slow on a busy machine.
    with urllib.request.urlopen(server.base + path, timeout=120) as response:
        html = response.read().decode()
    return html.count('<article class="app-comment')


def measure(url: str, seconds: float, connections: int, warmup: float = 1) -> dict:
    """A warm-up run (compiled templates, connection pools), then the timed run."""
    if warmup > 0:
        common.run_wrk(url, warmup, connections)
    return common.run_wrk(url, seconds, connections)


def bench_one(db: str, size: int, args) -> list[dict]:
    """Every page at one database and size; floor right after the project's thread page."""
    meta = seeded(db, size, args.reuse)
    url = database_url(db, size)
    plugins = common.enable_all_plugins(url)
    thread_path = f"/consultations/{meta['slug']}/threads/{meta['thread']}"
    paths = {
        "thread": thread_path,
        "thread newest": thread_path + "?sort=newest",
        "consultation": f"/consultations/{meta['slug']}",
        "home": "/",
    }
    queries = count_queries(url, paths, args.page_cache)
    env = common.app_env(url, ANONYMOUS_PAGE_CACHE_SECONDS=str(args.page_cache))
    rows = []
    with (
        common.gunicorn("project", "wsgi:app", env) as project,
        common.gunicorn("floor", "floor:app", env, chdir=common.BENCH) as floor,
    ):
        shown = comments_shown(project, thread_path)
        # Each fresh worker compiles every template on its first view of a page
        # (seconds on a busy machine): warm every page on every worker first, or
        # the first page measured pays for all of them.
        for path in paths.values():
            common.run_wrk(project.base + path, args.start_warmup, args.connections)
        for name, path in paths.items():
            row = {
                "db": db,
                "comments": size,
                "page": name,
                "queries": queries[name],
                "page_cache": args.page_cache,
            }
            row.update(measure(project.base + path, args.seconds, args.connections, args.warmup))
            if name.startswith("thread"):
                floor_url = f"{floor.base}/threads/{meta['thread']}?n={shown}"
                row["shown"] = shown
                row["floor"] = measure(floor_url, args.seconds, args.connections, args.warmup)
                row["ratio"] = row["rps"] / max(row["floor"]["rps"], 1e-9)
            rows.append(row)
        if args.calibrate:
            calibration = (
                ("floor 100", f"/threads/{meta['thread']}?n=100", 1),
                ("hello", "/hello", 0),
            )
            for name, path, queries_run in calibration:
                row = {"db": db, "comments": size, "page": name, "queries": queries_run}
                row.update(measure(floor.base + path, args.seconds, args.connections, args.warmup))
                rows.append(row)
    for row in rows:
        row["plugins"] = plugins
        row["hot_comments"] = meta["hot_comments"]
        row["seed_seconds"] = meta["seed_seconds"]
    return rows


def print_table(rows: list[dict]) -> None:
    """A Markdown table of every measurement."""
    print(
        "| db | comments | page | queries | req/s | p50 ms | p99 ms | floor req/s "
        "(comments shown) | project ÷ floor | non-2xx |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        floor = r.get("floor")
        floor_cell = f"{floor['rps']:.0f} ({r['shown']})" if floor else ""
        ratio = f"{r['ratio']:.2f}" if floor else ""
        errors = r["non_2xx"] + r["socket_errors"] + (floor["non_2xx"] if floor else 0)
        print(
            f"| {r['db']} | {r['comments']:,} | {r['page']} | {r['queries']} | {r['rps']:.0f} | "
            f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {floor_cell} | {ratio} | {errors} |"
        )


def print_scaling(rows: list[dict]) -> None:
    """Mean latency at the largest size over the smallest, per database and page (target ≤ 1.2)."""
    sizes = sorted({r["comments"] for r in rows})
    if len(sizes) < 2:
        return
    print(f"\nmean latency at {sizes[-1]:,} ÷ at {sizes[0]:,} comments (target ≤ 1.2):")
    for db in sorted({r["db"] for r in rows}):
        for page in dict.fromkeys(r["page"] for r in rows if r["db"] == db):
            by = {r["comments"]: r for r in rows if r["db"] == db and r["page"] == page}
            if sizes[0] in by and sizes[-1] in by:
                ratio = by[sizes[-1]]["mean_ms"] / by[sizes[0]]["mean_ms"]
                q = [by[s]["queries"] for s in sizes if s in by]
                print(f"  {db:8} {page:14} {ratio:5.2f}   queries {q}")


def main() -> None:
    """Parse arguments, run every combination, print and save the figures."""
    parser = argparse.ArgumentParser(description="Read benchmark: project vs floor")
    parser.add_argument("--dbs", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 100_000, 1_000_000])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=1, help="seconds before each timed run")
    parser.add_argument(
        "--start-warmup",
        type=float,
        default=3,
        help="seconds of load on each page when the servers start, before any timed run",
    )
    parser.add_argument(
        "--page-cache",
        type=float,
        default=5,
        help="ANONYMOUS_PAGE_CACHE_SECONDS (default 5, as shipped; 0 renders every view)",
    )
    parser.add_argument(
        "--no-reuse",
        dest="reuse",
        action="store_false",
        help="seed again even when a database of that size exists",
    )
    parser.add_argument(
        "--no-calibrate",
        dest="calibrate",
        action="store_false",
        help="skip the floor at 100 comments and the bare hello page",
    )
    args = parser.parse_args()
    common.ensure_wrk()
    started = datetime.now(UTC)
    print(f"{started:%Y-%m-%d %H:%M} UTC, load average {common.load_average():.2f}", flush=True)
    rows = []
    out = common.DATA / f"reads-{started:%Y%m%dT%H%M%S}.json"
    for db in args.dbs:
        for size in args.sizes:
            t0 = time.monotonic()
            rows.extend(bench_one(db, size, args))
            print(f"  {db} {size:,}: {time.monotonic() - t0:.0f} s", flush=True)
            # Saved as it goes, so an interrupted run keeps what it measured.
            out.write_text(json.dumps({"started": started.isoformat(), "rows": rows}, indent=1))
    plugins = rows[0]["plugins"] if rows else None
    print(f"\nplugins enabled: {plugins if plugins is not None else 'no plugin CLI yet'}")
    print(f"ANONYMOUS_PAGE_CACHE_SECONDS={args.page_cache:g}")
    print(f"load average at the end {common.load_average():.2f}\n")
    print_table(rows)
    print_scaling(rows)
    print(f"\nfigures saved in {out}")


if __name__ == "__main__":
    main()
