"""Keep what a person typed when a request fails before its view runs.

A CSRF token that expired during a long writing session, or a rate limit,
stops the request before the view; the form's view registers a renderer here
so those failures re-render the form with the text and a clear message
instead of a bare error page.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, request
from werkzeug.exceptions import HTTPException

Renderer = Callable[[str, int], Response | tuple]

_renderers: dict[str, Renderer] = {}


def keeps_text(endpoint: str) -> Callable[[Renderer], Renderer]:
    """Register `renderer(message, status)` to rebuild the form page of `endpoint`."""

    def decorator(renderer: Renderer) -> Renderer:
        _renderers[endpoint] = renderer
        return renderer

    return decorator


def endpoints_keeping_text() -> frozenset[str]:
    """The endpoints whose forms come back with the person's text on any failure."""
    return frozenset(_renderers)


def recover(message: str, status: int) -> Response | tuple | None:
    """The form page with the person's text and `message`, or None if none is registered."""
    if request.method != "POST" or request.endpoint not in _renderers:
        return None
    try:
        return _renderers[request.endpoint](message, status)
    except HTTPException:
        # The form's page is not there to rebuild (a draft, a removed thread): the
        # caller's plain error page answers instead of an error inside an error.
        return None
