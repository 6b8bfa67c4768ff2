"""Which plugins are switched on: site-wide, and per consultation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.database import UTCDateTime
from consultation.extensions import db


class PluginState(db.Model):
    """One installed plugin's site-wide switch, settings and last error.

    A plugin without a row is off: new plugins start disabled.
    """

    __tablename__ = "plugin_state"

    #: The plugin's entry-point name, e.g. "moderation".
    plugin: Mapped[str] = mapped_column(String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Values of the plugin's settings form, by field name.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: The last exception a hook of this plugin raised, for the plugin page.
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_hook: Mapped[str | None] = mapped_column(String(64))
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PluginConsultationState(db.Model):
    """A per-consultation override of a plugin's site-wide switch (on or off)."""

    __tablename__ = "plugin_consultation_state"
    __table_args__ = (UniqueConstraint("plugin", "consultation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plugin: Mapped[str] = mapped_column(String(64))
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
