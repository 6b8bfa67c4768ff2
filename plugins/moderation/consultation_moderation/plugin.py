"""The moderation plugin: registered through the entry point `moderation`."""

from __future__ import annotations

from flask import Blueprint

from consultation.plugin_api import Plugin
from consultation_moderation.views import bp


class ModerationPlugin(Plugin):
    """Held and flagged comments, decided fairly and in the open."""

    name = "moderation"
    title = "Moderation"
    description = "Held and flagged comments, decided fairly and in the open."
    #: Switched on by `flask seed-demo`, so the demo site shows it.
    demo_enabled = True

    def blueprints(self) -> list[Blueprint]:
        """The plugin's pages, under /moderation/."""
        return [bp]
