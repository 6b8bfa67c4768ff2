"""The plugin's pages: every question of a consultation, and the officer's page."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from consultation.plugin_api import permission_required, public_consultation
from consultation_faq import services
from consultation_faq.forms import EntryForm

bp = Blueprint("faq", __name__, url_prefix="/faq", template_folder="templates")


@bp.get("/<slug>")
def questions(slug: str):
    """Every question and answer of one consultation, for anyone."""
    consultation = public_consultation(slug)
    entries = services.entries_for(consultation)
    return render_template("faq/questions.html", consultation=consultation, entries=entries)


@bp.route("/<slug>/manage", methods=["GET", "POST"])
@permission_required("faq_manage")
def manage(slug: str):
    """Officers and FAQ editors add questions and answers."""
    consultation = public_consultation(slug)
    form = EntryForm()
    if form.validate_on_submit():
        services.add_entry(consultation, form.question.data, form.answer.data)
        flash(_("Question added."), "success")
        return redirect(url_for("faq.manage", slug=slug))
    entries = services.entries_for(consultation)
    status = 400 if form.errors else 200
    page = render_template("faq/manage.html", consultation=consultation, entries=entries, form=form)
    return page, status
