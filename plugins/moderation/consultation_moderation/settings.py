"""The plugin's site-wide settings, read once per request from the plugin system."""

from __future__ import annotations

from dataclasses import dataclass

from consultation.plugin_api import plugin_settings

NAME = "moderation"


@dataclass(frozen=True)
class Settings:
    """What officers chose on /officer/plugins/moderation (defaults until they save)."""

    mode: str
    flag_threshold: int
    max_links: int
    target_hours: int
    classifier_on: bool
    classifier_threshold: int


def current() -> Settings:
    """The settings in force for this request."""
    values = plugin_settings(NAME)
    return Settings(
        mode=str(values.get("moderation_mode") or "post"),
        flag_threshold=int(values.get("moderation_flag_threshold") or 3),
        max_links=int(values.get("moderation_max_links", 2)),
        target_hours=int(values.get("moderation_target_hours") or 24),
        classifier_on=values.get("moderation_classifier", "on") == "on",
        classifier_threshold=int(values.get("moderation_classifier_threshold") or 90),
    )
