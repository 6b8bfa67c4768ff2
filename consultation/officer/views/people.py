"""People and roles (admins only): find people, change roles, deactivate accounts."""

from __future__ import annotations

import math

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from consultation.auth.models import User
from consultation.consultations.editing import EditRefused
from consultation.extensions import db
from consultation.officer import services
from consultation.officer.blueprint import bp
from consultation.officer.forms import RolesForm
from consultation.officer.views.common import int_arg, show_errors
from consultation.permissions import roles_required
from consultation.sanitiser import normalise_text
from consultation.teams import team_choices


def _person_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _roles_form(person: User) -> RolesForm:
    form = RolesForm(
        roles=sorted(person.roles & set(services.MANAGED_ROLES)),
        ward_id=str(person.ward_id or ""),
        team=person.team or "",
    )
    form.roles.choices = [(role, str(services.role_label(role))) for role in services.MANAGED_ROLES]
    form.ward_id.choices = services.ward_choices()
    form.team.choices = [("", _("Not council staff"))] + team_choices()
    return form


@bp.route("/people")
@roles_required("admin")
def people() -> ResponseReturnValue:
    """Find people by name or email."""
    query = normalise_text(request.args.get("q", ""), single_line=True)[:100]
    page = int_arg("page")
    found, total = services.find_people(query, page)
    return render_template(
        "officer/people.html",
        query=query,
        people=found,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / services.PEOPLE_PER_PAGE)),
    )


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def person(user_id: int) -> ResponseReturnValue:
    """One person's roles, ward and team, and whether their account is active."""
    person = _person_or_404(user_id)
    form = _roles_form(person)
    status = 200
    if form.validate_on_submit():
        try:
            changed = services.update_roles(
                person,
                current_user,
                form.roles.data or [],
                int(form.ward_id.data) if form.ward_id.data else None,
                form.team.data or None,
            )
        except EditRefused as refused:
            db.session.rollback()
            show_errors(form, refused.errors)
            status = 400
        else:
            flash(_("Roles saved.") if changed else _("Nothing had changed."), "success")
            return redirect(url_for(".person", user_id=person.id), code=303)
    elif form.errors:
        status = 400
    return render_template("officer/person.html", person=person, form=form), status


def _set_active(user_id: int, active: bool) -> ResponseReturnValue:
    person = _person_or_404(user_id)
    try:
        changed = services.set_active(person, current_user, active)
    except EditRefused as refused:
        db.session.rollback()
        form = _roles_form(person)
        return render_template(
            "officer/person.html",
            person=person,
            form=form,
            problems=[{"text": refused.message, "href": "#account"}],
        ), 409
    if changed:
        flash(
            _("Account deactivated. They have been signed out everywhere.")
            if not active
            else _("Account reactivated."),
            "success",
        )
    return redirect(url_for(".person", user_id=person.id), code=303)


@bp.route("/people/<int:user_id>/deactivate", methods=["POST"])
@roles_required("admin")
def deactivate(user_id: int) -> ResponseReturnValue:
    """Deactivate an account: it cannot sign in and its sessions end at once."""
    return _set_active(user_id, False)


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
@roles_required("admin")
def reactivate(user_id: int) -> ResponseReturnValue:
    """Let a deactivated account sign in again."""
    return _set_active(user_id, True)
