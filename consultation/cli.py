"""Command-line tools: `flask seed-demo`."""

from __future__ import annotations

import click
from flask import Flask

from consultation.demo import DemoRefused, seed_demo


def init_app(app: Flask) -> None:
    """Register the core's commands."""

    @app.cli.command("seed-demo")
    @click.option(
        "--password",
        envvar="DEMO_PASSWORD",
        default="Consult-demo-2026",
        show_default=True,
        help="Password for every demo account.",
    )
    def seed_demo_command(password: str) -> None:
        """Fill an empty database with demo wards, accounts, consultations and comments."""
        try:
            accounts = seed_demo(password)
        except DemoRefused as refused:
            raise click.ClickException(str(refused)) from refused
        if not accounts:
            click.echo("Demo data is already there; nothing to do.")
            return
        click.echo("Demo accounts (for demonstration only – never use them in production):")
        for email, roles in accounts:
            click.echo(f"  {email:<28} {', '.join(roles)}")
        click.echo(f"Password for every account: {password}")
