"""The plugin's pages, under /councillor-responses/."""

from __future__ import annotations

from flask import Blueprint, render_template

from consultation.plugin_api import roles_required

bp = Blueprint(
    "councillor_responses",
    __name__,
    url_prefix="/councillor-responses",
    template_folder="templates",
)


@bp.get("/")
@roles_required("councillor")
def index():
    """The plugin's start page, for councillor."""
    return render_template("councillor_responses/index.html")
