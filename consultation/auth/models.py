"""People, their roles and the wards councillors represent."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db

#: The roles the core knows; plugins may register more through `register_roles`.
CORE_ROLES: tuple[str, ...] = (
    "resident",
    "councillor",
    "officer",
    "moderator",
    "assisted_digital",
    "admin",
)


class Ward(db.Model):
    """An electoral ward of the council; councillors represent wards."""

    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The ONS or council code, e.g. E05012345.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: Residents, from `flask wards load`; the report's responses per 1,000 residents.
    population: Mapped[int | None] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<Ward {self.code} {self.name}>"


class User(UserMixin, db.Model):
    """Anyone with an account: residents, councillors and council staff."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so uniqueness is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id"), index=True)
    #: The council team a member of staff works in (see consultation.teams); None for residents.
    team: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Bumped on sign-out and deactivation; a session cookie carries the version
    #: it was issued with, so every earlier copy stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    #: Accounts made by `seed-demo`, so it can refuse to touch a real database.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When the person followed the link emailed to their address (None: not confirmed).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    ward: Mapped[Ward | None] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> frozenset[str]:
        """The names of the roles this person holds."""
        return frozenset(row.role for row in self.role_rows)

    def has_role(self, *names: str) -> bool:
        """True when the person holds any of the named roles."""
        return not self.roles.isdisjoint(names)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def get_id(self) -> str:
        """Flask-Login's identifier: the id and the session version it was issued for."""
        return f"{self.id}:{self.session_version}"

    @property
    def councillor_ward(self) -> Ward | None:
        """The ward shown in the "Councillor for <ward>" badge, when the person is one."""
        return self.ward if "councillor" in self.roles else None

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class UserRole(db.Model):
    """One role held by one person."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(64))

    user: Mapped[User] = relationship(back_populates="role_rows")
