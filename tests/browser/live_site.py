"""The site under test: gunicorn on a free loopback port with its own database.

The database is a fresh SQLite file, brought up by `flask db upgrade heads`
(every migration lineage, as in production) and filled by `flask seed-demo`
(one account per role, three consultations), with every bundled plugin
switched on by `flask plugins enable`, so the pages look as they do on a new
install.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_support import DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    """The running server: where it listens, its database and the demo data's ids."""

    base_url: str
    database_url: str
    log: Path
    ids: dict[str, int] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        """The absolute address of `path` (which may name demo ids, like `{hours_thread}`)."""
        return self.base_url + path.format(**self.ids)


def free_port() -> int:
    """A loopback port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Runs `flask` commands one after another in ONE process through Flask's own
# CLI runner: the same Click commands as typing them, without importing the
# app (and every plugin) afresh for each one, which cost seconds per command.
_FLASK_COMMANDS = r"""
import json, sys, traceback
from wsgi import app

runner = app.test_cli_runner()
for args in json.loads(sys.argv[1]):
    result = runner.invoke(args=args)
    print(f"$ flask {' '.join(args)}\n{result.output}", flush=True)
    if result.exit_code != 0:
        if result.exc_info and not isinstance(result.exception, SystemExit):
            traceback.print_exception(*result.exc_info)
        sys.exit(f"flask {' '.join(args)} failed (exit code {result.exit_code})")
"""


def flask_commands(env: dict[str, str], *commands: list[str]) -> str:
    """Run each `flask --app wsgi ARGS` in the repository, in order; fail the tests if one fails."""
    result = subprocess.run(
        [sys.executable, "-c", _FLASK_COMMANDS, json.dumps(commands)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"preparing the test site failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def demo_ids(database_url: str) -> dict[str, int]:
    """Ids of the seeded records the page list refers to, read back from the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:

        def one(sql: str, **params: str) -> int:
            return connection.execute(text(sql), params).scalar_one()

        ids = {
            "hours_thread": one(
                "SELECT id FROM thread WHERE title = :t", t="Which opening hours would suit you?"
            ),
            "parking_thread": one(
                "SELECT id FROM thread WHERE title = :t",
                t="What do you think of free parking after 6pm?",
            ),
            "resident_comment": one(
                "SELECT id FROM comment WHERE submission_token = :t", t="demo-1"
            ),
            "resident_user": one(
                "SELECT id FROM user_account WHERE email = :t", t="resident@example.org"
            ),
            "councillor_reply": one(
                "SELECT id FROM comment WHERE submission_token = :t", t="demo-2"
            ),
            # From `flask moderation seed-demo`: a held comment, and one of the resident's rejected.
            "moderation_held": one(
                "SELECT id FROM comment WHERE submission_token = :t", t="demo-moderation-held"
            ),
            "moderation_rejected": one(
                "SELECT id FROM comment WHERE submission_token = :t", t="demo-moderation-rejected"
            ),
            # From `flask offline-channel seed-demo`: a paper response, corrected once.
            "offline_response": one(
                "SELECT id FROM offline_channel_response WHERE paper_reference = :t", t="DEMO-1"
            ),
            # From `flask councillor-responses seed-demo`: the one waiting for the councillor.
            "councillor_request": one(
                "SELECT id FROM councillor_responses_request WHERE status = :t", t="awaiting"
            ),
        }
        for name, slug in (
            ("library", "library-opening-hours"),
            ("parks", "parks-strategy-2027"),
            ("parking", "town-centre-parking"),
        ):
            ids[name] = one("SELECT id FROM consultation WHERE slug = :t", t=slug)
    engine.dispose()
    return ids


def bundled_plugins() -> list[str]:
    """The plugins shipped in the repository's plugins/ folder (each folder is named after one)."""
    return sorted(path.parent.name for path in (REPO / "plugins").glob("*/setup.cfg"))


def wait_until_up(process: subprocess.Popen, base_url: str, log: Path) -> None:
    """Wait until the server says its database is ready, or fail with its log."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped while starting:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base_url + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within 30 seconds:\n{log.read_text()}")


@contextmanager
def running_site(workdir: Path) -> Iterator[Site]:
    """Gunicorn on a free loopback port, on a fresh database in `workdir`, until the block ends."""
    database_url = f"sqlite:///{workdir / 'site.db'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_hex(32),
        "DEMO_PASSWORD": DEMO_PASSWORD,
        # Many sign-ins and form errors from one address in a minute are the
        # test, not an attack; rate limits have their own tests.
        "RATELIMIT_ENABLED": "false",
        # Journeys change plugin records and look at once as a visitor; the
        # anonymous page cache has its own tests (tests/test_page_cache.py).
        "ANONYMOUS_PAGE_CACHE_SECONDS": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TEST_DATABASE_URL", None)
    flask_commands(
        env,
        ["db", "upgrade", "heads"],
        ["seed-demo"],
        # Plugins start switched off; the site under test runs with every bundled one
        # on, as a council would, so their pages and page fragments are checked too.
        *(["plugins", "enable", plugin] for plugin in bundled_plugins()),
        ["moderation", "seed-demo"],  # comments for the moderation pages to show
        ["councillor-responses", "seed-demo"],  # requests, after moderation's
        ["offline-channel", "seed-demo"],  # a paper response, corrected once
    )
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = workdir / "server.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(process, base_url, log)
        yield Site(base_url, database_url, log, ids=demo_ids(database_url))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
