"""`flask consultations tick`: store the openings and closings the clock has done."""

from __future__ import annotations

import click
from flask.cli import AppGroup

consultations_cli = AppGroup("consultations", help="Consultation lifecycle commands.")


@consultations_cli.command("tick")
def tick_command() -> None:
    """Open and close consultations whose times have passed, firing their hooks (run by cron)."""
    from consultation.consultations.lifecycle import apply_clock

    done = apply_clock()
    for consultation, hooks in done:
        click.echo(f"{consultation.slug}: {', '.join(hooks)}")
    if not done:
        click.echo("Nothing to open or close.")
