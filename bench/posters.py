"""Simulated residents posting comments over real HTTP, as a browser does.

Each poster signs in through the sign-in form, then loops: post the comment
form it holds (its CSRF token and its own submission token), follow the 303
to the thread page, check its comment is on that page, and take the next form
from it. Used by the write benchmark, the reload check and the scale-out check.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

_INPUT = re.compile(r"<input[^>]*>")
_NAME = re.compile(r'name="([^"]+)"')
_VALUE = re.compile(r'value="([^"]*)"')


def form_fields(html: str) -> dict[str, str]:
    """Hidden and text inputs of a page by name (the last one wins)."""
    fields = {}
    for tag in _INPUT.findall(html):
        name, value = _NAME.search(tag), _VALUE.search(tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Result:
    """What one poster saw."""

    acked: list[tuple[str, int]] = field(default_factory=list)  #: (token, comment id)
    post_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    not_shown: int = 0


class Poster:
    """One signed-in person with their own cookies."""

    def __init__(
        self,
        base: str,
        email: str,
        password: str,
        cookies: http.cookiejar.CookieJar | None = None,
    ) -> None:
        if urllib.parse.urlsplit(base).hostname != "127.0.0.1":
            raise ValueError("posters only ever talk to 127.0.0.1")
        self.base = base
        self.email = email
        self.password = password
        #: Pass another poster's jar to be the same browser talking to another server.
        self.cookies = cookies if cookies is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        #: The thread page loaded before the timed run, which the first post uses.
        self.primed: tuple[int, str, str] | None = None

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location, body) of one GET or form POST, without following redirects."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as answer:
                return answer.status, answer.headers.get("Location", ""), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def sign_in(self) -> None:
        """Sign in through the real form; raises if it does not work."""
        _, _, page = self.request("/auth/login")
        token = form_fields(page)["csrf_token"]
        status, _, _ = self.request(
            "/auth/login", {"email": self.email, "password": self.password, "csrf_token": token}
        )
        if status != 302:
            raise RuntimeError(f"sign-in as {self.email} answered {status}")

    def post_loop(
        self, thread_path: str, deadline: float, result: Result, stop: threading.Event | None = None
    ) -> None:
        """Post comments until `deadline`, recording every answer in `result`."""
        status, _, page = self.primed or self.request(thread_path)
        n = 0
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            fields = form_fields(page)
            if "submission_token" not in fields:
                result.errors.append(f"no comment form on the page (status {status})")
                status, _, page = self.request(thread_path)
                continue
            n += 1
            data = {
                "csrf_token": fields["csrf_token"],
                "submission_token": fields["submission_token"],
                "body": f"Comment {n} from {self.email}: the bus route matters to us.",
            }
            started = time.perf_counter()
            try:
                status, location, page = self.request(thread_path + "/comments", data)
            except (OSError, http.client.HTTPException) as error:
                result.errors.append(f"{type(error).__name__}: {error}")
                status, _, page = self.request(thread_path)
                continue
            result.post_ms.append((time.perf_counter() - started) * 1000)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status != 303 or "#comment-" not in location:
                result.errors.append(f"POST answered {status}")
                status, _, page = self.request(thread_path)
                continue
            comment_id = int(location.rsplit("#comment-", 1)[1])
            result.acked.append((data["submission_token"], comment_id))
            status, _, page = self.request(location.split("#", 1)[0].replace(self.base, ""))
            if f'id="comment-{comment_id}"' not in page:
                result.not_shown += 1


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile (0–1) of `values`, nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run_posters(
    base: str,
    thread_path: str,
    emails: list[str],
    password: str,
    seconds: float,
    stop: threading.Event | None = None,
    on_ready: Callable[[], None] | None = None,
) -> Result:
    """Sign every poster in, call `on_ready`, then post concurrently for `seconds`."""
    posters = [Poster(base, email, password) for email in emails]
    for poster in posters:
        poster.sign_in()
        # Each poster's first thread page, before the clock starts: a fresh
        # worker compiles every template on it, seconds on a busy machine.
        poster.primed = poster.request(thread_path)
    if on_ready is not None:
        on_ready()
    results = [Result() for _ in posters]
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=p.post_loop, args=(thread_path, deadline, r, stop), daemon=True)
        for p, r in zip(posters, results, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    merged = Result()
    for r in results:
        merged.acked += r.acked
        merged.post_ms += r.post_ms
        merged.errors += r.errors
        merged.not_shown += r.not_shown
        for status, count in r.statuses.items():
            merged.statuses[status] = merged.statuses.get(status, 0) + count
    return merged
