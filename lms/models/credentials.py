"""Certificates and the keys that sign their Open Badges 3.0 credentials."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from lms.models.accounts import Account
from lms.models.accreditation import Pathway
from lms.models.base import Base, utcnow


class SigningKey(Base):
    """The public half of an issuer key, kept so credentials signed with it verify after rotation.

    The private half never touches the database: it comes from the app's configuration.
    """

    __tablename__ = "lms_signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_multikey: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Certificate(Base):
    """An award issued to a trainee, frozen at issue: the PDF and the signed credential are stored
    as they were made, so a later template or pathway change never alters them."""

    __tablename__ = "lms_certificates"
    __table_args__ = (UniqueConstraint("account_id", "pathway_id", "stage_slug", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    status_index: Mapped[int] = mapped_column(unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="RESTRICT"), index=True
    )
    pathway_id: Mapped[int] = mapped_column(ForeignKey("lms_pathways.id", ondelete="RESTRICT"))
    stage_slug: Mapped[str] = mapped_column(String(80))
    sequence: Mapped[int] = mapped_column(default=1)
    holder_name: Mapped[str] = mapped_column(String(200))
    award_title: Mapped[str] = mapped_column(String(200))
    pathway_title: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    valid_until: Mapped[datetime | None]
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    signing_key_id: Mapped[int] = mapped_column(ForeignKey("lms_signing_keys.id"))
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    credential: Mapped[dict[str, Any]] = deferred(mapped_column(JSON))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    revocation_reason: Mapped[str] = mapped_column(Text, default="")
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_certificates.id", ondelete="SET NULL")
    )
    # When the holder's email was claimed (see certificate_notices); None until it has been.
    notified_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    pathway: Mapped[Pathway] = relationship()
    issued_by: Mapped[Account | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[Account | None] = relationship(foreign_keys=[revoked_by_id])
    signing_key: Mapped[SigningKey] = relationship()
    superseded_by: Mapped[Certificate | None] = relationship(remote_side=[id])

    @hybrid_property
    def is_live(self) -> bool:
        """Neither revoked nor superseded by a renewal: the certificate its holder holds now
        (it may still have expired). Usable in queries as well as on a loaded certificate."""
        return self.revoked_at is None and self.superseded_by_id is None

    @is_live.inplace.expression
    @classmethod
    def _is_live_expression(cls) -> ColumnElement[bool]:
        return and_(cls.revoked_at.is_(None), cls.superseded_by_id.is_(None))
