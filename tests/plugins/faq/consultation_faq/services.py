"""Adding and reading questions and answers; every change audited."""

from sqlalchemy import select

from consultation.plugin_api import Consultation, db, markdown_html, record
from consultation_faq.models import FaqEntry


def entries_for(consultation: Consultation) -> list[FaqEntry]:
    """The consultation's questions and answers, oldest first."""
    query = select(FaqEntry).where(FaqEntry.consultation_id == consultation.id)
    return list(db.session.scalars(query.order_by(FaqEntry.id)))


def add_entry(consultation: Consultation, question: str, answer: str) -> FaqEntry:
    """Add a question and answer (once: the same question again returns the first)."""
    query = select(FaqEntry).where(
        FaqEntry.consultation_id == consultation.id, FaqEntry.question == question
    )
    entry = db.session.scalar(query)
    if entry is None:
        entry = FaqEntry(
            consultation_id=consultation.id,
            question=question,
            answer_html=str(markdown_html(answer)),
        )
        db.session.add(entry)
        db.session.flush()
        record("faq.add", entry, consultation_id=consultation.id, question=question)
        db.session.commit()
    return entry
