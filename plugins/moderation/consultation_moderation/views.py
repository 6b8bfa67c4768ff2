"""The plugin's pages, under /moderation/."""

from __future__ import annotations

from flask import Blueprint, render_template

from consultation.plugin_api import roles_required

bp = Blueprint("moderation", __name__, url_prefix="/moderation", template_folder="templates")


@bp.get("/")
@roles_required("moderator")
def index():
    """The plugin's start page, for moderator."""
    return render_template("moderation/index.html")
