"""The offline channel plugin: registered through the entry point `offline_channel`."""

from __future__ import annotations

from typing import Any

import click
from flask import Blueprint
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from consultation.plugin_api import (
    Channel,
    NavItem,
    Plugin,
    ReportSection,
    hookimpl,
    render_fragment,
)

# Models register the tables, batch_views and correction_views their pages on the
# blueprint, when the plugin loads.
from consultation_offline_channel import (  # noqa: F401
    batch_views,
    channel_mix,
    correction_views,
    data_rights,
    equality,
    models,
    slots,
)
from consultation_offline_channel.cli import offline_cli
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

    @hookimpl
    def export_columns(self) -> list[object]:
        """Export columns: late, why offline, paper reference; the respondent (personal)."""
        from consultation_offline_channel.exports import columns

        return columns()  # type: ignore[return-value]

    @hookimpl
    def comment_slots(
        self, slot: str, comments: list[Any], context: dict[str, Any]
    ) -> dict[int, Markup] | None:
        """Under offline comments, staff (only) see who entered them; everyone sees the channel."""
        return slots.comment_actions(comments, context) if slot == "comment_actions" else None

    @hookimpl
    def comment_channels(self) -> list[Channel]:
        """Responses that came some other way than the core's channels."""
        return [Channel("offline_channel_other", _l("Received offline"))]

    @hookimpl
    def cli_commands(self) -> list[click.Command]:
        """`flask offline-channel load-postcodes FILE.csv`."""
        return [offline_cli]

    @hookimpl
    def navigation_items(self, user: object) -> list[NavItem]:
        """The entry pages, for assisted-digital staff."""
        return [NavItem(_l("Offline responses"), "/offline/", roles=("assisted_digital",))]

    @hookimpl
    def report_sections(self, consultation: object) -> list[ReportSection]:
        """The channel mix, offline reconciliation and late responses, for the decision report."""
        from consultation_offline_channel import reconciliation

        channels = channel_mix.by_channel(consultation)
        reasons = channel_mix.by_reason(consultation)
        return [
            ReportSection(
                "offline_channel_mix",
                str(_l("Channel mix")),
                render_fragment(
                    "offline_channel/_channel_mix.html",
                    channels=channels,
                    reasons=reasons,
                    reason_label=channel_mix.reason_label,
                    heading_level=3,
                ),
                data={
                    "by_channel": {s.code: s.count for s in channels},
                    "by_reason": {s.code: s.count for s in reasons},
                },
            ),
            # Special-category data: only the suppressed aggregates (see equality.py).
            equality.report_section(consultation),
            # Batches complete or not (blocking a final report while one is open), late responses.
            *reconciliation.sections(consultation),
        ]

    @hookimpl
    def personal_data(self, user: Any) -> dict[str, Any] | None:
        """Offline responses giving the account’s email address as their contact."""
        return data_rights.personal_data(user)

    @hookimpl
    def erase_personal_data(self, user: Any) -> None:
        """Anonymise offline responses giving the erased account’s address."""
        data_rights.erase_personal_data(user)

    @hookimpl
    def find_personal_data(self, query: str) -> list[Any]:
        """Offline respondents whose name, contact details or postcode match."""
        return data_rights.find_personal_data(query)

    @hookimpl
    def anonymise_consultation(self, consultation: Any) -> int:
        """After retention: respondents’ names, contact details and postcodes go."""
        return data_rights.anonymise_consultation(consultation)
