"""Profile one page of the real app in-process with cProfile: where does the time go?

    .venv/bin/python bench/profile_page.py \
        --database-url sqlite:///$PWD/bench/.data/sqlite-1000.db \
        --path /consultations/bench-hot/threads/1 --requests 300

Prints the functions with the most cumulative and own time, grouped so the
layers (SQL, ORM, templates, Babel, WTForms…) are easy to see, and the SQL
each request runs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

#: Module prefixes → the layer a reader cares about.
LAYERS = (
    ("sqlalchemy", "SQLAlchemy"),
    ("sqlite3", "SQLite driver"),
    ("psycopg", "psycopg driver"),
    ("jinja2", "Jinja"),
    ("govuk_frontend", "GOV.UK macros"),
    ("babel", "Babel / dates"),
    ("flask_babel", "Babel / dates"),
    ("wtforms", "WTForms"),
    ("flask_wtf", "WTForms"),
    ("werkzeug", "Werkzeug"),
    ("flask_login", "Flask-Login"),
    ("flask_limiter", "Flask-Limiter"),
    ("limits", "Flask-Limiter"),
    ("flask", "Flask"),
    ("pluggy", "pluggy"),
    ("consultation", "Consultation"),
    ("<template>", "templates (compiled)"),
)


def layer_of(filename: str) -> str:
    """The layer a source file belongs to."""
    if filename.endswith(".html"):
        return "templates (compiled)"
    parts = filename.replace("\\", "/").split("/")
    for index, part in enumerate(parts):
        if part in ("site-packages", "main") or part.startswith("python3"):
            continue
        for prefix, name in LAYERS:
            if part == prefix or (index == len(parts) - 1 and part.startswith(prefix)):
                return name
    return "other (stdlib, etc.)"


def main() -> None:
    """Run the profile and print it."""
    parser = argparse.ArgumentParser(description="Profile one page in-process")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--page-cache",
        type=float,
        default=5,
        help="ANONYMOUS_PAGE_CACHE_SECONDS (default 5, as shipped; 0 renders every view)",
    )
    args = parser.parse_args()

    from sqlalchemy import event

    from consultation import create_app
    from consultation.extensions import db

    app = create_app(
        {
            "DATABASE_URL": args.database_url,
            "SECRET_KEY": common.SECRET_KEY,
            "RATELIMIT_ENABLED": False,
            "ANONYMOUS_PAGE_CACHE_SECONDS": args.page_cache,
        }
    )
    client = app.test_client()
    for _ in range(20):  # warm: compiled templates, caches, connection pool
        assert client.get(args.path).status_code == 200
    with app.app_context():
        statements: list[str] = []
        listener = lambda *a: statements.append(" ".join(a[2].split())[:160])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        client.get(args.path)
        event.remove(db.engine, "before_cursor_execute", listener)
    print(f"SQL per request ({len(statements)}):")
    for sql in statements:
        print("  ", sql)

    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        client.get(args.path)
    plain = (time.perf_counter() - started) / args.requests
    plain_cpu = (time.process_time() - cpu) / args.requests
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        client.get(args.path)
    profiler.disable()
    print(
        f"\n{plain * 1000:.2f} ms per request unprofiled, {plain_cpu * 1000:.2f} ms of it CPU "
        f"(in-process, one thread; load average {common.load_average():.2f})\n"
    )

    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    by_layer: dict[str, float] = defaultdict(float)
    for (filename, _, _), row in stats.stats.items():  # type: ignore[attr-defined]
        by_layer[layer_of(filename)] += row[2]
    print("own time by layer:")
    for name, seconds in sorted(by_layer.items(), key=lambda kv: -kv[1]):
        print(f"  {name:24} {100 * seconds / total:5.1f} %")
    print()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
