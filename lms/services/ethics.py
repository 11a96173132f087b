"""Signing a pathway's ethics commitment: the trainee types their name under the current wording.

A signature records the hash of the text signed, so a new wording asks for a new signature
while the old one stays as history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Account, EthicsSignature, Pathway
from lms.models.base import insert_unless_present
from lms.services import accreditation, audit, pathway_progress
from lms.services.errors import InvalidInput, NotPermitted


def sign(
    session: Session, account: Account, pathway: Pathway, *, typed_name: str, now: datetime
) -> EthicsSignature:
    """Sign the current wording of ``pathway``'s ethics commitment as ``account``.

    Raises InvalidInput on ``typed_name`` unless it is the account's name (case and surrounding
    spaces aside), NotFound if the pathway has no published version. Signing the same wording
    again keeps the first signature.
    """
    version = pathway_progress.current_version(pathway)
    name = " ".join(typed_name.split())
    if not name:
        raise InvalidInput("typed_name", "Type your full name to sign.")
    if name.casefold() != " ".join(account.display_name.split()).casefold():
        raise InvalidInput(
            "typed_name",
            f"Type your name exactly as your account shows it: {account.display_name}.",
        )
    is_new = insert_unless_present(
        session,
        EthicsSignature,
        {
            "account_id": account.id,
            "pathway_id": pathway.id,
            "pathway_version_id": version.id,
            "typed_name": name,
            "ethics_hash": version.ethics_hash,
            "signed_at": now,
        },
        unique=["account_id", "pathway_id", "ethics_hash"],
    )
    signature = _find(session, account, pathway, version.ethics_hash)
    if signature is None:  # inserted above, or already there; only a concurrent delete clears it
        raise NotPermitted("The signature could not be recorded; please sign again.")
    if is_new:
        audit.record(
            session,
            actor=account,
            action="ethics.signed",
            subject=signature,
            now=now,
            after={
                "pathway": pathway.slug,
                "version": version.number,
                "ethics_hash": version.ethics_hash,
                "typed_name": name,
            },
        )
        accreditation.refresh(session, account.id, now=now)
    session.flush()
    return signature


def current_signature(
    session: Session, account: Account, pathway: Pathway
) -> EthicsSignature | None:
    """The account's signature of the current wording, None if they have yet to sign it."""
    version = pathway.current_version
    if version is None:
        return None
    return _find(session, account, pathway, version.ethics_hash)


def _find(
    session: Session, account: Account, pathway: Pathway, ethics_hash: str
) -> EthicsSignature | None:
    return session.scalars(
        select(EthicsSignature).where(
            EthicsSignature.account_id == account.id,
            EthicsSignature.pathway_id == pathway.id,
            EthicsSignature.ethics_hash == ethics_hash,
        )
    ).one_or_none()
