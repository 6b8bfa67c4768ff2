"""Imports every core model so Alembic and the app see the whole schema."""

from consultation.audit.models import AuditEvent
from consultation.auth.models import User, UserRole, Ward
from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.outcomes.models import Outcome

__all__ = [
    "AuditEvent",
    "Comment",
    "CommentStatus",
    "Consultation",
    "Lifecycle",
    "Outcome",
    "Thread",
    "User",
    "UserRole",
    "Ward",
]
