"""`flask offline-channel …`: the council's postcode table and CSV imports."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from consultation.plugin_api import User, db, has_role
from consultation_offline_channel import csv_import, services

#: Named with the plugin's prefix, as every plugin command must be.
offline_cli = AppGroup("offline-channel", help="Offline responses: postcodes and imports.")


@offline_cli.command("load-postcodes")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def load_postcodes(path: str) -> None:
    """Load the postcode→ward table from a CSV with columns postcode, ward_code."""
    try:
        count = services.load_postcodes(services.read_csv(path))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Loaded {count} postcodes.")


@offline_cli.command("import")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--staff", "email", required=True, help="Email of the member of staff entering.")
def import_file(slug: str, path: str, email: str) -> None:
    """Import transcribed forms; any bad row imports nothing and is reported."""
    consultation = services.consultation_for_entry(slug)
    if consultation is None:
        raise click.ClickException(f"No open or closed consultation called {slug}.")
    staff = db.session.scalar(db.select(User).filter_by(email=email))
    if staff is None or not has_role(staff, "assisted_digital"):
        raise click.ClickException(f"{email} is not assisted-digital staff.")
    with open(path, "rb") as handle:
        try:
            rows = csv_import.read_rows(handle.read())
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    entries, problems = csv_import.check_rows(consultation, rows)
    if problems:
        for problem in problems:
            click.echo(f"Row {problem.row}, {problem.column}: {problem.message}", err=True)
        raise click.ClickException(f"Nothing imported: {len(problems)} problems.")
    # One transaction: the bar moves as rows are written; nothing is kept until the end.
    with click.progressbar(length=len(entries), label="Importing", show_pos=True) as bar:
        try:
            added, skipped = csv_import.import_entries(consultation, entries, staff, bar.update)
        except csv_import.ImportFailed as failure:
            where = f"row {failure.row}" if failure.row else "the file"
            # The error's class only: its message can quote the row's (private) values.
            raise click.ClickException(
                f"Nothing imported: {where} could not be stored "
                f"({type(failure.__cause__).__name__})."
            ) from None
    click.echo(f"Imported {added} responses; {skipped} were already imported.")
