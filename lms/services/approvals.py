"""Administrators' approval of a trainee for a stage that requires it, once all else is met."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.pathway_sync import spec_of
from lms.content.pathways import AdminApproval
from lms.models import Account, Approval, Pathway
from lms.models.base import insert_unless_present
from lms.services import accreditation, audit
from lms.services.errors import InvalidInput, NotFound, NotPermitted

NOTE_LIMIT = 2000


def needs_approval(pathway: Pathway, stage_slug: str) -> bool:
    """Tell whether the stage of the pathway's current version has an approval requirement."""
    if pathway.current_version is None:
        return False
    stage = spec_of(pathway.current_version).stage(stage_slug)
    return stage is not None and any(isinstance(r, AdminApproval) for r in stage.requirements)


def missing(session: Session, trainee: Account, pathway: Pathway, stage_slug: str) -> list[str]:
    """What the trainee must still meet, in this stage and earlier ones, before approval."""
    key = AdminApproval(kind="admin_approval").key
    return accreditation.unmet_before(session, trainee.id, pathway, stage_slug, except_key=key)


def approve(
    session: Session,
    trainee: Account,
    pathway: Pathway,
    stage_slug: str,
    *,
    approved_by: Account,
    note: str,
    now: datetime,
) -> Approval:
    """Approve ``trainee`` for the stage; approving again keeps the first approval.

    Raises NotFound when the stage asks for no approval, NotPermitted listing what is unmet
    when any other requirement of the stage or of an earlier stage is, InvalidInput on
    ``note`` when it is too long.
    """
    if not needs_approval(pathway, stage_slug):
        raise NotFound("This stage does not call for an approval.")
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise InvalidInput("note", f"Keep the note under {NOTE_LIMIT} characters.")
    accreditation.refresh(session, trainee.id, now=now)
    unmet = missing(session, trainee, pathway, stage_slug)
    if unmet:
        raise NotPermitted("Not yet eligible for approval; still to meet: " + "; ".join(unmet))
    values = {"account_id": trainee.id, "pathway_id": pathway.id, "stage_slug": stage_slug}
    is_new = insert_unless_present(
        session,
        Approval,
        values | {"approved_by_id": approved_by.id, "note": note, "approved_at": now},
        unique=list(values),
    )
    approval = session.scalars(select(Approval).filter_by(**values)).one()
    if is_new:
        audit.record(
            session,
            actor=approved_by,
            action="approval.granted",
            subject=approval,
            now=now,
            after={"pathway": pathway.slug, "stage": stage_slug, "note": note},
        )
        accreditation.refresh(session, trainee.id, now=now)
    session.flush()
    return approval


def approval_of(
    session: Session, trainee: Account, pathway: Pathway, stage_slug: str
) -> Approval | None:
    """The trainee's approval for the stage, None before one is given."""
    return session.scalars(
        select(Approval).filter_by(
            account_id=trainee.id, pathway_id=pathway.id, stage_slug=stage_slug
        )
    ).one_or_none()
