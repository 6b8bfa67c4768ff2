"""`flask notifications send|status`: cron delivers the outbox with these."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from consultation.config import ConfigError

notifications_cli = AppGroup("notifications", help="Deliver and inspect the email outbox.")


@notifications_cli.command("send")
@click.option("--limit", default=1000, show_default=True, help="Most messages to send this run.")
def send_command(limit: int) -> None:
    """Build the daily summaries that are due, send every due message, delete old ones.

    Run it from cron every minute; runs may overlap safely. Exits with status 1
    when the mail server cannot be reached (the messages stay queued).
    """
    from consultation.notifications.digests import build_due_digests
    from consultation.notifications.sender import send_due
    from consultation.notifications.services import purge_old

    built = build_due_digests()
    try:
        report = send_due(limit)
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    purged = purge_old()
    click.echo(
        f"Sent {report.sent}, will retry {report.retrying}, failed {report.failed}; "
        f"daily summaries built {built}; old sent messages deleted {purged}."
    )
    if report.errors:
        click.echo(f"Mail server unavailable: {report.errors[0]}", err=True)
        raise SystemExit(1)


@notifications_cli.command("status")
def status_command() -> None:
    """Print how many messages are in each state, as JSON (for monitoring)."""
    from consultation.notifications.services import outbox_counts

    counts = {"queued": 0, "sending": 0, "sent": 0, "failed": 0, **outbox_counts()}
    click.echo(json.dumps(counts, sort_keys=True))
