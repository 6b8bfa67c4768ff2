"""A resident's own pages: their comments and what happened to them."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from consultation.comments import queries

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")


@bp.route("/")
@login_required
def index():
    """The account overview."""
    return render_template("account/index.html")


@bp.route("/comments")
@login_required
def comments():
    """Every comment the person wrote, its status, and the outcome points that answer it."""
    from consultation.outcomes.queries import answering_points

    mine = queries.comments_by(current_user)
    return render_template("account/comments.html", comments=mine, answers=answering_points(mine))
