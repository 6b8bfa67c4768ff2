"""PostgreSQL goes away mid-run: a 503 that keeps the text, then recovery by itself.

The app reaches PostgreSQL through a TCP proxy this test controls; cutting the
proxy drops every open connection and refuses new ones, as a database restart
does, without touching the machine's PostgreSQL server (others use it).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import func, select

from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.testing.factories import make_consultation, make_thread, make_user

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (TEST_DATABASE_URL); SQLite has no server to lose",
)


class CuttableProxy:
    """Forward 127.0.0.1:<port> to the database until `cut()`, again after `restore()`."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = threading.Event()
        self.up.set()
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up.is_set():
                client.close()  # the server is "down": the connection is dropped at once
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.open.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        self.up.clear()
        with self.lock:
            for sock in self.open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open.clear()

    def restore(self) -> None:
        """Accept connections again."""
        self.up.set()

    def close(self) -> None:
        """Stop listening and drop everything."""
        self.cut()
        self.listener.close()


@pytest.fixture
def proxy(database_url):
    parts = urlsplit(database_url)
    running = CuttableProxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    yield running, urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{running.port}"))
    running.close()


def test_database_restart_gives_503_keeping_text_then_recovers_by_itself(app, proxy, make_app):
    cuttable, proxied_url = proxy
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    make_user(email="steady@example.org")
    thread_url = f"/consultations/{consultation.slug}/threads/{thread.id}"
    db.session.commit()

    behind_proxy = make_app(DATABASE_URL=proxied_url)
    client = behind_proxy.test_client()
    client.login("steady@example.org")
    token = client.csrf_token(thread_url)
    form = {"csrf_token": token, "submission_token": "tok-outage", "body": "Save the bus route."}

    cuttable.cut()
    response = client.post(f"{thread_url}/comments", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Save the bus route." in page, "the person's text is kept on the error page"
    assert "has been published" not in page
    assert client.get("/readyz").status_code == 503

    cuttable.restore()
    assert client.get("/readyz").status_code == 200, "recovers without a restart"
    response = client.post(f"{thread_url}/comments", data=form)
    assert response.status_code == 303
    db.session.rollback()
    assert db.session.scalar(select(func.count(Comment.id))) == 1
