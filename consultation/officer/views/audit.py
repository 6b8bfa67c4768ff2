"""The audit log page: read-only, filtered by person, action, consultation and date."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from consultation.officer import audit_log
from consultation.officer.blueprint import bp
from consultation.officer.dates import GovDateField
from consultation.officer.views.common import int_arg
from consultation.permissions import has_role, roles_required


class AuditFilterForm(FlaskForm):
    """The filters; a GET form that changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    actor = SelectField(_l("Person"), choices=[], validate_choice=False)
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    consultation = SelectField(_l("Consultation"), choices=[], validate_choice=False)
    date_from = GovDateField(_l("From"), date_name=_l("from date"))
    date_to = GovDateField(_l("To"), date_name=_l("to date"))


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


@bp.route("/audit")
@roles_required("officer")
def audit() -> ResponseReturnValue:
    """Every privileged action the reader may see, newest first."""
    form = AuditFilterForm(request.args)
    form.validate()
    filters = audit_log.Filters(
        actor_id=_number(form.actor.data),
        action=form.action.data or None,
        consultation_id=_number(form.consultation.data),
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )
    page = audit_log.audit_page(current_user, filters, int_arg("page"))
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "officer/audit.html",
        form=form,
        choices=audit_log.filter_choices(current_user),
        page=page,
        args=args,
        summary=audit_log.summary,
        reads_all=has_role(current_user, "admin"),
    ), 400 if form.errors else 200
