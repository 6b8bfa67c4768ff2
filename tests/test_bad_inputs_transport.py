"""Oversized bodies, NUL bytes, control characters and broken UTF-8 get a clear answer.

Checks for the `transport` categories of tests/data/bad_inputs.json (see
tests/bad_inputs.py); each leaves no partial record behind.
"""

from __future__ import annotations

import http.client
import logging
import threading

import pytest
from bad_inputs import CATEGORIES, ENTRIES, Checks, Scene, as_bytes, entries_of
from sqlalchemy import select
from werkzeug.serving import make_server

from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.testing.factories import PASSWORD
from consultation.testing.html import error_summary, field_values

checks = Checks()
UNREADABLE = (
    "Your comment contains characters we could not read (shown as �). Remove them and try again"
)


@pytest.fixture
def scene(app, client) -> Scene:
    return Scene.build(app, client)


# --- oversized -----------------------------------------------------------------


@checks.of("body_just_over_limit")
def body_over_the_limit_is_refused_before_the_view(scene: Scene, name: str):
    over = b"body=" + b"a" * scene.app.config["MAX_CONTENT_LENGTH"]
    response = scene.refused_without_trace(lambda: scene.post_raw(over), 413)
    assert "too large" in response.get_data(as_text=True).lower()


@checks.of("form_field_10MB")
def one_huge_field_is_refused(scene: Scene, name: str):
    huge = "x" * 10_000_000
    url = scene.thread_url + "/comments"
    scene.refused_without_trace(lambda: scene.post_comment(huge), 413)
    # Even where a deployment allows bigger bodies, one field stays bounded.
    scene.app.config["MAX_CONTENT_LENGTH"] = 20_000_000
    scene.refused_without_trace(lambda: scene.post_comment(huge), 413)
    multipart = {"body": huge, "csrf_token": scene.token}
    scene.refused_without_trace(
        lambda: scene.client.post(url, data=multipart, content_type="multipart/form-data"), 413
    )


@checks.of("many_form_parts")
def ten_thousand_fields_are_refused(scene: Scene, name: str):
    fields = {f"f{i}": "1" for i in range(10_000)} | {"body": "hi", "csrf_token": scene.token}
    url = scene.thread_url + "/comments"
    scene.refused_without_trace(lambda: scene.client.post(url, data=fields), 413)
    scene.refused_without_trace(
        lambda: scene.client.post(url, data=fields, content_type="multipart/form-data"), 413
    )


@checks.of("comment_one_char_over_model_limit")
def one_character_too_many_comes_back_to_edit(scene: Scene, name: str):
    limit = scene.app.config["COMMENT_MAX_LENGTH"]
    text = "a" * (limit + 1)
    response = scene.refused_without_trace(lambda: scene.post_comment(text, "over"), 400)
    html = response.get_data(as_text=True)
    assert field_values(html)["body"] == text
    assert error_summary(html) == [
        f"Your comment must be {limit:,} characters or fewer – you have {limit + 1:,}"
    ]


@checks.of("chunked_without_length")
def a_chunked_body_meets_the_same_limit(scene: Scene, name: str):
    """A real HTTP server, ~13 MB sent chunked with no Content-Length."""
    server = make_server("127.0.0.1", 0, scene.app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = scene.counts()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
        connection.putrequest("POST", scene.thread_url + "/comments")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        chunk = b"a" * 65536
        try:
            connection.send(b"5\r\nbody=\r\n")
            for _ in range(200):
                connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            connection.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading at the limit, as it should
        assert connection.getresponse().status == 413
    finally:
        server.shutdown()
        server.server_close()
    assert scene.counts() == before


# --- NUL and control characters --------------------------------------------------


@checks.of("embedded_nul")
def nul_bytes_are_stripped_or_refused_never_a_500(scene: Scene, name: str):
    text = ENTRIES[name]["input"]
    assert scene.stored(text, "nul-body").body_text == "helloworld"
    assert scene.register(text, email="nul@example.org").status_code == 302
    assert scene.person("nul@example.org").display_name == "helloworld"
    # Where a NUL could reach a query: the path, the query string, a hidden field.
    assert scene.client.get("/consultations/hello%00world").status_code == 404
    assert scene.client.get(scene.thread_url + "?sort=%00&page=1%00").status_code == 400
    assert scene.post_comment("Tampered token", "a\x00b").status_code == 303
    assert (
        db.session.scalar(
            select(Comment.submission_token).where(Comment.body_text == "Tampered token")
        )
        != "a\x00b"
    )
    signing_in = scene.app.test_client()
    response = signing_in.submit("/auth/login", {"email": "a\x00b@example.org", "password": "x"})
    assert response.status_code == 400


@checks.of("leading_nul_postcode")
def a_nul_in_a_choice_is_refused(scene: Scene, name: str):
    """The core asks for no postcode; its nearest field, the ward, refuses the same value."""
    value = ENTRIES[name]["input"]
    response = scene.refused_without_trace(
        lambda: scene.register("Pat", email="pc@example.org", ward_id=value), 400
    )
    assert error_summary(response.get_data(as_text=True))


@checks.of("c0_controls")
def control_characters_are_stripped(scene: Scene, name: str):
    text = ENTRIES[name]["input"]
    assert scene.stored(text, "c0").body_text == "abcd"
    assert scene.register(text, email="c0@example.org").status_code == 302
    assert scene.person("c0@example.org").display_name == "abcd"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@checks.of("crlf_log_injection")
def a_forged_log_line_stays_on_one_line(scene: Scene, name: str):
    text = ENTRIES[name]["input"]
    lines = _Lines()
    for logger in (scene.app.logger, logging.getLogger()):
        logger.addHandler(lines)
    try:
        scene.stored(text, "crlf")
        scene.register(text, email="crlf@example.org")
        scene.app.test_client().submit("/auth/login", {"email": text, "password": text})
    finally:
        for logger in (scene.app.logger, logging.getLogger()):
            logger.removeHandler(lines)
    assert [line for line in lines.lines if "\n" in line or "\r" in line] == []
    assert scene.person("crlf@example.org").display_name == " ".join(text.split())


# --- invalid UTF-8 -----------------------------------------------------------------


def _multipart(body: bytes, token: str) -> bytes:
    part = b'--xYzZy\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
    return part % (b"body", body) + part % (b"csrf_token", token.encode()) + b"--xYzZy--\r\n"


@checks.of(
    "lone_continuation_byte",
    "truncated_2byte_seq",
    "utf16_surrogate_in_utf8",
    "invalid_utf8_in_urlencoded",
)
def broken_utf8_is_refused_alike_in_every_encoding(scene: Scene, name: str):
    raw = as_bytes(name).replace(b"comment=", b"body=")
    response = scene.refused_without_trace(lambda: scene.post_raw(raw), 400)
    assert error_summary(response.get_data(as_text=True)) == [UNREADABLE]
    body = raw.split(b"=", 1)[1]
    if b"%" in body:
        return  # percent-escapes mean nothing in a multipart form
    response = scene.refused_without_trace(
        lambda: scene.client.post(
            scene.thread_url + "/comments",
            data=_multipart(body, scene.token),
            content_type="multipart/form-data; boundary=xYzZy",
        ),
        400,
    )
    assert error_summary(response.get_data(as_text=True)) == [UNREADABLE]


@checks.of("overlong_slash")
def an_overlong_slash_never_becomes_a_slash(scene: Scene, name: str):
    value = as_bytes(name).split(b"=", 1)[1]
    client = scene.app.test_client()
    form = b"email=over%40example.org&ward_id=&password=" + PASSWORD.replace(" ", "+").encode()
    form += b"&display_name=" + value + b"&csrf_token=" + client.csrf_token().encode()
    response = scene.refused_without_trace(
        lambda: client.post(
            "/auth/register", data=form, content_type="application/x-www-form-urlencoded"
        ),
        400,
    )
    html = response.get_data(as_text=True)
    assert "/" not in field_values(html)["display_name"]
    assert error_summary(html) == [
        "Display name contains characters we could not read (shown as �). Remove them and try again"
    ]


# --- the table of checks ------------------------------------------------------------


def test_every_transport_entry_of_the_corpus_has_a_check():
    assert [name for name in entries_of("transport") if name not in checks] == []


def test_every_category_of_the_corpus_has_a_module_checking_it():
    claimed = set().union(*CATEGORIES.values())
    assert sorted({e["category"] for e in ENTRIES.values()} - claimed) == []


@pytest.mark.parametrize("name", entries_of("transport"))
def test_bad_input_gets_the_answer_the_corpus_expects(scene, name):
    checks[name](scene, name)
