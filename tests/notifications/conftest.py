"""Helpers for the notification tests: run the real sender, read the outbox."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.extensions import db
from consultation.notifications.models import OutboxMessage


@pytest.fixture
def send_mail(app):
    """Run `flask notifications send` as cron would, and return the CLI result."""

    def run(*args: str):
        # The command works in its own session: end ours so it sees every row.
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["notifications", "send", *args])
        db.session.expire_all()
        return result

    return run


@pytest.fixture
def outbox(app):
    """outbox(**column_values): the outbox rows that match, oldest first."""

    def rows(**where) -> list[OutboxMessage]:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        for column, value in where.items():
            query = query.where(getattr(OutboxMessage, column) == value)
        return list(db.session.scalars(query))

    return rows
