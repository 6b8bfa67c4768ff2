"""The one module plugins import: the public contract of Consultation.

Everything a plugin needs from the core is re-exported here, so the core can
move its internals without breaking plugins. A plugin never imports another
core module, and never another plugin. See docs/plugins.md.
"""

from __future__ import annotations

from consultation.audit.services import record
from consultation.auth.models import User, Ward
from consultation.comments.models import Comment, CommentStatus
from consultation.comments.services import (
    CommentRefused,
    Receipt,
    announce_posted,
    change_status,
    correct_body,
    post_comment,
)
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.consultations.services import public_consultation, public_thread
from consultation.data_rights.scrub import Scrubber
from consultation.data_rights.types import PersonalDataHit
from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db
from consultation.forms import MaxChars, normalised, normalised_line, readable
from consultation.notifications.kinds import Kind, register_kind
from consultation.notifications.messages import notify_comment_status, notify_reply
from consultation.notifications.services import notify
from consultation.officer.dates import GovDateField
from consultation.outcomes.models import Outcome
from consultation.permissions import has_role, roles_required
from consultation.plugin_system.base import (
    Channel,
    ExportColumn,
    NavItem,
    Permission,
    Plugin,
    ReportSection,
    Role,
    Verdict,
)
from consultation.plugin_system.contributions import (
    available_channels,
    channel_labels,
    export_columns,
    export_value,
    has_permission,
    permission_required,
    plugin_roles,
    report_sections,
)
from consultation.plugin_system.events import (
    announce,
    announce_comment_stored,
    announce_status_change,
)
from consultation.plugin_system.hookspecs import hookimpl
from consultation.plugin_system.slots import render_fragment
from consultation.plugin_system.state import enabled_plugins, is_enabled, plugin_settings
from consultation.recovery import keeps_text
from consultation.sanitiser import comment_html, markdown_html, normalise_text

__all__ = [
    "Channel",
    "Comment",
    "CommentRefused",
    "CommentStatus",
    "Consultation",
    "ExportColumn",
    "GovDateField",
    "Kind",
    "Lifecycle",
    "MaxChars",
    "NavItem",
    "Outcome",
    "Permission",
    "PersonalDataHit",
    "Plugin",
    "Receipt",
    "ReportSection",
    "Role",
    "Scrubber",
    "Thread",
    "UTCDateTime",
    "User",
    "Verdict",
    "Ward",
    "announce",
    "announce_comment_stored",
    "announce_posted",
    "announce_status_change",
    "available_channels",
    "change_status",
    "channel_labels",
    "comment_html",
    "correct_body",
    "db",
    "enabled_plugins",
    "export_columns",
    "export_value",
    "has_permission",
    "has_role",
    "hookimpl",
    "is_enabled",
    "keeps_text",
    "markdown_html",
    "normalise_text",
    "normalised",
    "normalised_line",
    "notify",
    "notify_comment_status",
    "notify_reply",
    "permission_required",
    "plugin_roles",
    "plugin_settings",
    "post_comment",
    "public_consultation",
    "public_thread",
    "readable",
    "record",
    "register_kind",
    "render_fragment",
    "report_sections",
    "roles_required",
    "utcnow",
]
