"""Seed a database at scale for the benchmarks: 1,000 to 1,000,000 comments in minutes.

The schema comes from the real migrations (`flask db upgrade heads`), the
small tables go in through SQLAlchemy Core, and the comments go in with the
driver's bulk path: one `executemany` transaction on SQLite, `COPY` on
PostgreSQL. Nothing passes through the ORM one row at a time.

Everything except the number of comments is the same at every size (40
consultations, 160 threads, 2,000 residents), so a page that slows down as
the database grows is reading comments it should not.

    .venv/bin/python bench/seed.py --database-url sqlite:///bench/.data/s.db --comments 100000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import flask_cli, prepare_database  # noqa: E402

#: The password of every seeded account; the write benchmark signs in with it.
PASSWORD = "Bench-password-2026"
RESIDENTS = 2000
COUNCILLORS = 12
#: Accounts the write benchmark signs in as, one per concurrent poster.
POSTERS = 16
HOT_SLUG = "bench-hot"
#: Published, pending and rejected shares of seeded comments (a moderated site).
STATUS_WEIGHTS = (("published", 94), ("pending", 4), ("rejected", 2))
REPLY_SHARE = 0.2
CHUNK = 50_000

_WORDS = (  # noqa: SIM905 (a sentence is easier to read than 46 quoted words)
    "library opening hours weekend evening bus route parking charge park play area trees bins "
    "recycling cycle lane pavement crossing school traffic noise council tax housing planning "
    "community centre swimming pool youth club elderly residents access toilets lighting safety "
    "market town centre flooding drainage allotments dog walkers"
).split(" ")


@dataclass
class Seeded:
    """What the benchmarks need to know about the seeded data."""

    hot_slug: str
    hot_thread_id: int
    comments: int
    hot_comments: int
    seconds: float
    poster_emails: list[str] = field(default_factory=list)


def _bodies(count: int = 40) -> list[tuple[str, str]]:
    """A few dozen varied comment texts with their HTML from the real sanitiser."""
    from consultation.sanitiser import comment_html

    rng = random.Random(7)
    bodies = []
    for n in range(count):
        paragraphs = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 60))).capitalize() + "."
            for _ in range(rng.randint(1, 3))
        ]
        if n % 10 == 0:
            paragraphs.append("More at https://example.org/evidence/" + str(n))
        text = "\n\n".join(paragraphs)
        bodies.append((text, str(comment_html(text))))
    return bodies


def _seed_people(conn, tables, password_hash: str, now: datetime) -> tuple[list[int], list[int]]:
    """Wards, residents, councillors, staff and poster accounts; returns (users, posters)."""
    ward, user, role = tables["ward"], tables["user_account"], tables["user_role"]
    conn.execute(
        ward.insert(), [{"code": f"E0590{n:04d}", "name": f"Bench Ward {n}"} for n in range(12)]
    )
    ward_ids = [r[0] for r in conn.execute(ward.select().with_only_columns(ward.c.id))]
    people = []
    for n in range(RESIDENTS):
        people.append((f"resident{n}@bench.example.org", f"Resident {n}", "resident"))
    for n in range(COUNCILLORS):
        people.append((f"councillor{n}@bench.example.org", f"Cllr Bench {n}", "councillor"))
    for n in range(POSTERS):
        people.append((f"poster{n}@bench.example.org", f"Poster {n}", "resident"))
    people.append(("officer@bench.example.org", "Bench Officer", "officer"))
    people.append(("admin@bench.example.org", "Bench Admin", "admin"))
    conn.execute(
        user.insert(),
        [
            {
                "email": email,
                "display_name": name,
                "password_hash": password_hash,
                "ward_id": ward_ids[n % len(ward_ids)],
                "active": True,
                "session_version": 1,
                "is_demo": False,
                "created_at": now - timedelta(days=90),
            }
            for n, (email, name, _) in enumerate(people)
        ],
    )
    rows = conn.execute(user.select().with_only_columns(user.c.id, user.c.email))
    ids = {email: uid for uid, email in rows}
    conn.execute(role.insert(), [{"user_id": ids[e], "role": r} for e, _, r in people])
    authors = [ids[e] for e, _, r in people if r in ("resident", "councillor")]
    posters = [ids[e] for e, _, _ in people if e.startswith("poster")]
    return authors, posters


def _seed_consultations(conn, tables, now: datetime) -> tuple[int, list[int], int]:
    """40 consultations of every lifecycle step, 4 threads each; returns (hot, others, slug id)."""
    from consultation.sanitiser import markdown_html

    consultation, thread, outcome = tables["consultation"], tables["thread"], tables["outcome"]
    body = "## What we propose\n\nA **bench** proposal with a [link](https://example.org).\n\n"
    body += "- one\n- two\n- three\n"
    plan = [(HOT_SLUG, "open")]
    plan += [(f"bench-open-{n}", "open") for n in range(19)]
    plan += [(f"bench-scheduled-{n}", "scheduled") for n in range(5)]
    plan += [(f"bench-closed-{n}", "closed") for n in range(5)]
    plan += [(f"bench-outcome-{n}", "outcome_published") for n in range(10)]
    timing = {
        "open": (now - timedelta(days=20), now + timedelta(days=40)),
        "scheduled": (now + timedelta(days=10), now + timedelta(days=50)),
        "closed": (now - timedelta(days=60), now - timedelta(days=2)),
        "outcome_published": (now - timedelta(days=90), now - timedelta(days=30)),
    }
    rows = []
    for n, (slug, status) in enumerate(plan):
        opens, closes = timing[status]
        rows.append(
            {
                "slug": slug,
                "title": f"Bench consultation {n}: " + " ".join(_WORDS[n % 30 : n % 30 + 3]),
                "summary": "What we propose, in a sentence or two, for the benchmark.",
                "body": body,
                "body_html": str(markdown_html(body)),
                "status": status,
                "opens_at": opens,
                "closes_at": closes + timedelta(minutes=n),
                "whole_area": True,
                "decision_maker": "Cabinet",
                "owning_team": "engagement",
                "contacts": "",
                "allow_resident_threads": False,
                "created_at": now - timedelta(days=100),
                "updated_at": now - timedelta(days=100),
            }
        )
    conn.execute(consultation.insert(), rows)
    by_slug = {
        slug: (cid, status)
        for cid, slug, status in conn.execute(
            consultation.select().with_only_columns(
                consultation.c.id, consultation.c.slug, consultation.c.status
            )
        )
    }
    threads = []
    for slug, (cid, _) in by_slug.items():
        for position in range(4):
            threads.append(
                {
                    "consultation_id": cid,
                    "title": f"Question {position + 1} for {slug}",
                    "prompt": "Tell us what you think.",
                    "prompt_html": "<p>Tell us what you think.</p>",
                    "position": position,
                    "retired": False,
                    "created_at": now - timedelta(days=100),
                }
            )
    conn.execute(thread.insert(), threads)
    rows = conn.execute(
        thread.select().with_only_columns(thread.c.id, thread.c.consultation_id, thread.c.position)
    ).all()
    hot_id = by_slug[HOT_SLUG][0]
    hot = next(t for t, c, p in rows if c == hot_id and p == 0)
    commentable = {
        cid for cid, status in by_slug.values() if status != "scheduled" and cid != hot_id
    }
    others = [t for t, c, _ in rows if c in commentable or (c == hot_id and t != hot)]
    conn.execute(
        outcome.insert(),
        [
            {
                "consultation_id": cid,
                "we_asked": "We asked.",
                "you_said": "You said.",
                "we_did": "We did.",
                "we_asked_html": "<p>We asked.</p>",
                "you_said_html": "<p>You said.</p>",
                "we_did_html": "<p>We did.</p>",
                "decision": "Agreed.",
                "decision_maker": "Cabinet",
                "decision_date": (now - timedelta(days=20)).date(),
                "published_at": now - timedelta(days=20 - n),
                "created_at": now - timedelta(days=20),
            }
            for n, (cid, status) in enumerate(by_slug.values())
            if status == "outcome_published"
        ],
    )
    return hot, others, hot_id


def comment_rows(
    total: int,
    hot: int,
    others: list[int],
    authors: list[int],
    now: datetime,
    hot_share: float,
    seed: int = 11,
):
    """Yield comment tuples in id order.

    Each is (id, thread, parent, author, status, text, html, token, created).

    The hot thread gets `hot_share` of all comments; replies answer one of the
    last 50 top-level comments of the same thread, so they sit near their parent
    in time as real replies do.
    """
    rng = random.Random(seed)
    bodies = _bodies()
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    recent_tops: dict[int, list[int]] = {}
    start = now - timedelta(days=19)
    step = timedelta(days=19) / max(total, 1)
    for n in range(1, total + 1):
        thread = hot if rng.random() < hot_share else rng.choice(others)
        status = rng.choice(statuses)
        tops = recent_tops.setdefault(thread, [])
        parent = None
        if tops and rng.random() < REPLY_SHARE:
            parent = rng.choice(tops)
        elif status == "published":
            tops.append(n)
            if len(tops) > 50:
                tops.pop(0)
        text, html = bodies[n % len(bodies)]
        created = start + step * n
        yield (n, thread, parent, rng.choice(authors), status, text, html, f"seed-{n}", created)


def _insert_comments_sqlite(raw, rows) -> None:
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    sql = (
        "INSERT INTO comment (id, thread_id, parent_id, author_id, status, body_text, body_html, "
        "submission_token, created_at, received_at, updated_at, channel) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?, 'web')"
    )
    cursor = raw.cursor()
    batch = []
    for cid, thread, parent, author, status, text, html, token, created in rows:
        stamp = created.astimezone(UTC).replace(tzinfo=None).strftime(fmt)
        batch.append((cid, thread, parent, author, status, text, html, token, stamp, stamp, stamp))
        if len(batch) >= CHUNK:
            cursor.executemany(sql, batch)
            batch.clear()
    if batch:
        cursor.executemany(sql, batch)
    raw.commit()


def _insert_comments_postgres(raw, rows) -> None:
    columns = (
        "id, thread_id, parent_id, author_id, status, body_text, body_html, submission_token, "
        "created_at, received_at, updated_at, channel"
    )
    with raw.cursor() as cursor, cursor.copy(f"COPY comment ({columns}) FROM STDIN") as copy:
        for cid, thread, parent, author, status, text, html, token, created in rows:
            copy.write_row(
                (
                    cid,
                    thread,
                    parent,
                    author,
                    status,
                    text,
                    html,
                    token,
                    created,
                    created,
                    created,
                    "web",
                )
            )
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('comment', 'id'), max(id)) FROM comment"
        )
    raw.commit()
    # What autovacuum would do soon after a bulk load: without a visibility map
    # PostgreSQL prices index-only scans high and counts through the parent_id
    # index instead (2 s rather than milliseconds at a million comments).
    raw.autocommit = True
    with raw.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def seed(database_url: str, comments: int, hot_share: float = 0.1, fresh: bool = True) -> Seeded:
    """Create the schema with the real migrations and fill it; returns what was seeded."""
    from sqlalchemy import MetaData, create_engine
    from werkzeug.security import generate_password_hash

    from consultation.config import normalise_database_url

    started = time.monotonic()
    prepare_database(database_url, fresh=fresh)
    flask_cli(database_url, "db", "upgrade", "heads")
    engine = create_engine(normalise_database_url(database_url))
    tables = MetaData()
    tables.reflect(
        engine,
        only=["ward", "user_account", "user_role", "consultation", "thread", "outcome", "comment"],
    )
    now = datetime.now(UTC)
    # Reflected tables have no Python-side defaults, so every column is given;
    # SQLite stores naive UTC, exactly as the app's UTCDateTime does.
    if engine.dialect.name == "sqlite":
        for table in tables.tables.values():
            for column in table.columns:
                if isinstance(column.type, sa.DateTime):
                    column.type = _NaiveUTC()
    with engine.begin() as conn:
        authors, _ = _seed_people(conn, tables.tables, generate_password_hash(PASSWORD), now)
        hot, others, _ = _seed_consultations(conn, tables.tables, now)
    rows = comment_rows(comments, hot, others, authors, now, hot_share)
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "sqlite":
            _insert_comments_sqlite(raw.driver_connection, rows)
        else:
            _insert_comments_postgres(raw.driver_connection, rows)
    finally:
        raw.close()
    with engine.connect() as conn:
        from sqlalchemy import text

        hot_count = conn.execute(
            text("SELECT count(*) FROM comment WHERE thread_id = :t"), {"t": hot}
        ).scalar_one()
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
            conn.commit()
    engine.dispose()
    return Seeded(
        HOT_SLUG,
        hot,
        comments,
        hot_count,
        time.monotonic() - started,
        [f"poster{n}@bench.example.org" for n in range(POSTERS)],
    )


class _NaiveUTC(sa.types.TypeDecorator):
    """SQLite timestamps as the app's UTCDateTime stores them: naive, in UTC."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None


def main() -> None:
    """Command line: seed one database and print what was made and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--hot-share", type=float, default=0.1)
    args = parser.parse_args()
    result = seed(args.database_url, args.comments, args.hot_share)
    print(
        f"seeded {result.comments:,} comments ({result.hot_comments:,} in the hot thread "
        f"{result.hot_slug}/threads/{result.hot_thread_id}) in {result.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
