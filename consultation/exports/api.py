"""The open-data API, version 1: closed consultations and their published comments, anonymised.

Read-only, no sign-in, JSON by default; the comments also as CSV. Every
answer names the Open Government Licence v3.0 in a `Link: <…>; rel="license"`
header (and in the JSON body). See docs/api.md.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, stream_with_context
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from consultation.consultations.models import Consultation, Lifecycle
from consultation.exports import open_data
from consultation.exports.services import FORMATS
from consultation.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _public_headers(response: Response) -> Response:
    response.headers["Link"] = f'<{open_data.LICENCE["url"]}>; rel="license"'
    response.headers["Cache-Control"] = f"public, max-age={open_data.MAX_AGE}"
    # Open data: any site may read it from a browser (no cookies are involved).
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str) -> ResponseReturnValue:
    return jsonify({"error": message}), status


@bp.route("/consultations")
def consultations() -> ResponseReturnValue:
    """Every consultation whose comments are open data, with counts and the licence."""
    return _public_headers(
        jsonify({"licence": open_data.LICENCE, "consultations": open_data.closed_consultations()})
    )


def _format(ext: str | None) -> str | None:
    """The asked-for format: the extension, else ?format=, else the Accept header (JSON)."""
    if ext:
        return ext
    if "format" in request.args:
        wanted = request.args["format"].lower()
        return wanted if wanted in FORMATS else None
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"])
    return "csv" if best == "text/csv" else "json"


@bp.route("/consultations/<slug>/comments")
@bp.route("/consultations/<slug>/comments.<any(csv, json):ext>")
def comments(slug: str, ext: str | None = None) -> ResponseReturnValue:
    """The published comments of a closed consultation, anonymised, as JSON or CSV."""
    fmt = _format(ext)
    if fmt is None:
        return _error(400, "Unknown format: use format=json or format=csv")
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None or consultation.state() in (Lifecycle.DRAFT, Lifecycle.SCHEDULED):
        return _error(404, "No such consultation")
    if not open_data.is_open_data(consultation):
        return _error(
            403,
            "This consultation is still open: its comments become open data once it closes",
        )
    etag = open_data.version(consultation).etag
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        body = (
            open_data.comments_csv(consultation)
            if fmt == "csv"
            else open_data.comments_json(consultation)
        )
        response = Response(stream_with_context(body), mimetype=FORMATS[fmt])
        if fmt == "csv":
            response.headers["Content-Disposition"] = (
                f'inline; filename="{consultation.slug}-comments.csv"'
            )
    response.set_etag(etag)
    response.vary.add("Accept")
    return _public_headers(response)
