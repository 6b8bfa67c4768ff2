"""Batch pages: start a batch, see entered against expected, close it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from consultation.plugin_api import roles_required
from consultation_offline_channel import batches
from consultation_offline_channel.forms import BatchForm, CloseBatchForm
from consultation_offline_channel.views import ROLE, _consultation, bp


@bp.route("/<slug>/batches", methods=["GET", "POST"])
@roles_required(ROLE)
def batch_list(slug: str) -> str | Response | tuple[str, int]:
    """The consultation's batches, and a form to start one."""
    consultation = _consultation(slug)
    form = BatchForm()
    if form.validate_on_submit():
        batch = batches.create_batch(
            consultation,
            name=form.name.data,
            received_on=form.received_on.data,
            place=form.place.data or "",
            channel=form.channel.data,
            expected=form.expected.data,
            staff=current_user._get_current_object(),
        )
        return redirect(url_for("offline_channel.batch", slug=slug, batch_id=batch.id))
    found = batches.batches_of(consultation)
    return render_template(
        "offline_channel/batches.html",
        consultation=consultation,
        form=form,
        batches=[(b, batches.entered(b)) for b in found],
    ), 400 if form.is_submitted() else 200


@bp.route("/<slug>/batches/<int:batch_id>", methods=["GET", "POST"])
@roles_required(ROLE)
def batch(slug: str, batch_id: int) -> str | Response | tuple[str, int]:
    """One batch: entered against expected; closing it (with a reason if they differ)."""
    consultation = _consultation(slug)
    found = batches.batch_of(consultation, batch_id)
    if found is None:
        abort(404)
    form = CloseBatchForm()
    if form.validate_on_submit():
        problem = batches.close_batch(found, current_user._get_current_object(), form.reason.data)
        if problem is None:
            flash(_("Batch closed."), "success")
            return redirect(url_for("offline_channel.batch", slug=slug, batch_id=batch_id))
        form.reason.errors = [problem]
    return render_template(
        "offline_channel/batch.html",
        consultation=consultation,
        batch=found,
        entered=batches.entered(found),
        form=form,
    ), 400 if form.is_submitted() else 200
