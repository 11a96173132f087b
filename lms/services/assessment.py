"""Rubric assessment of role-plays: written submissions and players of live sessions.

Assessments are append-only: each is a new numbered record, the highest number decides, and
every one is audited. The form carries the number it will record, so a repeated or replayed form
records nothing twice, and a trainer who assessed a piece of work someone else assessed meanwhile
is told so rather than silently overruling them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from lms.content.rubrics import RubricPass, RubricSpec
from lms.models import (
    Account,
    LiveParticipant,
    Roleplay,
    RubricAssessment,
    WrittenSubmission,
)
from lms.models.base import insert_unless_present
from lms.services import audit, marking, roleplay_outcomes
from lms.services.errors import InvalidInput, NotPermitted

COMMENT_LIMIT = 5_000


@dataclass(frozen=True)
class RubricScore:
    """A rubric's total out of 100 and each criterion's share of its points, out of 100."""

    percent: Decimal
    by_criterion: dict[str, Decimal]


def score(rubric: RubricSpec, levels: Mapping[str, str]) -> RubricScore:
    """Score the chosen level of each criterion (by id); the total weighs criteria by weight.

    Raises InvalidInput on the criterion's field (``level-<id>``) when a level is missing or
    unknown.
    """
    by_criterion: dict[str, Decimal] = {}
    weighted = Decimal(0)
    for criterion in rubric.criteria:
        level = criterion.level(levels.get(criterion.id, ""))
        if level is None:
            raise InvalidInput(f"level-{criterion.id}", f"Choose a level for “{criterion.title}”.")
        share = Decimal(level.points) * 100 / criterion.max_points
        by_criterion[criterion.id] = _rounded(share)
        weighted += share * criterion.weight
    total_weight = sum(criterion.weight for criterion in rubric.criteria)
    return RubricScore(_rounded(weighted / total_weight), by_criterion)


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def latest(
    session: Session,
    *,
    submission: WrittenSubmission | None = None,
    participant: LiveParticipant | None = None,
) -> RubricAssessment | None:
    """The assessment that decides for a submission or a live participant, None before any."""
    return session.scalars(
        _of(submission, participant)
        .order_by(RubricAssessment.number.desc())
        .limit(1)
        .options(selectinload(RubricAssessment.assessor))
    ).first()


def history(
    session: Session,
    *,
    submission: WrittenSubmission | None = None,
    participant: LiveParticipant | None = None,
) -> list[RubricAssessment]:
    """Every assessment of a submission or a live participant, the latest first."""
    return list(
        session.scalars(
            _of(submission, participant)
            .order_by(RubricAssessment.number.desc())
            .options(selectinload(RubricAssessment.assessor))
        )
    )


def _of(
    submission: WrittenSubmission | None, participant: LiveParticipant | None
) -> Select[RubricAssessment]:
    if submission is not None:
        return select(RubricAssessment).where(RubricAssessment.submission_id == submission.id)
    if participant is not None:
        return select(RubricAssessment).where(RubricAssessment.participant_id == participant.id)
    raise ValueError("give a submission or a participant")


def next_number(
    session: Session,
    *,
    submission: WrittenSubmission | None = None,
    participant: LiveParticipant | None = None,
) -> int:
    """The number the next assessment of this work will carry; forms hold it to stay idempotent."""
    found = latest(session, submission=submission, participant=participant)
    return (found.number if found is not None else 0) + 1


@dataclass(frozen=True)
class Marks:
    """What an assessor entered: a level and a comment per criterion, and an overall comment."""

    levels: Mapping[str, str]
    comments: Mapping[str, str]
    overall_comment: str = ""
    asks_resubmission: bool = False


def record(
    session: Session,
    roleplay: Roleplay,
    trainee: Account,
    *,
    rubric: RubricSpec,
    passing: RubricPass,
    marks: Marks,
    number: int,
    assessor: Account,
    now: datetime,
    submission: WrittenSubmission | None = None,
    participant: LiveParticipant | None = None,
) -> RubricAssessment:
    """Record assessment ``number`` of a submission or a participant, and the trainee's outcome.

    The same form sent twice records one assessment. Raises InvalidInput for a missing level or
    an overlong comment, NotPermitted when ``assessor`` does not teach the role-play's course,
    when someone else recorded assessment ``number`` first or ``number`` skips ahead of the next.
    """
    if not marking.may_mark(session, assessor, roleplay.course_id):
        raise NotPermitted("You do not teach this course.")
    if not 1 <= number <= next_number(session, submission=submission, participant=participant):
        raise NotPermitted("This form was out of date; it now shows the latest assessment.")
    result = score(rubric, marks.levels)
    comments = {}
    for criterion in rubric.criteria:
        text = marks.comments.get(criterion.id, "").strip()
        if len(text) > COMMENT_LIMIT:
            raise InvalidInput(
                f"comment-{criterion.id}", f"Keep comments under {COMMENT_LIMIT} characters."
            )
        comments[criterion.id] = text
    if len(marks.overall_comment) > COMMENT_LIMIT:
        raise InvalidInput("overall_comment", f"Keep comments under {COMMENT_LIMIT} characters.")
    is_passed = result.percent >= passing.percent
    values = {
        "roleplay_id": roleplay.id,
        "account_id": trainee.id,
        "submission_id": submission.id if submission is not None else None,
        "participant_id": participant.id if participant is not None else None,
        "number": number,
        "assessor_id": assessor.id,
        "assessed_at": now,
        "levels": {criterion.id: marks.levels[criterion.id] for criterion in rubric.criteria},
        "comments": comments,
        "overall_comment": marks.overall_comment.strip(),
        "percent": result.percent,
        "is_passed": is_passed,
        "asks_resubmission": marks.asks_resubmission,
    }
    unique = ["submission_id" if submission is not None else "participant_id", "number"]
    is_new = insert_unless_present(session, RubricAssessment, values, unique=unique)
    assessment = session.scalars(
        _of(submission, participant).where(RubricAssessment.number == number)
    ).one()
    if not is_new:
        if assessment.assessor_id == assessor.id and assessment.levels == values["levels"]:
            return assessment
        raise NotPermitted(
            "Someone else assessed this work while you were assessing it; "
            "read their assessment, then assess again if you disagree."
        )
    audit.record(
        session,
        actor=assessor,
        action="roleplay.assessed",
        subject=roleplay,
        now=now,
        after={
            "trainee": trainee.email,
            "assessment": number,
            "percent": str(result.percent),
            "passed": is_passed,
            "levels": values["levels"],
            "resubmission_requested": marks.asks_resubmission,
        },
    )
    roleplay_outcomes.record(
        session,
        roleplay,
        trainee,
        is_passed=is_passed,
        percent=result.percent,
        scores={criterion: float(share) for criterion, share in result.by_criterion.items()},
        now=now,
    )
    return assessment
