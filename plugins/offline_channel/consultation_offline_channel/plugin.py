"""The offline channel plugin: registered through the entry point `offline_channel`."""

from __future__ import annotations

from flask import Blueprint

from consultation.plugin_api import Plugin
from consultation_offline_channel.views import bp


class OfflineChannelPlugin(Plugin):
    """Paper, phone and event responses, entered by staff, counted like online ones."""

    name = "offline_channel"
    title = "Offline channel"
    description = "Paper, phone and event responses, entered by staff, counted like online ones."
    #: Switched on by `flask seed-demo`, so the demo site shows it.
    demo_enabled = True

    def blueprints(self) -> list[Blueprint]:
        """The plugin's pages, under /offline/."""
        return [bp]
