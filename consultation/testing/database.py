"""Test databases: a fresh schema per session, empty tables per test."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from consultation.extensions import db


def test_database_url(tmp_dir: Path) -> str:
    """PostgreSQL when TEST_DATABASE_URL is set, else a SQLite file in `tmp_dir`."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.db'}"


def reset_schema() -> None:
    """Drop everything in the database and create the current models' tables."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with engine.begin() as connection:
            for (name,) in connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ).all():
                connection.execute(text(f'DROP TABLE IF EXISTS "{name}"'))
    db.create_all()


def empty_tables() -> None:
    """Delete every row, keeping the schema (much faster than re-creating it)."""
    db.session.remove()
    engine = db.engine
    tables = [t.name for t in db.metadata.sorted_tables]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            existing = set(
                connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
            )
            names = ", ".join(f'"{t}"' for t in tables if t in existing)
            if names:
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(text(f'DELETE FROM "{table}"'))
            has_sequence = connection.execute(
                text("SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'")
            ).first()
            if has_sequence:
                connection.execute(text("DELETE FROM sqlite_sequence"))
