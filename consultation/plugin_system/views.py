"""Officer pages: /officer/plugins lists installed plugins and switches them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from consultation.permissions import roles_required
from consultation.plugin_system import services
from consultation.plugin_system.forms import (
    ConsultationSwitchForm,
    SettingsSubmitForm,
    SwitchForm,
)
from consultation.plugin_system.registry import registry

bp = Blueprint("plugins", __name__, url_prefix="/officer/plugins", template_folder="templates")


def _loaded(name: str):
    found = registry().plugins.get(name)
    if found is None:
        abort(404)
    return found


@bp.get("/")
@roles_required("officer")
def index():
    """Every installed plugin: version, state, migrations, last error, switch."""
    return render_template(
        "plugins/index.html", plugins=services.overview(), switch_form=SwitchForm()
    )


@bp.post("/<name>/<any(enable, disable):action>")
@roles_required("officer")
def switch(name: str, action: str):
    """Switch a plugin on or off for the whole site."""
    loaded = _loaded(name)
    form = SwitchForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changed = services.set_enabled(name, action == "enable")
    except services.SwitchRefused as refused:
        return render_template(
            "plugins/index.html",
            plugins=services.overview(),
            switch_form=SwitchForm(),
            refusal=refused.message,
            refused=name,
        ), 409
    if changed:
        message = (
            _("%(title)s is switched on.")
            if action == "enable"
            else _("%(title)s is switched off.")
        )
        flash(message % {"title": loaded.title}, "success")
    return redirect(url_for("plugins.index"))


def _render_detail(name: str, settings_form=None, consultation_form=None, status: int = 200):
    loaded = _loaded(name)
    info = next(p for p in services.overview() if p.name == name)
    if settings_form is None:
        settings_form = services.settings_form_for(name)
    if consultation_form is None:
        consultation_form = ConsultationSwitchForm(formdata=None)
    consultation_form.consultation_id.choices = services.consultation_choices()
    failed = next(
        (f for f in (settings_form, consultation_form) if f is not None and f.errors), None
    )
    return render_template(
        "plugins/detail.html",
        plugin=loaded,
        info=info,
        settings_form=settings_form,
        settings_submit=SettingsSubmitForm(formdata=None),
        consultation_form=consultation_form,
        form=failed,
    ), status


@bp.get("/<name>")
@roles_required("officer")
def detail(name: str):
    """One plugin: its details, settings and per-consultation switches."""
    return _render_detail(name)


@bp.post("/<name>/settings")
@roles_required("officer")
def settings(name: str):
    """Save a plugin's settings (its own settings form)."""
    loaded = _loaded(name)
    form = services.settings_form_for(name, from_request=True)
    if form is None:
        abort(404)
    if not form.validate_on_submit():
        return _render_detail(name, settings_form=form, status=400)
    if services.save_settings(name, services.form_values(form)):
        flash(_("Settings for %(title)s saved.", title=loaded.title), "success")
    return redirect(url_for("plugins.detail", name=name))


@bp.post("/<name>/consultations")
@roles_required("officer")
def consultation_switch(name: str):
    """Switch a plugin on or off for one consultation, or make it follow the site."""
    loaded = _loaded(name)
    form = ConsultationSwitchForm()
    form.consultation_id.choices = services.consultation_choices()
    if not form.validate_on_submit():
        return _render_detail(name, consultation_form=form, status=400)
    consultation = services.consultation_by_id(form.consultation_id.data)
    try:
        if form.state.data == "site":
            services.follow_site(name, consultation)
        else:
            services.set_enabled(name, form.state.data == "on", consultation=consultation)
    except services.SwitchRefused as refused:
        form.state.errors = [refused.message]
        return _render_detail(name, consultation_form=form, status=409)
    flash(
        _(
            "%(title)s: saved for ‘%(consultation)s’.",
            title=loaded.title,
            consultation=consultation.title,
        ),
        "success",
    )
    return redirect(url_for("plugins.detail", name=name))
