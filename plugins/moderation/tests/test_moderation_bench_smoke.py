"""bench/moderation_bench.py runs end to end on a tiny queue, so it does not rot.

A smoke run, not a measurement: the figures are in docs/performance.md.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench_smoke

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the bench makes its own SQLite file; it runs once, in the SQLite pass",
)
def test_the_moderation_bench_reports_checks_and_queue_latency(tmp_path):
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "moderation_bench.py")]
        + ["--sizes", "5,20", "--repeat", "2"]
        + ["--database-url", f"sqlite:///{tmp_path / 'moderation.db'}"],
        cwd=REPO,
        env=dict(os.environ, BENCH_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["checks"]["comment_characters"] == 2000
    assert report["checks"]["all_checks_ms"] > 0
    assert set(report["queue"]) >= {"queue@5", "queue@20", "queue_filtered@20"}
