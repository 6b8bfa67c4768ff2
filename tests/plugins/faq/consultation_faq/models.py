"""The plugin's one table; its name starts with the plugin's name."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.plugin_api import UTCDateTime, db, utcnow


class FaqEntry(db.Model):
    """A question and its answer, shown beside one consultation."""

    __tablename__ = "faq_entry"
    # The same question twice is a double click, not a second entry.
    __table_args__ = (UniqueConstraint("consultation_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(String(200))
    answer_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
