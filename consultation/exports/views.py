"""Officer pages for exports: choose a format (and personal data), download a streamed file."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, stream_with_context
from flask.typing import ResponseReturnValue

from consultation.exports import services
from consultation.exports.forms import ExportForm
from consultation.extensions import db
from consultation.officer.views.common import consultation_or_404
from consultation.permissions import roles_required

bp = Blueprint("exports", __name__, url_prefix="/officer", template_folder="templates")


@bp.route("/consultations/<int:consultation_id>/export", methods=["GET", "POST"])
@roles_required("officer")
def export(consultation_id: int) -> ResponseReturnValue:
    """The export form; a valid POST audits the export and streams the file."""
    consultation = consultation_or_404(consultation_id)
    form = ExportForm()
    if not form.validate_on_submit():
        return render_template(
            "exports/export.html",
            form=form,
            consultation=consultation,
            count=services.response_count(consultation.id),
        ), (400 if form.errors else 200)
    fmt = form.format.data
    plan = services.plan_export(consultation, personal=bool(form.personal.data))
    services.record_export(plan, fmt, form.reason.data if plan.personal else None)
    # Committed before the first byte: the audit event stands even if the download is cut off.
    db.session.commit()
    response = Response(
        stream_with_context(services.stream(plan, fmt)), mimetype=services.FORMATS[fmt]
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{services.filename(consultation, fmt, plan.personal)}"'
    )
    # A file that may hold personal data is never kept by a shared cache or the browser.
    response.headers["Cache-Control"] = "no-store"
    return response
