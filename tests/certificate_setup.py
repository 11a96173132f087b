"""Building blocks of certificate tests: a small pathway, trainees who completed its stages and a
passed practicum with its marks.

Stages are marked complete by writing requirement statuses directly, and the passed practicum by
writing its rows: earning them for real through courses, quizzes and a twelve-week logbook would
dwarf every certificate test. The accreditation and practicum services have their own tests.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from lms.config import credential_issuer
from lms.content.pathway_sync import spec_of, sync_pathway
from lms.content.pathways import PathwaySpec
from lms.models import (
    Account,
    Pathway,
    RequirementState,
    RequirementStatus,
    utcnow,
)
from lms.models.practicum import (
    LogbookMark,
    LogbookSubmission,
    MarkerRole,
    Practicum,
    PracticumStatus,
    SubmissionOutcome,
)
from lms.services.credential_issuer import Issuer

BASE_URL = "https://academy.example.org"
SECRET = "test-secret-key-not-for-production"  # noqa: S105 (test data)
RUBRIC = [
    {"key": "narrative", "title": "Quality of the narrative", "weight": 40},
    {"key": "reflection", "title": "Reflection and learning", "weight": 60},
]


def issuer_named(name: str = "Broker Academy") -> Issuer:
    """The issuer the test app uses: a key derived from the test secret."""
    return credential_issuer({"LMS_ENV": "testing", "SECRET_KEY": SECRET, "LMS_ISSUER_NAME": name})


def small_pathway_spec(
    *, weeks: int = 12, rubric: list[dict[str, Any]] | None = None
) -> PathwaySpec:
    """Three stages with awards, shaped like the shipped pathway but small: two courses, a
    practicum of ``weeks`` weeks marked on ``rubric`` (``RUBRIC`` unless given), then ethics and
    an administrator's approval; renewal every three years on 10 CPD hours."""
    stages: list[dict[str, Any]] = [
        {
            "slug": "foundation",
            "title": "Level 1 Foundation",
            "award": "Partnership Broker — Level 1 Foundation",
            "requirements": [
                {"kind": "course_completed", "course": "negotiation"},
                {"kind": "course_completed", "course": "risk-sharing"},
            ],
        },
        {
            "slug": "practitioner",
            "title": "Level 2 Practitioner",
            "award": "Partnership Broker — Level 2 Practitioner",
            "requirements": [
                {
                    "kind": "practicum_accepted",
                    "weeks": weeks,
                    "rubric": rubric or RUBRIC,
                    "pass_mark": 50,
                    "moderation_threshold": 15,
                }
            ],
        },
        {
            "slug": "accredited",
            "title": "Accredited Partnership Broker",
            "award": "Accredited Partnership Broker",
            "requirements": [{"kind": "ethics_signed"}, {"kind": "admin_approval"}],
        },
    ]
    return PathwaySpec.model_validate(
        {
            "title": "Partnership Broker accreditation",
            "version": "1.0",
            "ethics": "ethics-commitment.md",
            "ethics_text": "I will broker honestly.",
            "renewal": {"every_years": 3, "cpd_hours": 10},
            "stages": stages,
        }
    )


def make_certificate_pathway(session: Session, *, slug: str = "partnership-broker") -> Pathway:
    """Import the pathway through the content sync, committed."""
    pathway = sync_pathway(session, slug, small_pathway_spec(), now=utcnow()).pathway
    session.commit()
    return pathway


def complete_stages(session: Session, trainee: Account, pathway: Pathway, up_to: str) -> None:
    """Mark every requirement met up to and including stage ``up_to``, committed."""
    assert pathway.current_version is not None
    for stage in spec_of(pathway.current_version).stages:
        meet_stage(session, trainee, pathway, stage.slug)
        if stage.slug == up_to:
            break


def meet_stage(session: Session, trainee: Account, pathway: Pathway, stage_slug: str) -> None:
    """Mark every requirement of one stage met (earlier stages untouched), committed."""
    assert pathway.current_version is not None
    stage = spec_of(pathway.current_version).stage(stage_slug)
    assert stage is not None
    for requirement in stage.requirements:
        session.merge(
            RequirementStatus(
                account_id=trainee.id,
                pathway_id=pathway.id,
                stage_slug=stage.slug,
                requirement_key=requirement.key,
                state=RequirementState.MET,
                percent=100,
                met_at=utcnow(),
            )
        )
    session.commit()


def passed_practicum(session: Session, trainee: Account, pathway: Pathway) -> Practicum:
    """Write a passed practicum whose logbook the mentor and examiner passed, committed."""
    assert pathway.current_version is not None
    case = Practicum(
        account_id=trainee.id,
        pathway_id=pathway.id,
        pathway_version_id=pathway.current_version.id,
        status=PracticumStatus.PASSED,
        foundation_course="negotiation",
        sector="civil_society",
        partnership="A private partnership description.",
        starts_on=date(2025, 1, 6),
        weeks=12,
        passed_at=utcnow(),
    )
    session.add(case)
    session.flush()
    submission = LogbookSubmission(
        practicum_id=case.id, number=1, outcome=SubmissionOutcome.PASSED, decided_at=utcnow()
    )
    session.add(submission)
    session.flush()
    for role, total in ((MarkerRole.MENTOR, 72), (MarkerRole.EXAMINER, 68)):
        scores = {"narrative": total * 4 // 10, "reflection": total - total * 4 // 10}
        session.add(
            LogbookMark(
                submission_id=submission.id,
                role=role,
                scores=scores,
                total=total,
                passed=True,
                comments="Private remarks on the logbook.",
            )
        )
    session.commit()
    return case
