"""Demo progress through a pathway's first stage, earned as a trainee earns it: every lesson
completed, every quiz answered right, every scenario played to a pass that reaches the
pathway's floors, every written answer assessed.

Each requirement already met is skipped, and so is one the trainee has already worked on, so a
second run adds nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.pathway_sync import spec_of
from lms.content.pathways import CourseCompleted, QuizPassed, RoleplayPassed, WrittenAssessed
from lms.content.questions import EssaySpec
from lms.models import (
    Account,
    Attempt,
    AttemptItem,
    Course,
    Lesson,
    Pathway,
    Quiz,
    RequirementState,
    RequirementStatus,
    Roleplay,
)
from lms.services import (
    attempts,
    demo_answers,
    demo_roleplays,
    enrolment,
    grading,
    marking,
    progress,
    quizzes,
)


def take_first_stage(
    session: Session,
    trainee: Account,
    pathway: Pathway,
    *,
    assessor: Account,
    now: datetime,
    is_last_answer_assessed: bool = True,
    paths: dict[tuple[int, bool], list[str] | None] | None = None,
) -> int:
    """Meet every requirement of ``pathway``'s first stage for ``trainee``; return the steps
    taken. Unless ``is_last_answer_assessed``, the last written answer awaits ``assessor``;
    ``paths`` shares the scenario paths found between trainees (see demo_roleplays.play)."""
    if pathway.current_version is None:
        return 0
    stage = spec_of(pathway.current_version).stages[0]
    met = set(
        session.scalars(
            select(RequirementStatus.requirement_key).where(
                RequirementStatus.account_id == trainee.id,
                RequirementStatus.pathway_id == pathway.id,
                RequirementStatus.stage_slug == stage.slug,
                RequirementStatus.state == RequirementState.MET,
            )
        )
    )
    written = [r for r in stage.requirements if isinstance(r, WrittenAssessed)]
    changes = 0
    for requirement in stage.requirements:
        if requirement.key in met:
            continue
        match requirement:
            case CourseCompleted():
                changes += _complete_course(session, trainee, requirement.course, now=now)
            case QuizPassed():
                changes += _pass_quiz(session, trainee, requirement, marker=assessor, now=now)
            case RoleplayPassed():
                roleplay = _roleplay(session, requirement.course, requirement.roleplay)
                if roleplay is not None:
                    changes += demo_roleplays.play(
                        session,
                        roleplay,
                        trainee,
                        is_passed=True,
                        floors=requirement.floors,
                        paths=paths,
                        now=now,
                    )
            case WrittenAssessed():
                roleplay = _roleplay(session, requirement.course, requirement.roleplay)
                is_assessed = is_last_answer_assessed or requirement is not written[-1]
                if roleplay is not None:
                    changes += demo_roleplays.write(
                        session,
                        roleplay,
                        trainee,
                        assessor=assessor if is_assessed else None,
                        now=now,
                    )
    return changes


def _course(session: Session, slug: str) -> Course | None:
    return session.scalars(
        select(Course).where(Course.slug == slug, Course.current_version_id.is_not(None))
    ).one_or_none()


def _complete_course(session: Session, trainee: Account, slug: str, *, now: datetime) -> int:
    """Enrol ``trainee`` if need be and complete every lesson of the course."""
    course = _course(session, slug)
    if course is None:
        return 0
    if enrolment.find(session, trainee, course) is None:
        enrolment.enrol(session, trainee, course, now=now)
    lessons = session.scalars(
        select(Lesson.slug)
        .where(Lesson.version_id == course.current_version_id)
        .order_by(Lesson.position)
    ).all()
    for lesson_slug in lessons:
        progress.complete_lesson(session, trainee, course, lesson_slug, now=now)
    return 1


def _pass_quiz(
    session: Session, trainee: Account, requirement: QuizPassed, *, marker: Account, now: datetime
) -> int:
    """Take the quiz once, answering every question right, and have ``marker`` give its essays
    full marks; never when it was tried before."""
    quiz = session.scalars(
        select(Quiz)
        .join(Course, Course.id == Quiz.course_id)
        .where(Course.slug == requirement.course, Quiz.slug == requirement.quiz)
    ).one_or_none()
    if quiz is None or _has_attempt(session, quiz, trainee):
        return 0
    attempt = quizzes.start_attempt(session, quiz, trainee=trainee, now=now)
    values: dict[str, list[str]] = {}
    items = session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id)).all()
    for item in items:
        prefix = f"q{item.position}-"
        values[prefix + "shown"] = ["1"]
        fields = demo_answers.right_fields(grading.spec_of(item.question_version), item.layout)
        values |= {prefix + name: answer for name, answer in fields.items()}
    attempts.save_page(session, attempt, page=0, values=values, now=now)
    quizzes.submit_attempt(session, attempt, now=now)
    for item in items:
        if isinstance(grading.spec_of(item.question_version), EssaySpec):
            marking.mark_answer(
                session,
                item,
                mark=item.max_mark,
                comment="Clear and practical.",
                marker=marker,
                now=now,
            )
    return 1


def _has_attempt(session: Session, quiz: Quiz, trainee: Account) -> bool:
    found = session.scalar(
        select(Attempt.id)
        .where(Attempt.quiz_id == quiz.id, Attempt.account_id == trainee.id)
        .limit(1)
    )
    return found is not None


def _roleplay(session: Session, course_slug: str, roleplay_slug: str) -> Roleplay | None:
    return session.scalars(
        select(Roleplay)
        .join(Course, Course.id == Roleplay.course_id)
        .where(Course.slug == course_slug, Roleplay.slug == roleplay_slug)
    ).one_or_none()
