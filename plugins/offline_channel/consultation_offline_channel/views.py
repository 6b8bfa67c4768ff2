"""The plugin's pages, under /offline/."""

from __future__ import annotations

from flask import Blueprint, render_template

from consultation.plugin_api import roles_required

bp = Blueprint("offline_channel", __name__, url_prefix="/offline", template_folder="templates")


@bp.get("/")
@roles_required("assisted_digital")
def index():
    """The plugin's start page, for assisted-digital staff."""
    return render_template("offline_channel/index.html")
