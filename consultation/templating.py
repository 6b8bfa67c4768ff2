"""Template helpers: the council's identity, navigation, dates in Europe/London."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_timezone as get_babel_zone
from flask import Flask, current_app, g, url_for
from flask_babel import format_date, format_datetime, format_timedelta, get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user

from consultation.database import utcnow
from consultation.permissions import has_role
from consultation.plugin_system.slots import render_slot


def london_datetime(value: datetime | None) -> str:
    """A moment as residents read it: '27 November 2026, 5:30pm' in UK time."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    # Shown to the minute, so every moment within a minute reads the same.
    minute = value.astimezone(UTC).replace(second=0, microsecond=0)
    return _minute_text(minute, str(get_locale()), str(get_timezone()))


@lru_cache(maxsize=65536)
def _minute_text(minute: datetime, locale: str, zone: str) -> str:
    """Babel's formatting of one minute, kept: a thread page shows the same comments'
    times on every view, and formatting each afresh was a tenth of the page's cost."""
    text = babel_format_datetime(
        minute, "d MMMM yyyy, h:mm a", tzinfo=get_babel_zone(zone), locale=locale
    )
    return (
        text.replace(" AM", "am").replace(" PM", "pm").replace(":00am", "am").replace(":00pm", "pm")
    )


def long_date(value: date | datetime | None) -> str:
    """A date as '27 November 2026'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "d MMMM yyyy")
    return format_date(value, "d MMMM yyyy")


def time_left(value: datetime | None) -> str:
    """How long until `value`, in words ('3 days')."""
    if value is None:
        return ""
    return format_timedelta(value - utcnow(), granularity="minute", threshold=1.0)


def iso(value: datetime | None) -> str:
    """Machine-readable timestamp for <time datetime>."""
    return value.isoformat() if value else ""


def channel_label(code: str) -> str:
    """How a response channel is shown to residents ("Received by post").

    Plugins add channels (and their labels) through the `comment_channels` hook.
    """
    from consultation.comments.models import CORE_CHANNELS
    from consultation.plugin_system.contributions import channel_labels

    if code in CORE_CHANNELS:
        return _(CORE_CHANNELS[code])
    return str(channel_labels().get(code) or code.replace("_", " ").capitalize())


def navigation_items() -> list[dict[str, str]]:
    """Service navigation for the current person, by role."""
    items = [{"href": url_for("main.home"), "text": _("Consultations")}]
    if current_user.is_authenticated:
        items.append({"href": url_for("account.comments"), "text": _("My comments")})
    if has_role(current_user, "officer"):
        endpoint = "officer.dashboard"
        if endpoint in current_app.view_functions:
            items.append({"href": url_for(endpoint), "text": _("Officer console")})
    if g.get("database_unavailable"):
        return items  # plugin state lives in the database: the error page goes without
    from consultation.plugin_system.navigation import plugin_navigation_items

    items.extend(plugin_navigation_items())
    return items


def init_app(app: Flask) -> None:
    """Register filters and globals."""
    app.add_template_filter(london_datetime)
    app.add_template_filter(long_date)
    app.add_template_filter(time_left)
    app.add_template_filter(iso)
    app.jinja_env.globals["has_role"] = has_role
    app.jinja_env.globals["channel_label"] = channel_label
    # {{ hook('thread_sidebar', consultation=c, thread=t) }}: what enabled plugins put in a slot.
    app.jinja_env.globals["hook"] = render_slot
    app.jinja_env.globals["has_endpoint"] = lambda name: name in current_app.view_functions
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def identity() -> dict:
        return {
            "council_name": current_app.config["COUNCIL_NAME"],
            "council_logo_url": current_app.config["COUNCIL_LOGO_URL"],
            "service_name": current_app.config["SERVICE_NAME"],
            "navigation_items": navigation_items,
        }
