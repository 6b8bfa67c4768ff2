"""Decision report pages, in the officer console's URL space (/officer/…, integer ids)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from consultation.consultations.models import Consultation
from consultation.extensions import db
from consultation.officer.views.common import consultation_or_404
from consultation.permissions import roles_required
from consultation.reports import charts, services
from consultation.reports.cli import load as load_wards_command
from consultation.reports.forms import CostForm, RepresentativeForm

#: Nested in the officer console's blueprint: URLs under /officer/, endpoints
#: "officer.reports.*", and `flask wards …` as its command group.
bp = Blueprint("reports", __name__, template_folder="templates", cli_group="wards")
bp.cli.help = "The council's wards."
bp.cli.add_command(load_wards_command)

REPORT = "/consultations/<int:consultation_id>/report"


@bp.app_template_filter("pounds")
def _pounds(pence: int | None) -> str:
    return services.pounds(pence)


@bp.app_template_filter("hours")
def _hours(hundredths: int) -> str:
    return services.hours(hundredths)


def _charts(report: services.Report) -> dict[str, Markup]:
    """One chart per breakdown; each is described by the table that follows it."""
    c = report.consultation
    period = _("day") if report.period == "day" else _("week")
    return {
        "channel": charts.bars(
            _("Responses by channel"),
            _(
                "Bar chart of the %(n)s responses to %(title)s by channel; "
                "figures in the table below.",
                n=report.total,
                title=c.title,
            ),
            [line.label for line in report.by_channel],
            [line.count for line in report.by_channel],
        ),
        "ward": charts.bars(
            _("Responses by ward"),
            _(
                "Bar chart of responses by ward, including responses whose ward is not known; "
                "figures in the table below."
            ),
            [line.label for line in report.by_ward],
            [line.count for line in report.by_ward],
        ),
        "thread": charts.bars(
            _("Responses by question"),
            _("Bar chart of responses to each question; figures in the table below."),
            [line.label for line in report.by_thread],
            [line.count for line in report.by_thread],
        ),
        "time": charts.timeline(
            _("Responses over time"),
            _(
                "Column chart of responses received each %(period)s; figures in the table below.",
                period=period,
            ),
            [line.label for line in report.over_time],
            [line.count for line in report.over_time],
        ),
    }


def render_body(report: services.Report, live: bool) -> str:
    """The report's body; `live` adds the officer's controls (never in a frozen copy)."""
    return render_template(
        "reports/_body.html",
        report=report,
        charts=_charts(report),
        live=live,
        costable=services.costable_channels(report.consultation) if live else {},
    )


def _report_page(
    report: services.Report, problems: list[dict] | None = None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "reports/report.html",
        consultation=report.consultation,
        report=report,
        body=Markup(render_body(report, live=True)),  # noqa: S704  (our own template)
        problems=problems or [],
    ), status


@bp.route(REPORT)
@roles_required("officer")
def report(consultation_id: int) -> ResponseReturnValue:
    """The decision report as it stands now, with its final versions."""
    consultation = consultation_or_404(consultation_id)
    return _report_page(services.build(consultation))


@bp.route("/consultations/<slug>/report")
@roles_required("officer")
def report_by_slug(slug: str) -> ResponseReturnValue:
    """The report by the consultation's address name, as people write it in emails and papers.

    The console's pages go by id; this sends the officer there.
    """
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        abort(404)
    return redirect(url_for(".report", consultation_id=consultation.id), code=301)


@bp.route(REPORT + "/finalise", methods=["POST"])
@roles_required("officer")
def finalise(consultation_id: int) -> ResponseReturnValue:
    """Mark the report final (frozen), unless something blocks it."""
    consultation = consultation_or_404(consultation_id)
    report = services.build(consultation)
    try:
        final, created = services.finalise(report, render_body(report, live=False), current_user)
    except services.FinaliseRefused as refused:
        problems = [
            {"text": f"{title}: {reason}", "href": "#finalise"} for title, reason in refused.reasons
        ]
        return _report_page(report, problems, 409)
    flash(
        _("Version %(n)s of the report is final.", n=final.version)
        if created
        else _(
            "Nothing has changed since version %(n)s: it is still the final report.",
            n=final.version,
        ),
        "success",
    )
    return redirect(
        url_for(".final", consultation_id=consultation.id, version=final.version), code=303
    )


@bp.route(REPORT + "/final/<int:version>")
@roles_required("officer")
def final(consultation_id: int, version: int) -> ResponseReturnValue:
    """A final version exactly as it was frozen."""
    consultation = consultation_or_404(consultation_id)
    frozen = services.final_version(consultation, version)
    if frozen is None:
        abort(404)
    return render_template(
        "reports/final.html",
        consultation=consultation,
        frozen=frozen,
        # Rendered and escaped by our own template when it was frozen.
        body=Markup(frozen.html),  # noqa: S704
        latest=services.finals(consultation)[0].version,
    )


@bp.route(REPORT + "/costs/<channel>", methods=["GET", "POST"])
@roles_required("officer")
def costs(consultation_id: int, channel: str) -> ResponseReturnValue:
    """Record what one channel cost."""
    consultation = consultation_or_404(consultation_id)
    label = services.costable_channels(consultation).get(channel)
    if label is None:
        abort(404)
    current = services.cost_of(consultation, channel)
    form = CostForm(
        data=None
        if current is None
        else {
            "staff_hours": services.hours(current.staff_hours_hundredths),
            "hourly_rate": services.pounds(current.hourly_rate_pence).lstrip("£"),
            "printing": services.pounds(current.printing_pence).lstrip("£"),
            "venue": services.pounds(current.venue_pence).lstrip("£"),
            "other": services.pounds(current.other_pence).lstrip("£"),
            "other_note": current.other_note,
        }
    )
    if form.validate_on_submit():
        _cost, changed = services.save_cost(
            consultation,
            channel,
            staff_hours_hundredths=form.staff_hours.hundredths,
            hourly_rate_pence=form.hourly_rate.pence,
            printing_pence=form.printing.pence,
            venue_pence=form.venue.pence,
            other_pence=form.other.pence,
            other_note=form.other_note.data or "",
            officer=current_user,
        )
        flash(
            _("Costs for %(channel)s saved.", channel=label)
            if changed
            else _("Nothing had changed."),
            "success",
        )
        return redirect(url_for(".report", consultation_id=consultation.id) + "#costs", code=303)
    return render_template(
        "reports/costs.html", form=form, consultation=consultation, label=label
    ), (400 if form.errors else 200)


@bp.route(
    "/consultations/<int:consultation_id>/comments/<int:comment_id>/representative",
    methods=["GET", "POST"],
)
@roles_required("officer")
def representative(consultation_id: int, comment_id: int) -> ResponseReturnValue:
    """Mark a comment as representative for the report (or change why)."""
    consultation = consultation_or_404(consultation_id)
    found = services.comment_of(consultation, comment_id)
    if found is None:
        abort(404)
    comment, thread = found
    mark = services.mark_of(consultation, comment)
    form = RepresentativeForm(data={"note": mark.note} if mark else None)
    status = 200
    if form.validate_on_submit():
        _mark, problem = services.mark_representative(
            consultation, comment, form.note.data or "", current_user
        )
        if problem is None:
            flash(_("Comment %(id)s is marked as representative.", id=comment.id), "success")
            return redirect(
                url_for(".report", consultation_id=consultation.id) + "#representative", code=303
            )
        form.note.errors = [problem]
        status = 409
    elif form.errors:
        status = 400
    return render_template(
        "reports/representative.html",
        form=form,
        consultation=consultation,
        comment=comment,
        thread=thread,
        mark=mark,
    ), status


@bp.route(
    "/consultations/<int:consultation_id>/comments/<int:comment_id>/representative/remove",
    methods=["POST"],
)
@roles_required("officer")
def unmark(consultation_id: int, comment_id: int) -> ResponseReturnValue:
    """Take a comment out of the report's representative selection."""
    consultation = consultation_or_404(consultation_id)
    found = services.comment_of(consultation, comment_id)
    if found is None:
        abort(404)
    if services.unmark_representative(consultation, found[0], current_user):
        flash(_("Comment %(id)s is no longer marked as representative.", id=comment_id), "success")
    return redirect(
        url_for(".report", consultation_id=consultation.id) + "#representative", code=303
    )


@bp.route("/reports")
@roles_required("officer")
def comparison() -> ResponseReturnValue:
    """Every consultation side by side: channel mix and cost per response, over time."""
    rows, channels = services.comparison()
    labels = {code: services.channel_label(code) for code in channels}
    names = [row.consultation.title for row in rows]
    mix = charts.stacked(
        _("Channel mix by consultation"),
        _(
            "Stacked bar chart of each consultation's responses by channel, oldest first; "
            "figures in the table below."
        ),
        names,
        [(labels[code], [row.by_channel.get(code, 0) for row in rows]) for code in channels],
    )
    costed = [row for row in rows if row.per_response_pence is not None]
    cost_chart = charts.bars(
        _("Cost per response, in pounds"),
        _(
            "Bar chart of each costed consultation's cost per response, oldest first; "
            "figures in the table below."
        ),
        [row.consultation.title for row in costed],
        [round(row.per_response_pence / 100, 2) for row in costed],  # type: ignore[operator]
    )
    return render_template(
        "reports/comparison.html",
        rows=rows,
        channels=channels,
        labels=labels,
        mix_chart=mix,
        cost_chart=cost_chart,
    )
