"""The learning log's pages: write an evaluation, search them all, export them to share."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from consultation.extensions import db
from consultation.learning import services
from consultation.learning.forms import EvaluationForm
from consultation.officer.views.common import consultation_or_404
from consultation.permissions import roles_required

bp = Blueprint("learning", __name__, url_prefix="/officer", template_folder="templates")

#: Longest search text kept (longer is cut, not refused: it is only a search).
MAX_QUERY = 200


@bp.app_context_processor
def _learning_names() -> dict:
    return {"reach_label": services.REACH_LABELS.get, "format_cost": services.format_cost}


def _search_args() -> tuple[str, str]:
    query = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    tag = " ".join(request.args.get("tag", "").split()).lower()[:60]
    return query, tag


@bp.route("/learning")
@roles_required("officer")
def index() -> ResponseReturnValue:
    """Every evaluation, searchable by words and by tag; works without JavaScript."""
    query, tag = _search_args()
    return render_template(
        "learning/index.html",
        evaluations=services.search(query, tag),
        query=query,
        tag=tag,
        tags=services.all_tags(),
        channel_names=services.channel_names,
    )


@bp.route("/learning/export.<any(csv, json):fmt>")
@roles_required("officer")
def export(fmt: str) -> ResponseReturnValue:
    """The evaluations the search finds, as CSV or JSON, for sharing with other councils."""
    query, tag = _search_args()
    evaluations = services.search(query, tag)
    services.record_export(fmt, query, tag, len(evaluations))
    db.session.commit()
    text = services.export_text(evaluations, fmt, current_app.config["COUNCIL_NAME"])
    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="learning-log.{fmt}"'
    return response


@bp.route("/consultations/<int:consultation_id>/evaluation", methods=["GET", "POST"])
@roles_required("officer")
def evaluation(consultation_id: int) -> ResponseReturnValue:
    """Write or update the consultation's evaluation, once its outcome is published."""
    consultation = consultation_or_404(consultation_id)
    if not services.may_evaluate(consultation):
        return render_template("learning/not_yet.html", consultation=consultation), 409
    existing = services.evaluation_of(consultation.id)
    form = EvaluationForm(obj=existing) if request.method == "GET" else EvaluationForm()
    form.channels_worked.choices = services.channel_choices()
    if request.method == "GET" and existing is not None:
        form.cost.data = services.format_cost(existing.cost_pence).lstrip("£")
    if not form.validate_on_submit():
        return render_template(
            "learning/evaluation_form.html", form=form, consultation=consultation
        ), (400 if form.errors else 200)
    values = {name: form[name].data for name in services.FIELDS if name in form}
    values["cost_pence"] = services.parse_cost(form.cost.data)
    try:
        services.save_evaluation(consultation, values, current_user)
    except services.NotYet:  # the outcome was withdrawn meanwhile
        abort(409)
    db.session.commit()
    flash(_("Evaluation saved. It is in the learning log for the next team."), "success")
    return redirect(url_for("learning.index", q=consultation.title), code=303)
