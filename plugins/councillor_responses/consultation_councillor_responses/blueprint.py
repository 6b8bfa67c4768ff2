"""The plugin's blueprint: every page lives under /councillor-responses/."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint(
    "councillor_responses",
    __name__,
    url_prefix="/councillor-responses",
    template_folder="templates",
)
