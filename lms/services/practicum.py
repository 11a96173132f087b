"""Level 2 practicum applications: a trainee who has completed the foundation stage applies; an
administrator accepts (with a mentor and a start date) or declines, and allocates an examiner.

The logbook itself is in lms.services.logbook, its marking in lms.services.logbook_marking,
the lists of practicums and trainers in lms.services.practicum_lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.pathway_sync import spec_of
from lms.content.pathways import CourseCompleted, PracticumAccepted, StageSpec
from lms.models import (
    Account,
    Course,
    LogbookMark,
    MarkerRole,
    Pathway,
    PathwayVersion,
    Practicum,
    PracticumStatus,
    Role,
    Sector,
    SubmissionOutcome,
)
from lms.models.base import insert_unless_present, lock_row
from lms.services import accreditation, audit, logbook, pathway_progress
from lms.services.errors import InvalidInput, NotFound, NotPermitted

PARTNERSHIP_LIMIT = 2_000
NOTE_LIMIT = 2_000


@dataclass(frozen=True)
class PracticumTerms:
    """What a pathway version asks of a practicum: the requirement, its stage, the stage before."""

    requirement: PracticumAccepted
    stage: StageSpec
    foundation: StageSpec

    @property
    def foundation_courses(self) -> list[str]:
        """The slugs of the courses a trainee may name as their Level 1 course."""
        return [
            requirement.course
            for requirement in self.foundation.requirements
            if isinstance(requirement, CourseCompleted)
        ]


def terms_of(version: PathwayVersion) -> PracticumTerms:
    """Read the practicum requirement of a pathway version. Raises NotFound if it has none."""
    stages = spec_of(version).stages
    for index, stage in enumerate(stages):
        for requirement in stage.requirements:
            if isinstance(requirement, PracticumAccepted) and index > 0:
                return PracticumTerms(requirement, stage, stages[index - 1])
    raise NotFound("This pathway has no practicum.")


def foundation_choices(session: Session, terms: PracticumTerms) -> list[tuple[str, str]]:
    """The foundation courses as (slug, title), titled as imported, else by their slugs."""
    slugs = terms.foundation_courses
    titles = dict(
        session.execute(select(Course.slug, Course.title).where(Course.slug.in_(slugs))).all()
    )
    return [(slug, titles.get(slug, slug)) for slug in slugs]


def practicum_of(session: Session, account: Account, pathway: Pathway) -> Practicum | None:
    """The account's practicum on the pathway, in whatever state, if it ever applied."""
    return session.scalars(
        select(Practicum).where(
            Practicum.account_id == account.id, Practicum.pathway_id == pathway.id
        )
    ).one_or_none()


def apply(
    session: Session,
    pathway: Pathway,
    *,
    trainee: Account,
    foundation_course: str,
    sector: str,
    partnership: str,
    now: datetime,
) -> Practicum:
    """Apply for the practicum; a repeat returns the same application, a declined one reopens.

    Raises NotPermitted until the foundation stage is complete, InvalidInput on
    ``foundation_course``, ``sector`` or ``partnership`` for a value that does not fit.
    """
    version = pathway_progress.current_version(pathway)
    terms = terms_of(version)
    if not accreditation.stage_complete(session, trainee.id, pathway, terms.foundation.slug):
        raise NotPermitted(f"Complete {terms.foundation.title} before applying for the practicum.")
    if foundation_course not in terms.foundation_courses:
        raise InvalidInput("foundation_course", "Choose one of the foundation courses.")
    if sector not in {member.value for member in Sector}:
        raise InvalidInput("sector", "Choose the sector you work in.")
    described = partnership.strip()
    if not described:
        raise InvalidInput("partnership", "Describe the partnership you will work on.")
    if len(described) > PARTNERSHIP_LIMIT:
        raise InvalidInput("partnership", f"Keep it under {PARTNERSHIP_LIMIT} characters.")
    details = {"foundation_course": foundation_course, "sector": sector, "partnership": described}
    inserted = insert_unless_present(
        session,
        Practicum,
        {
            "account_id": trainee.id,
            "pathway_id": pathway.id,
            "pathway_version_id": version.id,
            "status": PracticumStatus.APPLIED,
            "applied_at": now,
            "decision_note": "",
            "weeks": terms.requirement.weeks,
            **details,
        },
        unique=["account_id", "pathway_id"],
    )
    practicum = lock_row(
        session,
        Practicum,
        Practicum.account_id == trainee.id,
        Practicum.pathway_id == pathway.id,
    )
    if not inserted and practicum.status is not PracticumStatus.DECLINED:
        return practicum
    if not inserted:
        practicum.status = PracticumStatus.APPLIED
        practicum.pathway_version_id = version.id
        practicum.applied_at = now
        practicum.decided_at = practicum.decided_by_id = None
        practicum.decision_note = ""
        practicum.weeks = terms.requirement.weeks
        for name, value in details.items():
            setattr(practicum, name, value)
    audit.record(
        session,
        actor=trainee,
        action="practicum.applied",
        subject=practicum,
        now=now,
        after=details,
    )
    return practicum


def accept(
    session: Session,
    practicum: Practicum,
    *,
    mentor: Account,
    starts_on: date,
    actor: Account,
    now: datetime,
) -> Practicum:
    """Accept an application, assigning its mentor and start date; accepting again changes nothing.

    Raises NotPermitted unless the practicum awaits a decision, InvalidInput on ``mentor``
    unless the mentor is a trainer other than the trainee and the examiner.
    """
    practicum = _lock(session, practicum)
    if practicum.status is PracticumStatus.ACTIVE and practicum.mentor_id == mentor.id:
        return practicum
    if practicum.status is not PracticumStatus.APPLIED:
        raise NotPermitted("Only an application awaiting a decision can be accepted.")
    _check_marker(practicum, mentor, field="mentor", other_id=practicum.examiner_id)
    practicum.status = PracticumStatus.ACTIVE
    practicum.mentor_id = mentor.id
    practicum.starts_on = starts_on
    practicum.weeks = terms_of(practicum.pathway_version).requirement.weeks
    practicum.decided_at = now
    practicum.decided_by_id = actor.id
    after = {"starts_on": starts_on.isoformat(), "weeks": practicum.weeks}
    audit.record(
        session, actor=actor, action="practicum.accepted", subject=practicum, now=now, after=after
    )
    audit.record(
        session,
        actor=actor,
        action="practicum.mentor_assigned",
        subject=practicum,
        now=now,
        after={"mentor": mentor.email},
    )
    return practicum


def decline(
    session: Session, practicum: Practicum, *, note: str, actor: Account, now: datetime
) -> Practicum:
    """Decline an application, saying why. Raises NotPermitted unless it awaits a decision."""
    practicum = _lock(session, practicum)
    if practicum.status is not PracticumStatus.APPLIED:
        raise NotPermitted("Only an application awaiting a decision can be declined.")
    reason = note.strip()
    if not reason:
        raise InvalidInput("note", "Say why the application is declined.")
    if len(reason) > NOTE_LIMIT:
        raise InvalidInput("note", f"Keep the note under {NOTE_LIMIT} characters.")
    practicum.status = PracticumStatus.DECLINED
    practicum.decision_note = reason
    practicum.decided_at = now
    practicum.decided_by_id = actor.id
    audit.record(
        session,
        actor=actor,
        action="practicum.declined",
        subject=practicum,
        now=now,
        after={"note": reason},
    )
    return practicum


def allocate_examiner(
    session: Session, practicum: Practicum, *, examiner: Account, actor: Account, now: datetime
) -> Practicum:
    """Allocate the examiner who marks the logbook independently of the mentor.

    Raises NotPermitted unless the practicum was accepted and is not decided, InvalidInput on
    ``examiner`` unless the examiner is a trainer other than the trainee and the mentor, and
    once the current examiner has marked the logbook awaiting a decision: a new examiner would
    then see the others' marks without marking blind.
    """
    practicum = _lock(session, practicum)
    if practicum.status in {
        PracticumStatus.APPLIED,
        PracticumStatus.DECLINED,
        PracticumStatus.PASSED,
    }:
        raise NotPermitted("An examiner is allocated to an accepted practicum still under way.")
    if practicum.examiner_id == examiner.id:
        return practicum
    if _examiner_has_marked(session, practicum):
        raise InvalidInput(
            "examiner", "The examiner has already marked this logbook and cannot be changed."
        )
    _check_marker(practicum, examiner, field="examiner", other_id=practicum.mentor_id)
    before = {"examiner": practicum.examiner.email if practicum.examiner else None}
    practicum.examiner_id = examiner.id
    audit.record(
        session,
        actor=actor,
        action="practicum.examiner_allocated",
        subject=practicum,
        now=now,
        before=before,
        after={"examiner": examiner.email},
    )
    return practicum


def _lock(session: Session, practicum: Practicum) -> Practicum:
    """The practicum re-read under a row lock, so two administrators at once decide once."""
    return lock_row(session, Practicum, Practicum.id == practicum.id)


def _examiner_has_marked(session: Session, practicum: Practicum) -> bool:
    """Whether the examiner has marked the latest submission while it awaits its outcome."""
    if practicum.status is PracticumStatus.MODERATION:
        return True
    submission = logbook.latest_submission(session, practicum)
    if submission is None or submission.outcome is not SubmissionOutcome.PENDING:
        return False
    return (
        session.scalar(
            select(LogbookMark.id).where(
                LogbookMark.submission_id == submission.id,
                LogbookMark.role == MarkerRole.EXAMINER,
            )
        )
        is not None
    )


def _check_marker(
    practicum: Practicum, marker: Account, *, field: str, other_id: int | None
) -> None:
    if not marker.is_active or not marker.has_role(Role.TRAINER):
        raise InvalidInput(field, f"The {field} must be an active trainer.")
    if marker.id == practicum.account_id:
        raise InvalidInput(field, f"Trainees cannot be their own {field}.")
    if marker.id == other_id:
        raise InvalidInput(field, "The examiner must be someone other than the mentor.")
