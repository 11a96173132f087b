"""People and how they sign in: accounts, roles, server-side login sessions, throttled actions."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, enum_by_value, utcnow


class Role(enum.StrEnum):
    """What an account may do; an account may hold several."""

    TRAINEE = "trainee"
    TRAINER = "trainer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role's name as people read it."""
        return "Administrator" if self is Role.ADMIN else self.value.capitalize()


class Sector(enum.StrEnum):
    """The sector a person or an organisation works in; live role-plays cast across sectors."""

    BUSINESS = "business"
    UN = "un"
    GOVERNMENT = "government"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The sector's name as people read it."""
        return _SECTOR_LABELS[self]


_SECTOR_LABELS = {
    Sector.BUSINESS: "Business",
    Sector.UN: "UN agency",
    Sector.GOVERNMENT: "Government",
    Sector.CIVIL_SOCIETY: "Civil society",
    Sector.OTHER: "Other",
}


class Account(Base):
    """A person who uses the academy, signed in with a password or through a host application."""

    __tablename__ = "lms_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime | None]
    sector: Mapped[Sector | None] = mapped_column(enum_by_value(Sector))

    role_grants: Mapped[list[AccountRole]] = relationship(
        back_populates="account", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.role_grants)

    def has_role(self, role: Role) -> bool:
        return role in self.roles


class AccountRole(Base):
    """One role held by one account."""

    __tablename__ = "lms_account_roles"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_by_value(Role), primary_key=True)

    account: Mapped[Account] = relationship(back_populates="role_grants")


class LoginSession(Base):
    """A signed-in browser; revoking it ends that sign-in even if its cookie was copied."""

    __tablename__ = "lms_login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship()


class ThrottleScope(enum.StrEnum):
    """What a guarded action is counted against: which action, and whose email or address."""

    SIGN_IN_ACCOUNT = "sign_in_account"
    SIGN_IN_ADDRESS = "sign_in_address"
    RESET_EMAIL = "reset_email"
    RESET_ADDRESS = "reset_address"
    VERIFY_ADDRESS = "verify_address"


class ThrottleEvent(Base):
    """One guarded action (a failed sign-in, a reset request), kept for a while to slow abuse."""

    __tablename__ = "lms_throttle_events"
    __table_args__ = (Index("ix_lms_throttle_events_scope_key_at", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[ThrottleScope] = mapped_column(enum_by_value(ThrottleScope))
    key: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(default=utcnow)
