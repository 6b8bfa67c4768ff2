"""Request parsing limits that hold for every form encoding.

Werkzeug enforces MAX_FORM_PARTS and MAX_FORM_MEMORY_SIZE for multipart
forms only; a URL-encoded body (what every plain HTML form sends) is read and
split whole. This module applies the same limits to URL-encoded forms, reads
invalid UTF-8 the same way in both encodings (as U+FFFD, which the form
validators then refuse with a message), and turns away NUL bytes in the URL
before they reach a database that cannot store them.
"""

from __future__ import annotations

import io
from typing import IO, Any
from urllib.parse import parse_qsl

from flask import Flask, Request, abort, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser


class LimitedFormDataParser(FormDataParser):
    """FormDataParser that bounds URL-encoded forms like multipart ones."""

    def _parse_urlencoded(
        self,
        stream: IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> Any:
        # The stream is already limited to MAX_CONTENT_LENGTH by Werkzeug.
        data = stream.read()
        parts = data.split(b"&") if data else []
        if self.max_form_parts is not None and len(parts) > self.max_form_parts:
            raise RequestEntityTooLarge()
        if self.max_form_memory_size is not None and any(
            len(part) > self.max_form_memory_size for part in parts
        ):
            raise RequestEntityTooLarge()
        # Invalid bytes, raw or percent-encoded, become U+FFFD exactly as the
        # multipart parser does, so one validator refuses both.
        text = data.decode("utf-8", "replace")
        items = parse_qsl(text, keep_blank_values=True, errors="replace")
        return io.BytesIO(b""), self.cls(items), self.cls()


class LimitedRequest(Request):
    """The application's request class."""

    form_data_parser_class = LimitedFormDataParser


def _refuse_nul_in_url() -> None:
    # PostgreSQL text cannot hold NUL: a query built from such a URL would fail
    # with a 500 instead of saying the page does not exist.
    if "\x00" in request.path:
        abort(404)
    if any("\x00" in key + value for key, value in request.args.items(multi=True)):
        abort(400)


def init_app(app: Flask) -> None:
    """Use the limited request class and the URL checks on `app`."""
    app.request_class = LimitedRequest
    app.before_request(_refuse_nul_in_url)
