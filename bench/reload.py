"""Graceful reload under load: gunicorn gets SIGHUP while residents post and read.

Starts the real app (2 workers, 127.0.0.1), runs posters and a wrk read load
on the thread page, sends SIGHUP to the gunicorn master twice during the
run (new workers start, old ones finish what they hold), and checks: no 5xx
and no failed connection anywhere, every acknowledged comment stored once.

    .venv/bin/python bench/reload.py --dbs sqlite postgres --seconds 12
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from posters import percentile, run_posters  # noqa: E402
from seed import PASSWORD, seed  # noqa: E402
from writes import count_rows  # noqa: E402

PG_URL = "postgresql://postgres@127.0.0.1:5432/bench_reload"


def reload_run(db: str, seconds: float, posters: int, reloads: int) -> dict:
    """One run on one database; returns what was seen."""
    url = f"sqlite:///{common.DATA / 'sqlite-reload.db'}" if db == "sqlite" else PG_URL
    seeded = seed(url, 1000)
    common.enable_all_plugins(url)
    before, _ = count_rows(url, [])
    thread_path = f"/consultations/{seeded.hot_slug}/threads/{seeded.hot_thread_id}"
    reads: dict = {}
    with common.gunicorn("reload", "wsgi:app", common.app_env(url)) as server:

        def read_load() -> None:
            reads.update(common.run_wrk(server.base + thread_path, seconds, connections=4))

        def hup() -> None:
            for n in range(reloads):
                time.sleep(seconds * (n + 1) / (reloads + 1) - (seconds / (reloads + 1)) * n)
                os.kill(server.process.pid, signal.SIGHUP)

        helpers = [threading.Thread(target=read_load), threading.Thread(target=hup)]

        def start_helpers() -> None:  # once every poster is signed in
            for helper in helpers:
                helper.start()

        result = run_posters(
            server.base,
            thread_path,
            seeded.poster_emails[:posters],
            PASSWORD,
            seconds,
            on_ready=start_helpers,
        )
        for helper in helpers:
            helper.join()
        log = server.log.read_text()
    after, found = count_rows(url, [token for token, _ in result.acked])
    return {
        "db": db,
        "reloads_seen": log.count("Handling signal: hup"),
        "acked": len(result.acked),
        "post_errors": result.errors[:5],
        "post_p95_ms": percentile(result.post_ms, 0.95),
        "found": found,
        "new_rows": after - before,
        "reads": reads.get("requests", 0),
        "read_non_2xx": reads.get("non_2xx", -1),
        "read_socket_errors": reads.get("socket_errors", -1),
    }


def main() -> None:
    """Run on each database and print the verdict."""
    parser = argparse.ArgumentParser(description="SIGHUP under load: no 5xx, nothing lost")
    parser.add_argument("--dbs", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--seconds", type=float, default=12)
    parser.add_argument("--posters", type=int, default=4)
    parser.add_argument("--reloads", type=int, default=2)
    args = parser.parse_args()
    common.ensure_wrk()
    failed = False
    for db in args.dbs:
        r = reload_run(db, args.seconds, args.posters, args.reloads)
        ok = (
            r["reloads_seen"] == args.reloads
            and not r["post_errors"]
            and r["acked"] > 0
            and r["found"] == r["acked"] == r["new_rows"]
            and r["read_non_2xx"] == 0
            and r["read_socket_errors"] == 0
        )
        failed |= not ok
        print(
            f"{db}: {r['reloads_seen']} reloads, {r['acked']} comments acknowledged "
            f"(p95 {r['post_p95_ms']:.0f} ms), {r['found']} found, {r['new_rows']} new rows, "
            f"post errors {r['post_errors'] or 0}; {r['reads']} reads, "
            f"{r['read_non_2xx']} non-2xx, {r['read_socket_errors']} socket errors -> "
            + ("ok" if ok else "FAIL")
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
