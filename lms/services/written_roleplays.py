"""Written role-plays: a trainee's numbered answers and the trainers' rubric assessments of them.

A trainee submits once, then again only when the latest assessment of their latest answer asks
for a resubmission. Each answer carries the number the trainee's page expected, so a form sent
twice stores one answer, and an answer sent from a page that fell behind is refused, not lost.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.content.roleplays import WrittenSpec
from lms.content.rubrics import RubricSpec
from lms.models import (
    Account,
    Roleplay,
    RubricAssessment,
    WrittenSubmission,
)
from lms.models.base import insert_unless_present
from lms.services import accreditation, assessment, enrolment, roleplays
from lms.services.errors import InvalidInput, NotFound, NotPermitted

ANSWER_LIMIT = 20_000
REFLECTION_LIMIT = 5_000
OUT_OF_DATE = "This page was out of date; it now shows where you stand."


class Standing(enum.StrEnum):
    """Where a trainee stands on a written role-play, as their page says it."""

    NOT_SUBMITTED = "not submitted"
    AWAITING_ASSESSMENT = "awaiting assessment"
    RESUBMISSION_ASKED = "resubmission asked"
    PASSED = "passed"
    NOT_PASSED = "not passed"


@dataclass(frozen=True)
class Submitted:
    """A submission with its assessments, the latest (the one that decides) first."""

    submission: WrittenSubmission
    assessments: list[RubricAssessment]

    @property
    def latest_assessment(self) -> RubricAssessment | None:
        """The assessment that decides for this submission, None before any."""
        return self.assessments[0] if self.assessments else None

    @property
    def rubric(self) -> RubricSpec:
        """The rubric of the version the answer was written to, which its assessments used."""
        return roleplays.written_of(self.submission.version).rubric


@dataclass(frozen=True)
class WrittenStatus:
    """A trainee's page of a written role-play: the spec in use, their submissions (the latest
    first), where they stand, and the number of the next submission when they may send one."""

    roleplay: Roleplay
    spec: WrittenSpec
    is_enrolled: bool
    submissions: list[Submitted]
    standing: Standing
    next_number: int | None


def submit(
    session: Session,
    roleplay: Roleplay,
    trainee: Account,
    *,
    number: int,
    answer: str,
    reflection: str = "",
    now: datetime,
) -> WrittenSubmission:
    """Store submission ``number`` of ``trainee``'s answer, on the role-play's current version.

    Sending the same submission twice stores it once. Raises NotFound for a role-play that is
    not a written one, InvalidInput("answer" or "reflection") for an empty or overlong text, and
    NotPermitted when the role-play is withdrawn, the trainee is not enrolled, or may not send
    submission ``number`` now (any number but one already sent or the one after the latest).
    """
    version = roleplay.current_version
    if version is None or not roleplay.is_published:
        raise NotPermitted("This role-play has been withdrawn; it takes no more answers.")
    roleplays.written_of(version)
    if enrolment.find(session, trainee, roleplay.course) is None:
        raise NotPermitted(f"Enrol in {roleplay.course.title} to submit an answer.")
    answer, reflection = answer.strip(), reflection.strip()
    _check_text("answer", answer, ANSWER_LIMIT, "your answer")
    _check_text("reflection", reflection, REFLECTION_LIMIT, "your reflection")
    if not answer:
        raise InvalidInput("answer", "Write your answer before you submit it.")
    latest = session.scalar(
        select(func.max(WrittenSubmission.number)).where(
            WrittenSubmission.roleplay_id == roleplay.id,
            WrittenSubmission.account_id == trainee.id,
        )
    )
    if not 1 <= number <= (latest or 0) + 1:
        raise NotPermitted(OUT_OF_DATE)
    keys = {"roleplay_id": roleplay.id, "account_id": trainee.id, "number": number}
    existing = session.scalars(select(WrittenSubmission).filter_by(**keys)).first()
    if existing is None:
        _require_turn(session, roleplay, trainee, number)
        values = keys | {
            "version_id": version.id,
            "answer": answer,
            "reflection": reflection,
            "submitted_at": now,
        }
        insert_unless_present(session, WrittenSubmission, values, unique=list(keys))
        existing = session.scalars(select(WrittenSubmission).filter_by(**keys)).one()
        accreditation.refresh(session, trainee.id, now=now)
    if (existing.answer, existing.reflection) != (answer, reflection):
        raise NotPermitted(
            f"You have already sent submission {number}; this page was out of date. "
            "Your text is below so that you can keep it."
        )
    return existing


def _check_text(field: str, text: str, limit: int, name: str) -> None:
    if len(text) > limit:
        raise InvalidInput(
            field,
            f"Keep {name} to {limit:,} characters; it has {len(text):,}.",
        )


def _require_turn(session: Session, roleplay: Roleplay, trainee: Account, number: int) -> None:
    """Refuse new submission ``number`` (the one after the latest) unless it is the first, or
    the one a trainer asked for."""
    if number == 1:
        return
    previous = session.scalars(
        select(WrittenSubmission).filter_by(
            roleplay_id=roleplay.id, account_id=trainee.id, number=number - 1
        )
    ).one()
    decided = assessment.latest(session, submission=previous)
    if decided is None:
        raise NotPermitted("Your submission is awaiting assessment; you may not send another yet.")
    if not decided.asks_resubmission:
        raise NotPermitted("Your submission has been assessed and no resubmission was asked for.")


def submissions_for(session: Session, roleplay: Roleplay, trainee: Account) -> list[Submitted]:
    """Every submission of ``trainee`` on ``roleplay`` with all its assessments, latest first."""
    submissions = list(
        session.scalars(
            select(WrittenSubmission)
            .where(
                WrittenSubmission.roleplay_id == roleplay.id,
                WrittenSubmission.account_id == trainee.id,
            )
            .order_by(WrittenSubmission.number.desc())
            .options(selectinload(WrittenSubmission.version))
        )
    )
    return _with_assessments(session, submissions)


def _with_assessments(session: Session, submissions: list[WrittenSubmission]) -> list[Submitted]:
    """Attach each submission's assessments in one query, whatever their number."""
    by_submission: dict[int, list[RubricAssessment]] = defaultdict(list)
    if submissions:
        found = session.scalars(
            select(RubricAssessment)
            .where(RubricAssessment.submission_id.in_([one.id for one in submissions]))
            .order_by(RubricAssessment.number.desc())
            .options(selectinload(RubricAssessment.assessor))
        )
        for one in found:
            if one.submission_id is not None:
                by_submission[one.submission_id].append(one)
    return [Submitted(one, by_submission[one.id]) for one in submissions]


def status(session: Session, roleplay: Roleplay, trainee: Account) -> WrittenStatus:
    """What ``trainee``'s page of a written role-play shows. Raises NotFound for another kind."""
    version = roleplay.current_version
    if version is None:
        raise NotFound("There is no such role-play.")
    spec = roleplays.written_of(version)
    is_enrolled = enrolment.find(session, trainee, roleplay.course) is not None
    submissions = submissions_for(session, roleplay, trainee)
    standing = standing_of(submissions)
    may_submit = (
        is_enrolled
        and roleplay.is_published
        and standing in {Standing.NOT_SUBMITTED, Standing.RESUBMISSION_ASKED}
    )
    latest_number = submissions[0].submission.number if submissions else 0
    next_number = latest_number + 1 if may_submit else None
    return WrittenStatus(roleplay, spec, is_enrolled, submissions, standing, next_number)


def standing_of(submissions: list[Submitted]) -> Standing:
    """Where the latest submission (listed first) and its latest assessment leave a trainee."""
    if not submissions:
        return Standing.NOT_SUBMITTED
    decided = submissions[0].latest_assessment
    if decided is None:
        return Standing.AWAITING_ASSESSMENT
    if decided.asks_resubmission:
        return Standing.RESUBMISSION_ASKED
    return Standing.PASSED if decided.is_passed else Standing.NOT_PASSED


def history(session: Session, submission: WrittenSubmission) -> list[Submitted]:
    """The trainee's submissions on the same role-play with their assessments, latest first."""
    return submissions_for(session, submission.roleplay, submission.account)


def assess(
    session: Session,
    submission: WrittenSubmission,
    *,
    marks: assessment.Marks,
    number: int,
    assessor: Account,
    now: datetime,
) -> RubricAssessment:
    """Record assessment ``number`` of a submission against the rubric of its version.

    Raises NotPermitted when the trainee has sent a newer submission, and as assessment.record
    does (also when ``assessor`` does not teach the course).
    """
    roleplay = submission.roleplay
    spec = roleplays.written_of(submission.version)
    newer = session.scalar(
        select(func.max(WrittenSubmission.number)).where(
            WrittenSubmission.roleplay_id == roleplay.id,
            WrittenSubmission.account_id == submission.account_id,
        )
    )
    if newer is not None and newer > submission.number:
        raise NotPermitted(
            f"The trainee has sent submission {newer} since; assess that one instead."
        )
    return assessment.record(
        session,
        roleplay,
        submission.account,
        rubric=spec.rubric,
        passing=spec.passing,
        marks=marks,
        number=number,
        assessor=assessor,
        now=now,
        submission=submission,
    )
