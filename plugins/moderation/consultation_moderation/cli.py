"""`flask moderation …`: the overdue alert (for cron) and demo records."""

from __future__ import annotations

import click
from flask.cli import AppGroup

moderation_cli = AppGroup("moderation", help="The moderation plugin's commands.")


@moderation_cli.command("alert")
def alert_command() -> None:
    """Email moderators when a comment has waited past the time target (run from cron)."""
    from consultation_moderation.alerts import send_overdue_alert

    told = send_overdue_alert()
    if told:
        click.echo(f"Told {told} moderator(s) about comments past the time target.")
    else:
        click.echo("No comment has newly passed the time target: nobody was emailed.")


@moderation_cli.command("seed-demo")
def seed_demo_command() -> None:
    """Add demo comments to the queue: held, reported and rejected (after `flask seed-demo`)."""
    from consultation_moderation.demo import DemoRefused, seed_demo

    try:
        made = seed_demo()
    except DemoRefused as refused:
        raise click.ClickException(str(refused)) from refused
    click.echo("Moderation demo records added." if made else "Moderation demo records were there.")
