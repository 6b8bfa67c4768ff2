"""Officers' pages: ask for responses, set the rules, reassign, and see who answered."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consultation.plugin_api import Comment, Consultation, Thread, User, db, permission_required
from consultation_councillor_responses import pages, rules, services
from consultation_councillor_responses.blueprint import bp
from consultation_councillor_responses.councillors import all_wards, councillors, represented
from consultation_councillor_responses.forms import AskForm, AssignForm, RouteForm, RuleForm
from consultation_councillor_responses.views.dashboard import request_or_404

MANAGE = "councillor_responses_manage"


def _consultation(consultation_id: int) -> Consultation:
    found = db.session.get(Consultation, consultation_id)
    if found is None:
        abort(404)
    return found


def _thread(consultation: Consultation, thread_id: int) -> Thread:
    found = db.session.get(Thread, thread_id)
    if found is None or found.consultation_id != consultation.id:
        abort(404)
    return found


def _councillor_label(user: User, wards: dict[int, set[int]], names: dict[int, str]) -> str:
    held = sorted(names[w] for w in wards.get(user.id, set()) if w in names)
    return f"{user.display_name} ({', '.join(held)})" if held else user.display_name


def _ask_form(consultation: Consultation, first_ward: int | None = None) -> AskForm:
    form = AskForm()
    wards = consultation.wards or all_wards()
    names = {ward.id: ward.name for ward in all_wards()}
    choices = [(ward.id, ward.name) for ward in wards]
    if first_ward is not None:
        choices = [(first_ward, _("%(ward)s (the resident's ward)", ward=names[first_ward]))] + [
            choice for choice in choices if choice[0] != first_ward
        ]
    form.wards.choices = choices
    held = represented()
    form.councillors.choices = [
        (user.id, _councillor_label(user, held, names)) for user in councillors()
    ]
    return form


@bp.get("/report")
@permission_required(MANAGE)
def report():
    """Site-wide: each consultation's requests, and the record per councillor and per ward."""
    consultations, by_councillor, by_ward = pages.report()
    return render_template(
        "councillor_responses/report.html",
        consultations=consultations,
        councillors=by_councillor,
        wards=by_ward,
    )


@bp.get("/consultations/<int:consultation_id>")
@permission_required(MANAGE)
def consultation(consultation_id: int):
    """One consultation: its rule, every thread's requests, counts per councillor and ward."""
    found = _consultation(consultation_id)
    page = pages.consultation_page(found)
    form = RuleForm(formdata=None, ward_councillors=page.rule)
    return render_template("councillor_responses/consultation.html", page=page, form=form)


@bp.post("/consultations/<int:consultation_id>/rule")
@permission_required(MANAGE)
def rule(consultation_id: int):
    """Set or clear "ward councillors respond to each question"."""
    found = _consultation(consultation_id)
    form = RuleForm()
    if not form.validate_on_submit():
        abort(400)
    made = rules.set_rule(found, bool(form.ward_councillors.data), actor=current_user)
    if form.ward_councillors.data and not found.is_open():
        flash(_("Saved. Ward councillors will be asked when the consultation opens."), "success")
    else:
        flash(
            _("Saved. %(num)d new requests for a response were made.", num=made)
            if made
            else _("Saved."),
            "success",
        )
    return redirect(url_for(".consultation", consultation_id=found.id), code=303)


def _render_ask(
    consultation: Consultation,
    thread: Thread,
    form: AskForm,
    comment: Comment | None = None,
    problem: str | None = None,
    status: int = 200,
):
    route = RouteForm(formdata=None, route_comments=rules.route_for(thread))
    return render_template(
        "councillor_responses/ask.html",
        consultation=consultation,
        thread=thread,
        comment=comment,
        form=form,
        route_form=route,
        problem=problem,
    ), status


def _ask(consultation: Consultation, thread: Thread, form: AskForm, comment: Comment | None = None):
    if request.method == "GET" or not form.validate_on_submit():
        return _render_ask(
            consultation, thread, form, comment, status=200 if request.method == "GET" else 400
        )
    try:
        made = services.ask(
            thread,
            ward_ids=form.wards.data,
            councillor_ids=form.councillors.data,
            actor=current_user,
            comment=comment,
        )
    except services.RequestRefused as refused:
        db.session.rollback()
        return _render_ask(consultation, thread, form, comment, refused.message, 409)
    flash(_("Asked for a response: %(num)d request(s).", num=len(made)), "success")
    return redirect(url_for(".consultation", consultation_id=consultation.id), code=303)


@bp.route(
    "/consultations/<int:consultation_id>/threads/<int:thread_id>/ask", methods=["GET", "POST"]
)
@permission_required(MANAGE)
def ask_thread(consultation_id: int, thread_id: int):
    """Ask wards' councillors or named councillors to respond to a question."""
    found = _consultation(consultation_id)
    thread = _thread(found, thread_id)
    return _ask(found, thread, _ask_form(found))


@bp.post("/consultations/<int:consultation_id>/threads/<int:thread_id>/route")
@permission_required(MANAGE)
def route(consultation_id: int, thread_id: int):
    """Choose whether residents' comments in a question go to their ward councillors."""
    found = _consultation(consultation_id)
    thread = _thread(found, thread_id)
    form = RouteForm()
    if not form.validate_on_submit():
        abort(400)
    rules.set_route(thread, bool(form.route_comments.data), actor=current_user)
    flash(_("Saved."), "success")
    return redirect(url_for(".ask_thread", consultation_id=found.id, thread_id=thread.id), code=303)


@bp.route(
    "/consultations/<int:consultation_id>/comments/<int:comment_id>/ask", methods=["GET", "POST"]
)
@permission_required(MANAGE)
def ask_comment(consultation_id: int, comment_id: int):
    """Ask a councillor to respond to one comment (the resident's ward comes first)."""
    found = _consultation(consultation_id)
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404)
    thread = _thread(found, comment.thread_id)
    author = db.session.get(User, comment.author_id) if comment.author_id else None
    form = _ask_form(found, author.ward_id if author else None)
    return _ask(found, thread, form, comment)


def _assign_form() -> AssignForm:
    form = AssignForm()
    names = {ward.id: ward.name for ward in all_wards()}
    held = represented()
    form.target.choices = (
        [("", _("Choose who should respond"))]
        + [(f"ward-{wid}", _("Councillors for %(ward)s", ward=name)) for wid, name in names.items()]
        + [(f"councillor-{u.id}", _councillor_label(u, held, names)) for u in councillors()]
    )
    return form


@bp.route("/requests/<int:request_id>/assign", methods=["GET", "POST"])
@permission_required(MANAGE)
def assign(request_id: int):
    """Give a request to a ward's councillors or to one councillor, with a fresh due date."""
    found = request_or_404(request_id)
    form = _assign_form()
    if request.method == "POST" and form.validate_on_submit():
        services.assign(found, form.target.data, actor=current_user)
        flash(_("The request has a new councillor and a new due date."), "success")
        return redirect(url_for(".consultation", consultation_id=found.consultation_id), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template(
        "councillor_responses/assign.html", item=pages.one(found), form=form
    ), status
