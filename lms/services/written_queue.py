"""The trainers' queue of written answers: the latest submissions not yet assessed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from lms.models import (
    Account,
    Course,
    CourseTrainer,
    Role,
    Roleplay,
    RubricAssessment,
    WrittenSubmission,
)

QUEUE_LIMIT = 100


@dataclass(frozen=True)
class QueueEntry:
    """A submission waiting for its first assessment."""

    submission: WrittenSubmission
    roleplay: Roleplay
    course: Course
    trainee: Account


@dataclass(frozen=True)
class Queue:
    """The oldest submissions awaiting assessment (at most the limit) and how many wait in all."""

    entries: list[QueueEntry]
    total: int


def queue(session: Session, assessor: Account, *, limit: int = QUEUE_LIMIT) -> Queue:
    """Latest submissions not yet assessed in the courses ``assessor`` may mark, oldest first.

    Administrators see every course. Two queries, however many submissions wait.
    """
    later = aliased(WrittenSubmission)
    query = (
        select(WrittenSubmission)
        .join(Roleplay, WrittenSubmission.roleplay_id == Roleplay.id)
        .where(
            ~exists().where(RubricAssessment.submission_id == WrittenSubmission.id),
            ~exists().where(
                later.roleplay_id == WrittenSubmission.roleplay_id,
                later.account_id == WrittenSubmission.account_id,
                later.number > WrittenSubmission.number,
            ),
        )
    )
    if not assessor.has_role(Role.ADMIN):
        query = query.join(CourseTrainer, CourseTrainer.course_id == Roleplay.course_id).where(
            CourseTrainer.account_id == assessor.id
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    found = session.scalars(
        query.order_by(WrittenSubmission.submitted_at, WrittenSubmission.id)
        .limit(limit)
        .options(
            selectinload(WrittenSubmission.account),
            selectinload(WrittenSubmission.roleplay).selectinload(Roleplay.course),
        )
    )
    entries = [
        QueueEntry(submission, submission.roleplay, submission.roleplay.course, submission.account)
        for submission in found
    ]
    return Queue(entries, total)
