"""The plugin's pages, under /offline/: thin views over services."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from consultation.plugin_api import roles_required
from consultation_offline_channel import batches, channel_mix, csv_import, equality, services
from consultation_offline_channel.forms import ImportForm, entry_form

bp = Blueprint("offline_channel", __name__, url_prefix="/offline", template_folder="templates")

ROLE = "assisted_digital"


@bp.get("/")
@roles_required(ROLE)
def index() -> str:
    """Pick a consultation to enter responses for."""
    return render_template(
        "offline_channel/index.html", consultations=services.consultations_for_entry()
    )


@bp.route("/<slug>/enter", methods=["GET", "POST"])
@roles_required(ROLE)
def enter(slug: str) -> str | Response | tuple[str, int]:
    """Enter one offline response; on a problem the form comes back with what was typed."""
    consultation = _consultation(slug)
    threads = services.questions(consultation)
    batch = None
    batch_id = request.args.get("batch", type=int)
    if batch_id is not None:
        batch = batches.batch_of(consultation, batch_id)
        if batch is None or batch.closed_at is not None:
            abort(404)
    # Inside a batch, its channel and date are filled in for each new entry.
    defaults = {"channel": batch.channel, "received_on": batch.received_on} if batch else {}
    form = entry_form(threads, **defaults)
    if form.validate_on_submit():
        response = services.record_response(
            consultation, _entry(form), current_user._get_current_object(), batch
        )
        message = _("Response saved.")
        if response.late:
            message += " " + _("It was received after the closing date and is flagged as late.")
        flash(message, "success")
        return redirect(
            url_for("offline_channel.enter", slug=slug, batch=batch.id if batch else None)
        )
    status = 400 if form.is_submitted() else 200
    return render_template(
        "offline_channel/enter.html",
        consultation=consultation,
        form=form,
        threads=threads,
        counts=services.response_counts(consultation),
        batch=batch,
        batch_entered=batches.entered(batch) if batch else 0,
        min_group=equality.min_group(),
    ), status


def _entry(form) -> services.Entry:
    """The form's answers as a service entry."""
    named = form.respondent.data == "named"
    return services.Entry(
        channel=form.channel.data,
        received_on=form.received_on.data,
        answers=form.answers(),
        token=form.token.data,
        respondent=services.Respondent(
            anonymous=not named,
            name=form.name.data if named else None,
            contact=form.contact.data if named else None,
            wants_reply=bool(form.wants_reply.data) and named,
            postcode=form.postcode.data or None,
            organisation=form.organisation.data if form.capacity.data == "organisation" else None,
            privacy_notice_given=bool(form.privacy_notice.data),
            offline_reason=form.offline_reason.data or None,
        ),
        equality=form.equality_answers(),
    )


@bp.get("/<slug>/import/template.csv")
@roles_required(ROLE)
def import_template(slug: str) -> Response:
    """The CSV template for this consultation: one column per question."""
    consultation = _consultation(slug)
    return Response(
        csv_import.template_csv(consultation),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{slug}-offline-template.csv"'},
    )


@bp.route("/<slug>/import", methods=["GET", "POST"])
@roles_required(ROLE)
def import_csv(slug: str) -> str | Response | tuple[str, int]:
    """Upload transcribed forms; any bad row stores nothing and is reported."""
    consultation = _consultation(slug)
    form = ImportForm()
    problems: list[csv_import.Problem] = []
    if form.validate_on_submit():
        try:
            rows = csv_import.read_rows(form.file.data.read())
        except ValueError as error:
            form.file.errors = [str(error)]
        else:
            entries, problems = csv_import.check_rows(consultation, rows)
            if not problems:
                try:
                    added, skipped = csv_import.import_entries(
                        consultation, entries, current_user._get_current_object()
                    )
                except csv_import.ImportFailed as failure:
                    form.file.errors = [_import_failed(failure)]
                    return _import_page(consultation, form, problems), 400
                flash(
                    _(
                        "Imported %(added)s responses; %(skipped)s were already imported.",
                        added=added,
                        skipped=skipped,
                    ),
                    "success",
                )
                return redirect(url_for("offline_channel.import_csv", slug=slug))
    status = 400 if form.is_submitted() else 200
    return _import_page(consultation, form, problems), status


def _import_failed(failure: csv_import.ImportFailed) -> str:
    """What staff are told when writing a checked file failed (nothing was stored)."""
    if failure.row is None:
        return _("The file could not be stored, so nothing was imported. Try again.")
    return _(
        "Row %(row)s could not be stored, so nothing was imported. "
        "Check that no one else is importing the same forms, then try again.",
        row=failure.row,
    )


def _import_page(consultation, form: ImportForm, problems: list) -> str:
    """The import page, with the form's errors and the row-by-row problems."""
    return render_template(
        "offline_channel/import.html",
        consultation=consultation,
        form=form,
        problems=problems,
        equality_columns=csv_import.EQUALITY_COLUMNS,
        equality_codes=lambda column: ", ".join(equality.QUESTIONS[column][1]),
        min_group=equality.min_group(),
        columns=list(
            zip(
                csv_import.question_columns(consultation),
                services.questions(consultation),
                strict=True,
            )
        ),
    )


def _consultation(slug: str):
    """The consultation staff may enter responses for, with questions; 404 otherwise."""
    consultation = services.consultation_for_entry(slug)
    if consultation is None or not services.questions(consultation):
        abort(404)
    return consultation


@bp.get("/<slug>/paper-form")
@roles_required(ROLE)
def paper_form(slug: str) -> str:
    """A print-ready paper form for the consultation; `?size=large` for large print."""
    consultation = _consultation(slug)
    return render_template(
        "offline_channel/paper_form.html",
        consultation=consultation,
        threads=services.questions(consultation),
        large=request.args.get("size") == "large",
    )


@bp.get("/<slug>/channel-mix")
@roles_required(ROLE, "officer")
def channel_mix_page(slug: str) -> str:
    """How responses reached the council, and why people responded offline."""
    consultation = _consultation(slug)
    return render_template(
        "offline_channel/channel_mix.html",
        consultation=consultation,
        channels=channel_mix.by_channel(consultation),
        reasons=channel_mix.by_reason(consultation),
        reason_label=channel_mix.reason_label,
    )


@bp.get("/<slug>/equality")
@roles_required(ROLE, "officer")
def equality_page(slug: str) -> str:
    """Equality monitoring of the offline responses: suppressed aggregates, nothing else."""
    consultation = _consultation(slug)
    return render_template(
        "offline_channel/equality.html",
        consultation=consultation,
        result=equality.aggregates(consultation),
    )
