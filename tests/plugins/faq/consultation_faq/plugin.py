"""The plugin class: what the FAQ adds to the site, through the public hooks."""

from typing import Any

from flask import Blueprint
from markupsafe import Markup

from consultation.plugin_api import (
    Permission,
    Plugin,
    Role,
    hookimpl,
    plugin_settings,
    render_fragment,
)
from consultation_faq import services
from consultation_faq.forms import FaqSettingsForm
from consultation_faq.views import bp


class FaqPlugin(Plugin):
    """Questions and answers beside a consultation, kept by officers."""

    name = "faq"
    title = "Consultation FAQ"
    description = "Officers add questions and answers shown beside a consultation."
    priority = 50

    def blueprints(self) -> list[Blueprint]:
        """The plugin's pages, under /faq."""
        return [bp]

    @hookimpl
    def template_slot(self, slot: str, context: dict[str, Any]) -> Markup | None:
        """The first three questions in the consultation page's sidebar."""
        if slot != "consultation_sidebar":
            return None
        consultation = context["consultation"]
        entries = services.entries_for(consultation)
        if not entries:
            return None
        return render_fragment(
            "faq/_sidebar.html",
            consultation=consultation,
            entries=entries[:3],
            more=len(entries) > 3,
            heading=plugin_settings("faq")["faq_heading"],
        )

    @hookimpl
    def register_roles(self) -> list[Role]:
        """Someone who keeps the questions and answers without being an officer."""
        return [Role("faq_editor", "FAQ editor", "Adds questions and answers")]

    @hookimpl
    def register_permissions(self) -> list[Permission]:
        """Who may add questions and answers."""
        return [Permission("faq_manage", roles=("officer", "faq_editor"))]

    @hookimpl
    def settings_form(self) -> type[FaqSettingsForm]:
        """The heading officers may change."""
        return FaqSettingsForm
