"""Scale out: two app servers on different ports sharing PostgreSQL and Redis.

Checks that nothing lives in one server: a session signed in on A works on
B (and signing out on B ends it on A); a plugin switched off on A's officer
page is off on B at the next request, and back on likewise; sign-in rate
limits are counted across both (Redis database 5).

    .venv/bin/python bench/scaleout.py
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from posters import Poster, form_fields  # noqa: E402
from seed import PASSWORD, seed  # noqa: E402

PG_URL = "postgresql://postgres@127.0.0.1:5432/bench_scaleout"
REDIS_URL = "redis://127.0.0.1:6379/5"
#: Small enough to reach in a few requests, shared through Redis.
LOGIN_LIMIT = "6 per minute"


def check(name: str, ok: bool, detail: str = "") -> bool:
    """Print one check's outcome."""
    print(f"  {'ok  ' if ok else 'FAIL'} {name}" + (f" ({detail})" if detail else ""))
    return ok


def sessions(a: common.Server, b: common.Server, thread_path: str) -> bool:
    """Sign in on A, read and post on B, sign out on B, refused on A."""
    on_a = Poster(a.base, "poster0@bench.example.org", PASSWORD)
    on_a.sign_in()
    # The same browser (cookie jar) talking to the other server.
    on_b = Poster(b.base, on_a.email, PASSWORD, cookies=on_a.cookies)
    ok = True
    status, _, _ = on_b.request("/account/comments")
    ok &= check("a session from A is signed in on B", status == 200, f"B answered {status}")
    status, _, page = on_b.request(thread_path)
    fields = form_fields(page)
    status, location, _ = on_b.request(
        thread_path + "/comments",
        {
            "csrf_token": fields.get("csrf_token", ""),
            "submission_token": fields.get("submission_token", ""),
            "body": "Posted on B with a session from A.",
        },
    )
    ok &= check("B accepts a form with A's session and CSRF token", status == 303, str(status))
    token = form_fields(on_b.request("/")[2]).get("csrf_token", "")
    on_b.request("/auth/logout", {"csrf_token": token})
    status, location, _ = on_a.request("/account/comments")
    ok &= check(
        "signing out on B ends the session on A", status == 302 and "login" in location, str(status)
    )
    return ok


def plugin_switch(a: common.Server, b: common.Server, plugin: str, path: str) -> bool:
    """Switch `plugin` off and on through A's officer page; B follows at the next request."""
    admin_a = Poster(a.base, "admin@bench.example.org", PASSWORD)
    admin_a.sign_in()
    admin_b = Poster(b.base, "admin@bench.example.org", PASSWORD)
    admin_b.sign_in()
    ok = check(f"{plugin} is on at B first", admin_b.request(path)[0] == 200)
    for action, expected in (("disable", 404), ("enable", 200)):
        token = form_fields(admin_a.request("/officer/plugins/")[2]).get("csrf_token", "")
        status, _, _ = admin_a.request(f"/officer/plugins/{plugin}/{action}", {"csrf_token": token})
        seen = admin_b.request(path)[0]
        ok &= check(
            f"{action} on A -> B's next request to {path} answers {expected}",
            status == 302 and seen == expected,
            f"A answered {status}, B {seen}",
        )
    return ok


def rate_limits(a: common.Server, b: common.Server) -> bool:
    """Wrong passwords alternate between A and B; the shared limit stops the seventh."""
    # Start from zero: the sign-ins of the other checks counted too.
    subprocess.run(["redis-cli", "-n", "5", "FLUSHDB"], check=True, capture_output=True)
    statuses = []
    for n in range(8):
        server = a if n % 2 == 0 else b
        poster = Poster(server.base, "nobody@bench.example.org", "wrong password")
        token = form_fields(poster.request("/auth/login")[2]).get("csrf_token", "")
        statuses.append(
            poster.request(
                "/auth/login", {"email": poster.email, "password": "wrong", "csrf_token": token}
            )[0]
        )
    first_429 = statuses.index(429) if 429 in statuses else -1
    return check(
        f"sign-in limit ({LOGIN_LIMIT}) is counted across A and B",
        first_429 == 6 and all(s == 400 for s in statuses[:6]),
        f"answers {statuses}",
    )


def main() -> None:
    """Seed, start A and B, run the checks."""
    parser = argparse.ArgumentParser(description="Two app servers, one PostgreSQL, one Redis")
    parser.add_argument("--plugin", default="moderation")
    parser.add_argument("--plugin-path", default="/moderation/")
    args = parser.parse_args()
    seeded = seed(PG_URL, 1000)
    plugins = common.enable_all_plugins(PG_URL)
    subprocess.run(["redis-cli", "-n", "5", "FLUSHDB"], check=True, capture_output=True)
    env = common.app_env(
        PG_URL,
        RATELIMIT_ENABLED="true",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_LOGIN=LOGIN_LIMIT,
    )
    thread_path = f"/consultations/{seeded.hot_slug}/threads/{seeded.hot_thread_id}"
    ok = True
    with common.gunicorn("A", "wsgi:app", env) as a, common.gunicorn("B", "wsgi:app", env) as b:
        print(f"A on {a.base}, B on {b.base}, PostgreSQL bench_scaleout, Redis db 5")
        ok &= sessions(a, b, thread_path)
        if plugins is None or args.plugin not in plugins:
            print(f"  skip plugin switch: {args.plugin} is not installed ({plugins})")
        else:
            ok &= plugin_switch(a, b, args.plugin, args.plugin_path)
        ok &= rate_limits(a, b)
    print("verdict:", "ok" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
