"""The officers' list of words and phrases that hold a comment; every change audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from consultation.plugin_api import db, record, utcnow
from consultation_moderation.checks import fold_phrase
from consultation_moderation.models import ModerationTerm


def active_terms() -> list[ModerationTerm]:
    """The words and phrases in use, in the order they were added."""
    query = select(ModerationTerm).where(ModerationTerm.removed_at.is_(None))
    return list(db.session.scalars(query.order_by(ModerationTerm.id)))


def term_pairs() -> list[tuple[str, str]]:
    """(phrase as typed, folded phrase) for the checks."""
    query = select(ModerationTerm.phrase, ModerationTerm.folded).where(
        ModerationTerm.removed_at.is_(None)
    )
    return [(phrase, folded) for phrase, folded in db.session.execute(query.order_by("id"))]


def add_term(phrase: str, actor: Any) -> tuple[ModerationTerm, bool]:
    """Add a word or phrase; the same one again (in any case or accents) is not added twice."""
    folded = fold_phrase(phrase)
    existing = db.session.scalar(
        select(ModerationTerm).where(
            ModerationTerm.folded == folded, ModerationTerm.removed_at.is_(None)
        )
    )
    if existing is not None:
        return existing, False
    term = ModerationTerm(phrase=phrase, folded=folded, added_by_id=actor.id, added_at=utcnow())
    db.session.add(term)
    db.session.flush()
    record("moderation.term_add", term, actor=actor, phrase=phrase)
    db.session.commit()
    return term, True


def remove_term(term_id: int, actor: Any) -> ModerationTerm | None:
    """Take a term off the list (kept, marked removed); None when there is no such term."""
    term = db.session.get(ModerationTerm, term_id)
    if term is None:
        return None
    if term.removed_at is None:
        term.removed_at = utcnow()
        term.removed_by_id = actor.id
        record("moderation.term_remove", term, actor=actor, phrase=term.phrase)
        db.session.commit()
    return term
