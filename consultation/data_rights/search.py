"""Subject-access search: every account and plugin record matching a name or email address."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from consultation.auth.models import User
from consultation.comments.models import Comment
from consultation.data_rights.hooks import plugin_find
from consultation.data_rights.types import PersonalDataHit
from consultation.extensions import db

#: Most accounts shown for one search (a search this wide needs narrowing anyway).
ACCOUNT_LIMIT = 50
#: Shortest search: two characters would list half the council.
MIN_QUERY = 3


@dataclass
class SearchResult:
    """Accounts and plugin records matching one search."""

    query: str
    accounts: list[User] = field(default_factory=list)
    comment_counts: dict[int, int] = field(default_factory=dict)
    records: dict[str, list[PersonalDataHit]] = field(default_factory=dict)
    #: Plugins that could not search (the page names them: the answer is incomplete).
    failed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Accounts and records found."""
        return len(self.accounts) + sum(len(hits) for hits in self.records.values())


def find_accounts(query: str) -> list[User]:
    """Accounts whose email address or display name contains `query` (case-insensitive)."""
    needle = query.lower()
    return list(
        db.session.scalars(
            select(User)
            .where(
                or_(
                    User.email.contains(needle, autoescape=True),
                    func.lower(User.display_name).contains(needle, autoescape=True),
                )
            )
            .order_by(User.display_name, User.id)
            .limit(ACCOUNT_LIMIT)
        )
    )


def search(query: str) -> SearchResult:
    """Accounts, their comment counts, and what each plugin holds, for `query`."""
    result = SearchResult(query)
    result.accounts = find_accounts(query)
    if result.accounts:
        result.comment_counts = dict(
            db.session.execute(
                select(Comment.author_id, func.count(Comment.id))
                .where(Comment.author_id.in_([a.id for a in result.accounts]))
                .group_by(Comment.author_id)
            ).all()
        )
    result.records, result.failed = plugin_find(query)
    return result


def find_record(query: str, plugin: str, reference: str) -> PersonalDataHit | None:
    """The plugin record `reference` among the results of searching `query`, or None."""
    records, _failed = plugin_find(query)
    return next((hit for hit in records.get(plugin, []) if hit.reference == reference), None)
