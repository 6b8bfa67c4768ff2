"""Write benchmark: eight residents post at once for 30 s; nothing acknowledged is lost.

For each database it seeds a fresh one, starts the real app under gunicorn
(2 workers, 127.0.0.1, rate limits off), and runs eight posters that sign in
through the real form and post with real CSRF and submission tokens. It then
checks, in the database, that every acknowledged comment is there exactly
once and that no other row appeared, and prints posts/s and latency.

    .venv/bin/python bench/writes.py                     # both databases, 30 s each
    .venv/bin/python bench/writes.py --dbs sqlite --seconds 5
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from posters import percentile, run_posters  # noqa: E402
from seed import PASSWORD, POSTERS, seed  # noqa: E402

PG_URL = "postgresql://postgres@127.0.0.1:5432/bench_writes"


def count_rows(url: str, tokens: list[str]) -> tuple[int, int]:
    """(all comments, comments carrying one of `tokens`) in the database at `url`."""
    from sqlalchemy import create_engine, text

    from consultation.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM comment")).scalar_one()
        found = 0
        for start in range(0, len(tokens), 500):
            chunk = tokens[start : start + 500]
            marks = ", ".join(f":t{i}" for i in range(len(chunk)))
            found += conn.execute(
                text(f"SELECT count(*) FROM comment WHERE submission_token IN ({marks})"),
                {f"t{i}": t for i, t in enumerate(chunk)},
            ).scalar_one()
    engine.dispose()
    return total, found


def bench_db(db: str, args) -> dict:
    """Seed, serve, post, verify; one row of the results table."""
    url = f"sqlite:///{common.DATA / 'sqlite-writes.db'}" if db == "sqlite" else PG_URL
    seeded = seed(url, args.comments)
    plugins = common.enable_all_plugins(url)
    before, _ = count_rows(url, [])
    thread_path = f"/consultations/{seeded.hot_slug}/threads/{seeded.hot_thread_id}"
    with common.gunicorn("writes", "wsgi:app", common.app_env(url)) as server:
        result = run_posters(
            server.base, thread_path, seeded.poster_emails[: args.posters], PASSWORD, args.seconds
        )
    after, found = count_rows(url, [token for token, _ in result.acked])
    acked = len(result.acked)
    return {
        "db": db,
        "posters": args.posters,
        "seconds": args.seconds,
        "acked": acked,
        "posts_per_s": acked / args.seconds,
        "errors": len(result.errors),
        "error_samples": result.errors[:5],
        "statuses": result.statuses,
        "p50_ms": percentile(result.post_ms, 0.50),
        "p95_ms": percentile(result.post_ms, 0.95),
        "p99_ms": percentile(result.post_ms, 0.99),
        "found": found,
        "new_rows": after - before,
        "distinct_ids": len({cid for _, cid in result.acked}),
        "not_shown_after_redirect": result.not_shown,
        "plugins": plugins,
    }


def main() -> None:
    """Run, print a table and the verdict, save JSON."""
    parser = argparse.ArgumentParser(description="Write benchmark: concurrent posters")
    parser.add_argument("--dbs", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--posters", type=int, default=8, choices=range(1, POSTERS + 1))
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--comments", type=int, default=100_000, help="seeded before posting")
    args = parser.parse_args()
    started = datetime.now(UTC)
    print(f"{started:%Y-%m-%d %H:%M} UTC, load average {common.load_average():.2f}", flush=True)
    rows = [bench_db(db, args) for db in args.dbs]
    print(
        "\n| db | posters | s | acknowledged | posts/s | errors | p50 ms | p95 ms | p99 ms "
        "| found after | new rows | shown after redirect |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    failed = False
    for r in rows:
        print(
            f"| {r['db']} | {r['posters']} | {r['seconds']:.0f} | {r['acked']} | "
            f"{r['posts_per_s']:.1f} | {r['errors']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
            f"{r['p99_ms']:.0f} | {r['found']} | {r['new_rows']} | "
            f"{r['acked'] - r['not_shown_after_redirect']} |"
        )
        ok = (
            r["errors"] == 0
            and r["acked"] > 0
            and r["found"] == r["acked"] == r["new_rows"] == r["distinct_ids"]
            and r["not_shown_after_redirect"] == 0
        )
        failed |= not ok
        if r["error_samples"]:
            print(f"  {r['db']} errors, first few: {r['error_samples']}")
    plugins = rows[0]["plugins"]
    print(f"\nplugins enabled: {plugins if plugins is not None else 'no plugin CLI yet'}")
    verdict = "FAIL" if failed else "ok: zero errors, every acknowledged comment stored once"
    print("verdict:", verdict)
    out = common.DATA / f"writes-{started:%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps({"started": started.isoformat(), "rows": rows}, indent=1))
    print(f"figures saved in {out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
