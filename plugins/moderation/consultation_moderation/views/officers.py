"""Officers' pages: the word list, and each consultation's moderation mode."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consultation.plugin_api import (
    Consultation,
    db,
    has_permission,
    keeps_text,
    permission_required,
)
from consultation_moderation import modes, settings, terms
from consultation_moderation.forms import ModeForm, RemoveForm, TermForm
from consultation_moderation.views import bp

MANAGE = "moderation_manage"


def _render_words(form: TermForm, status: int = 200, problem: str | None = None):
    page = render_template(
        "moderation/words.html",
        terms=terms.active_terms(),
        form=form,
        remove_form=RemoveForm(formdata=None),
        problem=problem,
    )
    return page, status


@bp.route("/words", methods=["GET", "POST"])
@permission_required(MANAGE)
def words():
    """The words and phrases that hold a comment for a moderator; officers add them."""
    form = TermForm()
    if form.validate_on_submit():
        term, added = terms.add_term(form.phrase.data, current_user)
        if added:
            flash(_("‘%(phrase)s’ is on the list.", phrase=term.phrase), "success")
        else:
            flash(_("‘%(phrase)s’ was already on the list.", phrase=term.phrase), "info")
        return redirect(url_for("moderation.words"), code=303)
    return _render_words(form, 400 if form.errors else 200)


@keeps_text("moderation.words")
def _words_recovery(message: str, status: int):
    # Runs before the route's own checks (an expired form, a lost session): check them here.
    if not has_permission(current_user, MANAGE):
        abort(403)
    return _render_words(TermForm(), status, message)


@bp.post("/words/<int:term_id>/remove")
@permission_required(MANAGE)
def remove_word(term_id: int):
    """Take a word or phrase off the list (the record stays for the audit)."""
    form = RemoveForm()
    if not form.validate_on_submit():
        return _render_words(TermForm(formdata=None), 400, _("The form expired. Try again."))
    term = terms.remove_term(term_id, current_user)
    if term is None:
        abort(404)
    flash(_("‘%(phrase)s’ is no longer on the list.", phrase=term.phrase), "success")
    return redirect(url_for("moderation.words"), code=303)


@bp.get("/modes")
@permission_required(MANAGE)
def mode_list():
    """Every consultation with the way its comments are moderated."""
    return render_template(
        "moderation/modes.html", rows=modes.overview(), site_mode=settings.current().mode
    )


@bp.route("/consultations/<int:consultation_id>/mode", methods=["GET", "POST"])
@permission_required(MANAGE)
def mode(consultation_id: int):
    """Choose post- or pre-moderation for one consultation, or follow the site default."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    form = ModeForm()
    if form.validate_on_submit():
        modes.set_mode(consultation, form.mode.data, current_user)
        flash(_("Saved how comments on ‘%(title)s’ are moderated.", title=consultation.title))
        return redirect(url_for("moderation.mode_list"), code=303)
    if request.method == "GET":
        form.mode.data = modes.override_for(consultation.id) or modes.SITE
    page = render_template(
        "moderation/mode.html",
        consultation=consultation,
        form=form,
        site_mode=settings.current().mode,
    )
    return page, 400 if form.errors else 200
