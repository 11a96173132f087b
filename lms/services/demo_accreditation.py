"""Demo trainees at each stage of the accreditation pathway: one nearly through Level 1, one whose
practicum application awaits a decision, one on the practicum, one whose logbook awaits its
examiner, one whose markers disagree so that it awaits moderation, and one accredited with a
certificate and some CPD logged.

Everything goes through the services a trainee, mentor, examiner and administrator use, so the
requirement statuses, marks, audit records and certificate are the ones the app would make.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Account, Pathway
from lms.services import (
    accreditation,
    approvals,
    certificates,
    cpd,
    demo_foundation,
    demo_practicum,
    ethics,
)
from lms.services.credential_issuer import Issuer
from lms.services.demo_practicum import (
    EXAMINER_MARKING,
    MENTOR_MARKING,
    STRICT_EXAMINER_MARKING,
    Staff,
)

PATHWAY_SLUG = "partnership-broker"
ACCREDITED_STAGE = "accredited"
CPD_ENTRIES = (
    (
        "Peer supervision with two accredited brokers",
        Decimal("2.5"),
        "Talking through a stalled negotiation showed me I had stopped asking open questions.",
    ),
    (
        "Webinar: brokering partnerships in humanitarian settings",
        Decimal("1.5"),
        "Useful on speed and accountability when partners change mid-crisis.",
    ),
)


@dataclass(frozen=True)
class Trainees:
    """The pathway's demo trainees, one at each stage."""

    nearly_foundation: Account
    applied: Account
    on_practicum: Account
    awaiting_examiner: Account
    awaiting_moderation: Account
    accredited: Account


def find_pathway(session: Session) -> Pathway | None:
    """The shipped pathway, if `courses import` has synced it."""
    return session.scalars(
        select(Pathway).where(Pathway.slug == PATHWAY_SLUG, Pathway.current_version_id.is_not(None))
    ).one_or_none()


def walk_pathway(
    session: Session,
    pathway: Pathway,
    trainees: Trainees,
    *,
    staff: Staff,
    issuer: Issuer,
    base_url: str,
    now: datetime,
) -> int:
    """Bring each demo trainee to their stage of ``pathway``; return the steps taken."""
    paths: dict[tuple[int, bool], list[str] | None] = {}
    changes = demo_foundation.take_first_stage(
        session,
        trainees.nearly_foundation,
        pathway,
        assessor=staff.mentor,
        now=now,
        is_last_answer_assessed=False,
        paths=paths,
    )
    for trainee, weeks, markings in (
        (trainees.applied, None, ()),
        (trainees.on_practicum, 5, ()),
        (trainees.awaiting_examiner, 12, (MENTOR_MARKING,)),
        (trainees.awaiting_moderation, 12, (MENTOR_MARKING, STRICT_EXAMINER_MARKING)),
        (trainees.accredited, 12, (MENTOR_MARKING, EXAMINER_MARKING)),
    ):
        changes += demo_foundation.take_first_stage(
            session, trainee, pathway, assessor=staff.mentor, now=now, paths=paths
        )
        if accreditation.completed_stages(session, trainee.id, pathway):
            changes += demo_practicum.run(
                session,
                trainee,
                pathway,
                staff=staff,
                weeks_written=weeks,
                markings=markings,
                now=now,
            )
    return changes + _accredit(
        session,
        trainees.accredited,
        pathway,
        staff=staff,
        issuer=issuer,
        base_url=base_url,
        now=now,
    )


def _accredit(
    session: Session,
    trainee: Account,
    pathway: Pathway,
    *,
    staff: Staff,
    issuer: Issuer,
    base_url: str,
    now: datetime,
) -> int:
    """Sign the ethics, approve, issue every award earned and log some CPD, each once."""
    done = accreditation.completed_stages(session, trainee.id, pathway)
    if len(done) < 2 or (ACCREDITED_STAGE in done and _has_cpd(session, trainee, pathway)):
        return 0
    changes = sign_and_approve(session, trainee, pathway, admin=staff.admin, now=now)
    for stage in certificates.pathway_spec(pathway).stages:
        if (
            stage.award
            and certificates.latest_certificate(session, trainee, pathway, stage.slug) is None
        ):
            certificates.issue(
                session,
                trainee,
                pathway,
                stage.slug,
                issuer=issuer,
                base_url=base_url,
                now=now,
                issued_by=staff.admin,
            )
            changes += 1
    for number, (activity, hours, reflection) in enumerate(CPD_ENTRIES, start=1):
        cpd.log_entry(
            session,
            trainee,
            pathway,
            request_key=f"demo-cpd-{number}",
            activity=activity,
            done_on=now.date(),
            hours=hours,
            reflection=reflection,
            now=now,
        )
        changes += 1
    return changes


def sign_and_approve(
    session: Session, trainee: Account, pathway: Pathway, *, admin: Account, now: datetime
) -> int:
    """Have ``trainee``, their practicum passed, sign the ethics commitment and ``admin``
    approve them for the last stage, each once; return the steps taken."""
    changes = 0
    if ethics.current_signature(session, trainee, pathway) is None:
        ethics.sign(session, trainee, pathway, typed_name=trainee.display_name, now=now)
        changes += 1
    if approvals.approval_of(session, trainee, pathway, ACCREDITED_STAGE) is None:
        approvals.approve(
            session,
            trainee,
            pathway,
            ACCREDITED_STAGE,
            approved_by=admin,
            note="Logbook passed, ethics signed; interview held.",
            now=now,
        )
        changes += 1
    return changes


def _has_cpd(session: Session, trainee: Account, pathway: Pathway) -> bool:
    return bool(cpd.entries(session, trainee, pathway))
