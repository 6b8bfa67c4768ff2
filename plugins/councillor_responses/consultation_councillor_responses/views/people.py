"""Officers keep councillors' wards, committees, portfolio and term; admins set election dates."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consultation.plugin_api import User, db, permission_required, roles_required
from consultation_councillor_responses import councillors as people
from consultation_councillor_responses import periods
from consultation_councillor_responses.blueprint import bp
from consultation_councillor_responses.forms import CouncillorForm, PeriodForm
from consultation_councillor_responses.models import PreElectionPeriod

MANAGE = "councillor_responses_manage"


def councillor_or_404(user_id: int) -> User:
    """The active councillor with this id, or 404."""
    user = db.session.get(User, user_id)
    if user is None or not people.is_councillor(user) or not user.active:
        abort(404)
    return user


@bp.get("/councillors")
@permission_required(MANAGE)
def councillors():
    """Every councillor with the wards they represent."""
    names = people.ward_names()
    held = people.represented()
    rows = [
        (user, sorted(names[w] for w in held.get(user.id, set()) if w in names))
        for user in people.councillors()
    ]
    return render_template("councillor_responses/councillors.html", rows=rows)


@bp.route("/councillors/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_councillor(user_id: int):
    """Set a councillor's wards (one or more), portfolio, committees and term of office."""
    user = councillor_or_404(user_id)
    profile = people.profile(user)
    if request.method == "GET":
        form = CouncillorForm(
            formdata=None,
            wards=sorted(people.ward_ids_of(user)),
            portfolio=profile.portfolio if profile else "",
            committees=profile.committees if profile else "",
            term_starts=profile.term_starts if profile else None,
            term_ends=profile.term_ends if profile else None,
        )
    else:
        form = CouncillorForm()
    form.wards.choices = [(ward.id, ward.name) for ward in people.all_wards()]
    if request.method == "POST" and form.validate_on_submit():
        people.save_councillor(
            user,
            ward_ids=form.wards.data,
            portfolio=form.portfolio.data,
            committees=form.committees.data,
            term_starts=form.term_starts.data,
            term_ends=form.term_ends.data,
            actor=current_user,
        )
        flash(_("Saved %(name)s's details.", name=user.display_name), "success")
        return redirect(url_for(".councillors"), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template(
        "councillor_responses/councillor_form.html", person=user, form=form
    ), status


@bp.route("/pre-election", methods=["GET", "POST"])
@roles_required("admin")
def pre_election():
    """Admins set the pre-election periods; due dates stand still during them."""
    form = PeriodForm() if request.method == "POST" else PeriodForm(formdata=None)
    if request.method == "POST" and form.validate_on_submit():
        period = periods.add_period(form.starts_on.data, form.ends_on.data, actor=current_user)
        flash(_("Pre-election period added."), "success")
        return redirect(url_for(".pre_election") + f"#period-{period.id}", code=303)
    status = 200 if request.method == "GET" else 400
    return render_template(
        "councillor_responses/pre_election.html", periods=periods.periods(), form=form
    ), status


@bp.post("/pre-election/<int:period_id>/remove")
@roles_required("admin")
def remove_period(period_id: int):
    """Remove a pre-election period (due dates count those days again)."""
    period = db.session.get(PreElectionPeriod, period_id)
    if period is None:
        abort(404)
    periods.remove_period(period, actor=current_user)
    flash(_("Pre-election period removed."), "success")
    return redirect(url_for(".pre_election"), code=303)
