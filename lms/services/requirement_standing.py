"""Where one pathway requirement stands on a trainee's facts: a state, a percentage for progress
bars and a line of evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lms.content.pathways import (
    AdminApproval,
    AnyRequirement,
    CourseCompleted,
    EthicsSigned,
    PracticumAccepted,
    QuizPassed,
    RoleplayPassed,
    WrittenAssessed,
)
from lms.models import (
    EthicsSignature,
    PathwayVersion,
    Practicum,
    PracticumStatus,
    RequirementState,
)
from lms.services.requirement_facts import (
    CourseFacts,
    Facts,
    QuizFacts,
    RoleplayFacts,
    WrittenFacts,
)
from lms.services.wording import long_date

# How far along the bar a practicum stands while it runs, by status.
_PRACTICUM_PERCENT = {
    PracticumStatus.APPLIED: 10,
    PracticumStatus.ACTIVE: 40,
    PracticumStatus.REFERRED: 60,
    PracticumStatus.SUBMITTED: 80,
    PracticumStatus.MODERATION: 85,
}


@dataclass(frozen=True)
class Standing:
    """Where one requirement stands: its state, a percentage for bars, evidence, when met."""

    state: RequirementState
    percent: int = 0
    evidence: str = ""
    met_at: datetime | None = None


NOT_STARTED = Standing(RequirementState.NOT_STARTED)


def standing(
    requirement: AnyRequirement,
    facts: Facts,
    *,
    version: PathwayVersion,
    stage_slug: str,
) -> Standing:
    """Where ``requirement`` (of ``stage_slug`` in ``version``) stands on ``facts``."""
    match requirement:
        case CourseCompleted():
            return _course(facts.courses.get(requirement.course))
        case QuizPassed():
            quiz = facts.quizzes.get((requirement.course, requirement.quiz))
            return _quiz(quiz, requirement.min_percent)
        case RoleplayPassed():
            played = facts.roleplays.get((requirement.course, requirement.roleplay))
            return _roleplay(played, requirement.floors)
        case WrittenAssessed():
            written = facts.written.get((requirement.course, requirement.roleplay))
            return _written(written, requirement.min_level)
        case PracticumAccepted():
            return _practicum(facts.practicums.get(version.pathway_id))
        case EthicsSigned():
            return _ethics(facts.signatures.get(version.pathway_id, []), version)
        case AdminApproval():
            approval = facts.approvals.get((version.pathway_id, stage_slug))
            if approval is None:
                return NOT_STARTED
            evidence = f"Approved on {long_date(approval.approved_at)}"
            return Standing(RequirementState.MET, 100, evidence, approval.approved_at)


def _course(course: CourseFacts | None) -> Standing:
    if course is None:
        return NOT_STARTED
    if course.completed_at is not None:
        evidence = f"Completed on {long_date(course.completed_at)}"
        return Standing(RequirementState.MET, 100, evidence, course.completed_at)
    if not course.lessons_done:
        return Standing(RequirementState.NOT_STARTED, 0, "Enrolled; no lessons completed yet")
    percent = min(99, course.lessons_done * 100 // max(course.lessons_total, 1))
    evidence = f"{course.lessons_done} of {course.lessons_total} lessons completed"
    return Standing(RequirementState.IN_PROGRESS, percent, evidence)


def _quiz(quiz: QuizFacts | None, min_percent: int) -> Standing:
    if quiz is None or not quiz.has_attempts:
        return NOT_STARTED
    if quiz.percent is None:
        return Standing(RequirementState.IN_PROGRESS, 0, "Attempted; awaiting a grade")
    shown = f"{quiz.percent:.0f}%"
    if quiz.percent >= min_percent:
        when = quiz.graded_at
        evidence = f"Passed with {shown}" + (f" on {long_date(when)}" if when else "")
        return Standing(RequirementState.MET, 100, evidence, when)
    percent = min(99, int(quiz.percent * 100 / min_percent))
    return Standing(
        RequirementState.IN_PROGRESS, percent, f"Best grade so far {shown}; {min_percent}% needed"
    )


def _roleplay(played: RoleplayFacts | None, floors: dict[str, int]) -> Standing:
    if played is None or (played.outcome is None and not played.has_started):
        return NOT_STARTED
    outcome = played.outcome
    if outcome is None:
        return Standing(RequirementState.IN_PROGRESS, 25, "Started; not yet finished")
    short = [
        f"{dimension.replace('_', ' ')} {outcome.scores.get(dimension, 0)} of {floor} needed"
        for dimension, floor in floors.items()
        if _score(outcome.scores.get(dimension)) < floor
    ]
    if outcome.is_passed and not short:
        evidence = f"Passed on {long_date(outcome.updated_at)}"
        return Standing(RequirementState.MET, 100, evidence, outcome.updated_at)
    evidence = "Not passed yet" + (f": {', '.join(short)}" if short else "")
    return Standing(RequirementState.IN_PROGRESS, 50, evidence)


def _score(value: object) -> float:
    return float(value) if isinstance(value, int | float | Decimal) else 0.0


def _written(written: WrittenFacts | None, min_level: int) -> Standing:
    if written is None:
        return NOT_STARTED
    if written.assessed_at is None:
        return Standing(RequirementState.IN_PROGRESS, 50, "Submitted; awaiting assessment")
    below = [title for title, points in written.points.values() if points < min_level]
    if not below:
        evidence = f"Assessed at level {min_level} or above on {long_date(written.assessed_at)}"
        return Standing(RequirementState.MET, 100, evidence, written.assessed_at)
    evidence = f"Assessed below level {min_level} in: {', '.join(below)}"
    return Standing(RequirementState.IN_PROGRESS, 50, evidence[:500])


def _practicum(practicum: Practicum | None) -> Standing:
    if practicum is None:
        return NOT_STARTED
    if practicum.status is PracticumStatus.PASSED:
        when = practicum.passed_at or practicum.decided_at
        evidence = "Passed" + (f" on {long_date(when)}" if when else "")
        return Standing(RequirementState.MET, 100, evidence, when)
    if practicum.status is PracticumStatus.DECLINED:
        return Standing(RequirementState.NOT_STARTED, 0, "Application declined")
    percent = _PRACTICUM_PERCENT.get(practicum.status, 0)
    return Standing(RequirementState.IN_PROGRESS, percent, f"Practicum {practicum.status.value}")


def _ethics(signatures: list[EthicsSignature], version: PathwayVersion) -> Standing:
    current = next((s for s in signatures if s.ethics_hash == version.ethics_hash), None)
    if current is not None:
        evidence = f"Signed by {current.typed_name} on {long_date(current.signed_at)}"
        return Standing(RequirementState.MET, 100, evidence, current.signed_at)
    if signatures:
        evidence = "Signed an earlier wording; please sign the current one"
        return Standing(RequirementState.IN_PROGRESS, 50, evidence)
    return NOT_STARTED
