"""`flask wards load FILE.csv`: the council's wards and their populations.

The command joins the `wards` group through the reports blueprint's CLI group.
"""

from __future__ import annotations

import csv
import sys

import click
from flask.cli import with_appcontext

from consultation.reports.wards import WardsRefused, load_wards


@click.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def load(path: str) -> None:
    """Add or update wards from a CSV with the columns code,name,population.

    Every row is checked first: one bad row changes nothing, and each problem
    is listed by row number. Loading again updates names and populations.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except (UnicodeDecodeError, csv.Error) as exc:
        click.echo(f"{path}: not a readable UTF-8 CSV file ({exc}); nothing was changed.", err=True)
        sys.exit(1)
    try:
        added, updated = load_wards(rows, header)
    except WardsRefused as refused:
        click.echo(f"{path}: nothing was changed; fix these rows and load it again:", err=True)
        for problem in refused.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    click.echo(f"{added} wards added, {updated} updated.")
