"""CPU cost per request of the real thread page and of the floor, in one process.

Requests/s under wrk swing with whatever else the shared machine runs; CPU
seconds spent per request barely do. This serves both apps in-process
(Flask test clients, the same database), alternates them in rounds and
prints the CPU milliseconds per request and the ratio floor ÷ project, which
is what the requests/s ratio would be on an idle machine where both are
CPU-bound (it leaves out gunicorn's own share, which is the same for both).

    .venv/bin/python bench/cpu_compare.py --database-url sqlite:///$PWD/bench/.data/sqlite-1000.db
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402


def cpu_ms_per_request(client, path: str, requests: int) -> float:
    """Process CPU milliseconds per GET of `path`."""
    started = time.process_time()
    for _ in range(requests):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return (time.process_time() - started) * 1000 / requests


def main() -> None:
    """Measure both apps in alternating rounds and print medians and the ratio."""
    parser = argparse.ArgumentParser(description="CPU per request: project vs floor")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--slug", default="bench-hot")
    parser.add_argument("--thread", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--path", default=None, help="project path (default: the thread page)")
    parser.add_argument(
        "--page-cache",
        type=float,
        default=5,
        help="ANONYMOUS_PAGE_CACHE_SECONDS (default 5, as shipped; 0 renders every view)",
    )
    args = parser.parse_args()

    from consultation import create_app

    project = create_app(
        {
            "DATABASE_URL": args.database_url,
            "SECRET_KEY": common.SECRET_KEY,
            "RATELIMIT_ENABLED": False,
            "ANONYMOUS_PAGE_CACHE_SECONDS": args.page_cache,
        }
    ).test_client()
    path = args.path or f"/consultations/{args.slug}/threads/{args.thread}"
    page = project.get(path).get_data(as_text=True)
    shown = page.count('<article class="app-comment')
    os.environ["DATABASE_URL"] = args.database_url
    floor = importlib.import_module("floor").app.test_client()
    floor_path = f"/threads/{args.thread}?n={max(shown, 1)}"
    for client, p in ((project, path), (floor, floor_path)):
        cpu_ms_per_request(client, p, 20)  # warm
    mine, theirs = [], []
    for _ in range(args.rounds):
        mine.append(cpu_ms_per_request(project, path, args.requests))
        theirs.append(cpu_ms_per_request(floor, floor_path, args.requests))
    project_ms, floor_ms = statistics.median(mine), statistics.median(theirs)
    print(f"{path}: {shown} comments shown; load average {common.load_average():.2f}")
    print(f"  project {project_ms:.2f} ms CPU per request (rounds {[round(x, 2) for x in mine]})")
    print(f"  floor   {floor_ms:.2f} ms CPU per request (rounds {[round(x, 2) for x in theirs]})")
    print(f"  floor ÷ project = {floor_ms / project_ms:.2f}  (target ≥ 0.5)")


if __name__ == "__main__":
    main()
