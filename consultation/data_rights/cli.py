"""`flask retention apply [--dry-run]`: anonymise personal data past its retention period."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

retention_cli = AppGroup("retention", help="Anonymise personal data after retention ends.")


@retention_cli.command("apply")
@click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")
def apply_command(dry_run: bool) -> None:
    """Anonymise consultations whose decision is older than RETENTION_MONTHS (run daily).

    Exit status 1 when a plugin could not anonymise a consultation.
    """
    from consultation.data_rights import retention

    months = current_app.config["RETENTION_MONTHS"]
    results = retention.apply(dry_run=dry_run)
    verb = "would anonymise" if dry_run else "anonymised"
    click.echo(
        f"Decisions published on or before {retention.cutoff(months=months):%Y-%m-%d} "
        f"({months} months ago): {len(results)} consultation(s)."
    )
    failed = False
    for result in results:
        slug = result.consultation.slug
        if result.error:
            failed = True
            click.echo(f"  {slug}: NOT anonymised, {result.error}", err=True)
            continue
        if not result.total:
            click.echo(f"  {slug}: nothing left to anonymise")
            continue
        parts = [f"{result.comments} comment name(s)"] + [
            f"{count} {plugin} record(s)" for plugin, count in sorted(result.plugins.items())
        ]
        click.echo(f"  {slug}: {verb} " + ", ".join(parts))
    if dry_run:
        click.echo("Dry run: nothing was changed.")
    if failed:
        raise SystemExit(1)
