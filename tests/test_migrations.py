"""A council's new server: `flask db upgrade heads` on an empty database builds exactly the models.

The core on its own (no plugin installed), on a brand-new SQLite file and a
brand-new PostgreSQL database created and dropped by the test on the server
of TEST_DATABASE_URL. The plugins' lineages are proven together in
tests/test_plugin_migrations.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from consultation import create_app
from consultation.config import normalise_database_url
from consultation.extensions import db
from consultation.plugin_system.migrations import app_metadata
from consultation.testing.pytest_plugin import test_config as config_for

CORE_TABLES = {
    "audit_event",
    "comment",
    "consultation",
    "consultation_ward",
    "outcome",
    "thread",
    "user_account",
    "user_role",
    "ward",
}


@contextmanager
def new_database(kind: str, tmp_path) -> Iterator[str]:
    """The URL of a database that has never held anything."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'new-council.db'}"
        return
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("PostgreSQL migration check needs TEST_DATABASE_URL (a server to create on)")
    name = f"new_council_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(normalise_database_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            sa.make_url(normalise_database_url(server))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def differences_from_the_models() -> list:
    """What autogenerate would change to make the database match the models."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        # Only this app's tables: a test session has imported every plugin's models.
        return compare_metadata(context, app_metadata())


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_upgrading_an_empty_database_gives_exactly_the_models(kind, tmp_path):
    with new_database(kind, tmp_path) as url:
        app = create_app(config_for(url, PLUGINS=[]))
        with app.app_context():
            try:
                upgrade(revision="heads")
                assert differences_from_the_models() == []
                assert set(sa.inspect(db.engine).get_table_names()) >= CORE_TABLES
                result = app.test_cli_runner().invoke(args=["db", "check"])
                assert result.exit_code == 0, result.output
            finally:
                db.session.remove()
                db.engine.dispose()


def test_the_core_migrations_go_down_and_up_again(tmp_path):
    with new_database("sqlite", tmp_path) as url:
        app = create_app(config_for(url, PLUGINS=[]))
        with app.app_context():
            upgrade(revision="heads")
            downgrade(revision="base")
            assert set(sa.inspect(db.engine).get_table_names()) & CORE_TABLES == set()
            upgrade(revision="heads")
            assert differences_from_the_models() == []
            db.engine.dispose()
