"""Shared plumbing for the bench scripts: databases, servers on loopback, wrk.

Every server listens on 127.0.0.1 only and every load run is bounded in time,
so a benchmark cannot reach beyond this machine or run on by itself.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
#: The checkout whose app is measured: this one, or BENCH_APP_DIR (e.g. an export of
#: one commit, so half-finished work in a shared tree cannot skew the figures).
APP_DIR = Path(os.environ.get("BENCH_APP_DIR") or REPO).resolve()
if APP_DIR != REPO:
    sys.path.insert(0, str(APP_DIR))
BIN = Path(sys.executable).parent
#: Where seeded SQLite files, server logs and result JSON go (ignored by git).
DATA = Path(os.environ.get("BENCH_DATA_DIR") or BENCH / ".data")
HOST = "127.0.0.1"
#: Signs the bench servers' sessions; both servers of a scale-out run share it.
SECRET_KEY = "bench-secret-key-not-for-production"
#: The shared PostgreSQL database CI uses: a benchmark never touches it.
PROTECTED_DATABASES = frozenset({"test", "postgres", "template0", "template1"})


#: Servers started by this process, stopped at exit even when the script is killed.
_RUNNING: list[Server] = []


def _stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()


def _terminated(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwinds `with` blocks, then atexit stops the rest


atexit.register(_stop_all)
signal.signal(signal.SIGTERM, _terminated)


def free_port() -> int:
    """A TCP port nobody listens on right now, on loopback."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_name(url: str) -> str:
    """The database part of a PostgreSQL URL."""
    return urlsplit(url).path.lstrip("/")


def _admin_url(url: str) -> str:
    parts = urlsplit(url.replace("+psycopg", ""))
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))


def prepare_database(url: str, fresh: bool = True) -> None:
    """Make an empty database at `url` (a SQLite file, or a PostgreSQL database we own)."""
    if url.startswith("sqlite"):
        path = Path(url.split(":///", 1)[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = database_name(url)
    if name in PROTECTED_DATABASES or not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing to use database {name!r}: give the benchmark its own")
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if fresh or not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment for the real app: its database, no rate limits, quiet logs."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        RATELIMIT_ENABLED="false",
        RATELIMIT_STORAGE_URI="memory://",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(APP_DIR), os.environ.get("PYTHONPATH")])),
    )
    env.update(extra)
    return env


def flask_cli(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `flask --app wsgi ARGS` against `database_url`, as an operator would."""
    return subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=APP_DIR,
        env=app_env(database_url),
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def enable_all_plugins(database_url: str) -> list[str] | None:
    """Enable every plugin `flask plugins list --json` offers; None when there is no plugin CLI."""
    listed = flask_cli(database_url, "plugins", "list", "--json", check=False)
    if listed.returncode != 0:
        return None
    try:
        data = json.loads(listed.stdout)
    except json.JSONDecodeError:
        return None
    items = data.get("plugins", data) if isinstance(data, dict) else data
    names = [item["name"] if isinstance(item, dict) else str(item) for item in items]
    enabled = []
    for name in names:
        done = flask_cli(database_url, "plugins", "enable", name, check=False)
        if done.returncode == 0:
            enabled.append(name)
        else:  # reported, not fatal: the figures then say which plugins were on
            print(f"could not enable {name}: {done.stderr.strip()[-300:]}", flush=True)
    return enabled


@dataclass
class Server:
    """A process serving HTTP on 127.0.0.1:`port`, started in its own process group."""

    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        """The server's base URL."""
        return f"http://{HOST}:{self.port}"

    def stop(self) -> None:
        """Stop the server gracefully, then for good if it lingers."""
        if self in _RUNNING:
            _RUNNING.remove(self)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def gunicorn(
    name: str,
    app: str,
    env: dict[str, str],
    port: int | None = None,
    workers: int = 2,
    chdir: Path = APP_DIR,
    ready_path: str = "/healthz",
    extra: tuple[str, ...] = (),
) -> Server:
    """Start gunicorn with `workers` sync workers on loopback and wait until it answers."""
    port = port or free_port()
    DATA.mkdir(parents=True, exist_ok=True)
    log = DATA / f"{name}-{port}.log"
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--chdir",
        str(chdir),
        "--graceful-timeout",
        "20",
        *extra,
        app,
    ]
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=chdir,
            # gunicorn trusts $PWD over the real directory when resolving the app.
            env={**env, "PWD": str(chdir)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, port, process, log)
    _RUNNING.append(server)
    wait_until_up(server, ready_path)
    return server


def wait_until_up(server: Server, path: str = "/healthz", timeout: float = 60) -> None:
    """Block until `path` answers 200, or fail with the server's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(server.base + path, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{server.name} did not start:\n{server.log.read_text()[-3000:]}")


def ensure_wrk(install: bool = True) -> str:
    """The wrk binary; installed from Debian's packages when missing and `install` is set."""
    found = shutil.which("wrk")
    if found or not install:
        if not found:
            raise SystemExit("wrk is not installed: apt-get install -y wrk")
        return found
    print("wrk is missing: installing it from Debian's packages", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk") or "wrk"


def run_wrk(url: str, seconds: float, connections: int = 8, threads: int = 1) -> dict:
    """Drive `url` (loopback only) for `seconds`; requests/s, latency percentiles (ms), errors."""
    if urlsplit(url).hostname != HOST:
        raise ValueError("load is only ever sent to 127.0.0.1")
    command = [
        ensure_wrk(install=False),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "wrk_report.lua"),
        url,
    ]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    duration = raw["duration_us"] / 1e6
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / duration if duration else 0.0,
        "mean_ms": raw["mean"] / 1000,
        "p50_ms": raw["p50"] / 1000,
        "p90_ms": raw["p90"] / 1000,
        "p99_ms": raw["p99"] / 1000,
        "non_2xx": raw["status"],
        "socket_errors": errors,
    }


def load_average() -> float:
    """The one-minute load average, printed with every run (the machine is shared)."""
    return os.getloadavg()[0]
