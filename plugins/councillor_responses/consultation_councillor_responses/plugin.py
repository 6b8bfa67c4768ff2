"""The councillor responses plugin: registered through the entry point `councillor_responses`."""

from __future__ import annotations

from flask import Blueprint

from consultation.plugin_api import Plugin
from consultation_councillor_responses.views import bp


class CouncillorResponsesPlugin(Plugin):
    """Threads that need a councillor get a reply, on time and in public."""

    name = "councillor_responses"
    title = "Councillor responses"
    description = "Threads that need a councillor get a reply, on time and in public."
    #: Switched on by `flask seed-demo`, so the demo site shows it.
    demo_enabled = True

    def blueprints(self) -> list[Blueprint]:
        """The plugin's pages, under /councillor-responses/."""
        return [bp]
