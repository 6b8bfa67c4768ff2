"""Each bench script runs end to end for a few seconds, so none rots between measurements.

These are smoke runs, not benchmarks: tiny databases, one-second loads, and
no figure is checked except the scripts' own verdicts (nothing lost, no 5xx).
The SQLite pass of `make test` runs the single-server scripts; the PostgreSQL
pass runs the scale-out check, which needs PostgreSQL and Redis.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench_smoke

REPO = Path(__file__).resolve().parents[1]
ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
single_server = pytest.mark.skipif(
    ON_POSTGRES, reason="single-server scripts run once, in the SQLite pass"
)
needs_wrk = pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"
)


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def run_bench(tmp_path: Path, script: str, *args: str) -> str:
    """Run bench/`script` with its data in `tmp_path`; fail with its output if it fails."""
    env = dict(os.environ, BENCH_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@single_server
@needs_wrk
def test_read_bench_runs_project_and_floor(tmp_path):
    out = run_bench(
        tmp_path,
        "reads.py",
        *("--dbs", "sqlite", "--sizes", "300", "--seconds", "1", "--warmup", "0"),
        *("--start-warmup", "0.5"),
        "--no-calibrate",
    )
    assert "| sqlite | 300 | thread |" in out
    assert "project ÷ floor" in out


@single_server
def test_write_bench_loses_nothing(tmp_path):
    out = run_bench(
        tmp_path,
        "writes.py",
        *("--dbs", "sqlite", "--seconds", "2", "--posters", "2", "--comments", "300"),
    )
    assert "verdict: ok" in out


@single_server
@needs_wrk
def test_reload_under_load_gives_no_5xx(tmp_path):
    out = run_bench(tmp_path, "reload.py", *("--dbs", "sqlite", "--seconds", "4", "--reloads", "1"))
    assert "-> ok" in out


@single_server
def test_profiler_prints_where_time_goes(tmp_path):
    url = f"sqlite:///{tmp_path / 'profile.db'}"
    run_bench(tmp_path, "seed.py", "--database-url", url, "--comments", "200")
    out = run_bench(
        tmp_path,
        "profile_page.py",
        *("--database-url", url, "--path", "/consultations/bench-hot/threads/1"),
        *("--requests", "5", "--top", "3"),
    )
    assert "own time by layer" in out


@single_server
def test_offline_import_bench_imports_every_row_and_compares_with_executemany(tmp_path):
    url = f"sqlite:///{tmp_path / 'offline_import.db'}"
    out = run_bench(tmp_path, "offline_import_bench.py", "--rows", "50", "--database-url", url)
    # The script asserts every row and comment was stored before it prints its table.
    assert "| sqlite | 50 | 100 |" in out
    assert '"ratio_to_executemany"' in out


@single_server
def test_report_bench_counts_every_response_and_compares_with_bare_group_bys(tmp_path):
    url = f"sqlite:///{tmp_path / 'report.db'}"
    out = run_bench(tmp_path, "report_bench.py", "--responses", "300", "--database-url", url)
    # The script asserts the report counted every seeded response before printing.
    assert "| sqlite | 300 |" in out
    assert '"ratio_build_to_floor"' in out


@single_server
def test_erasure_bench_downloads_and_erases_one_account(tmp_path):
    out = run_bench(tmp_path, "erasure_bench.py", "--events", "400")
    # The script checks the download holds the 50 comments and the erasure kept them.
    assert '"audit_events": 400' in out and '"erase_seconds"' in out


@single_server
def test_export_bench_streams_every_row_and_compares_with_a_bare_loop(tmp_path):
    out = run_bench(tmp_path, "export_bench.py", "--comments", "300")
    # The script checks the app's, the bare loop's and the database's row counts agree.
    assert "verdict: ok" in out
    assert "| sqlite | 300 | app |" in out and "| sqlite | 300 | bare |" in out
    assert "app ÷ bare rows/s" in out


@pytest.mark.skipif(not ON_POSTGRES, reason="runs in the PostgreSQL pass")
@pytest.mark.skipif(not _reachable(6379), reason="needs Redis on 127.0.0.1:6379")
def test_scale_out_shares_sessions_plugins_and_limits(tmp_path):
    out = run_bench(tmp_path, "scaleout.py")
    assert "verdict: ok" in out
