"""Imports every core model so Alembic and the app see the whole schema."""

from consultation.audit.models import AuditEvent
from consultation.auth.models import User, UserRole, Ward
from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.models import ClosingDateChange, Consultation, Lifecycle, Thread
from consultation.learning.models import Evaluation
from consultation.notifications.models import (
    DigestEntry,
    EmailToken,
    NotificationPreference,
    OutboxMessage,
)
from consultation.outcomes.models import Outcome, OutcomePoint, OutcomeVersion
from consultation.plugin_system.models import PluginConsultationState, PluginState
from consultation.reports.models import ChannelCost, FinalReport, RepresentativeComment

__all__ = [
    "AuditEvent",
    "ChannelCost",
    "ClosingDateChange",
    "Comment",
    "CommentStatus",
    "Consultation",
    "DigestEntry",
    "EmailToken",
    "Evaluation",
    "FinalReport",
    "Lifecycle",
    "NotificationPreference",
    "Outcome",
    "OutcomePoint",
    "OutcomeVersion",
    "PluginConsultationState",
    "PluginState",
    "RepresentativeComment",
    "OutboxMessage",
    "Thread",
    "User",
    "UserRole",
    "Ward",
]
