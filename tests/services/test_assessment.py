"""Rubric assessment: scoring by weight, and recording numbered, audited assessments."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.content.roleplays import WrittenSpec, parse_spec
from lms.content.rubrics import RubricPass, RubricSpec
from lms.models import (
    Account,
    AuditEvent,
    Role,
    Roleplay,
    RoleplayOutcome,
    RubricAssessment,
    WrittenSubmission,
    utcnow,
)
from lms.services import assessment, enrolment, written_roleplays
from lms.services.assessment import Marks
from lms.services.errors import InvalidInput, NotPermitted
from tests.roleplay_specs import WRITTEN

WRITTEN_SPEC = parse_spec(WRITTEN)
assert isinstance(WRITTEN_SPEC, WrittenSpec)
RUBRIC = WRITTEN_SPEC.rubric  # clarity (weight 60, out of 4 points), risk (40, out of 2)
PASSING = RubricPass(percent=Decimal(60))
THIRDS = RubricSpec.model_validate(
    {
        "criteria": [
            {
                "id": "tone",
                "title": "Tone",
                "weight": 1,
                "levels": [
                    {"id": "none", "label": "None", "points": 0, "descriptor": "Absent."},
                    {"id": "some", "label": "Some", "points": 1, "descriptor": "Some."},
                    {"id": "more", "label": "More", "points": 2, "descriptor": "More."},
                    {"id": "all", "label": "All", "points": 3, "descriptor": "All."},
                ],
            }
        ]
    }
)


def marks(clarity: str, risk: str, **details) -> Marks:
    return Marks(levels={"clarity": clarity, "risk": risk}, comments={}, **details)


def test_score_weighs_each_criterion_share_by_its_weight():
    result = assessment.score(RUBRIC, {"clarity": "strong", "risk": "absent"})
    assert result.percent == Decimal("60.00")
    assert result.by_criterion == {"clarity": Decimal("100.00"), "risk": Decimal("0.00")}


def test_score_of_middle_levels():
    assert assessment.score(RUBRIC, {"clarity": "fair", "risk": "partial"}).percent == 50


@pytest.mark.parametrize(("level", "percent"), [("some", "33.33"), ("more", "66.67")])
def test_score_rounds_half_up_to_two_places(level, percent):
    assert assessment.score(THIRDS, {"tone": level}).percent == Decimal(percent)


def test_a_missing_level_is_an_error_on_its_criterions_field():
    with pytest.raises(InvalidInput, match="Choose a level for “Risk allocation”") as error:
        assessment.score(RUBRIC, {"clarity": "strong"})
    assert error.value.field == "level-risk"


def test_an_unknown_level_is_an_error_on_its_criterions_field():
    with pytest.raises(InvalidInput) as error:
        assessment.score(RUBRIC, {"clarity": "dazzling", "risk": "full"})
    assert error.value.field == "level-clarity"


@dataclass(frozen=True)
class Work:
    """A trainee's submission to a written role-play, and two people who may assess it."""

    roleplay: Roleplay
    trainee: Account
    submission: WrittenSubmission
    assessor: Account
    other_assessor: Account


@pytest.fixture
def work(db_session, make_roleplay, make_course, make_account) -> Work:
    course = make_course()
    roleplay = make_roleplay(WRITTEN, course=course)
    trainee = make_account()
    enrolment.enrol(db_session, trainee, course, now=utcnow())
    submission = written_roleplays.submit(
        db_session, roleplay, trainee, number=1, answer="My clause.", now=utcnow()
    )
    db_session.commit()
    return Work(roleplay, trainee, submission, make_account(Role.ADMIN), make_account(Role.ADMIN))


def record(db_session, work: Work, given: Marks, *, number: int = 1, by: Account | None = None):
    recorded = assessment.record(
        db_session,
        work.roleplay,
        work.trainee,
        rubric=RUBRIC,
        passing=PASSING,
        marks=given,
        number=number,
        assessor=by or work.assessor,
        now=utcnow(),
        submission=work.submission,
    )
    db_session.commit()
    return recorded


def test_recording_keeps_the_levels_comments_and_score(db_session, work):
    given = Marks(
        levels={"clarity": "strong", "risk": "partial"},
        comments={"clarity": "  Plain words. "},
        overall_comment="Good start.",
    )
    recorded = record(db_session, work, given)
    assert recorded.levels == {"clarity": "strong", "risk": "partial"}
    assert recorded.comments == {"clarity": "Plain words.", "risk": ""}
    assert (recorded.percent, recorded.is_passed) == (Decimal("80.00"), True)


def test_recording_the_same_number_twice_keeps_one(db_session, work):
    first = record(db_session, work, marks("strong", "full"))
    again = record(db_session, work, marks("strong", "full"))
    assert again.id == first.id
    assert db_session.scalar(select(func.count(RubricAssessment.id))) == 1


def test_another_assessor_recording_a_number_taken_is_refused(db_session, work):
    record(db_session, work, marks("strong", "full"))
    with pytest.raises(NotPermitted, match="Someone else assessed this work"):
        record(db_session, work, marks("weak", "absent"), by=work.other_assessor)


def test_an_assessor_who_does_not_teach_the_course_is_refused(db_session, work, make_account):
    outsider = make_account(Role.TRAINER)
    with pytest.raises(NotPermitted, match="You do not teach this course."):
        record(db_session, work, marks("strong", "full"), by=outsider)


def test_recording_writes_an_audit_event(db_session, work):
    record(db_session, work, marks("weak", "partial", asks_resubmission=True))
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "roleplay.assessed")
    ).one()
    assert event.after["percent"] == "20.00"
    assert event.after["resubmission_requested"] is True


def test_recording_updates_the_trainees_outcome(db_session, work):
    record(db_session, work, marks("fair", "full"))
    outcome = db_session.get(RoleplayOutcome, (work.roleplay.id, work.trainee.id))
    assert (outcome.is_passed, outcome.percent) == (True, Decimal("70.00"))
    assert outcome.scores == {"clarity": 50.0, "risk": 100.0}


def test_the_latest_assessment_decides(db_session, work):
    record(db_session, work, marks("strong", "full"))
    record(db_session, work, marks("weak", "absent"), number=2)
    submission = work.submission
    db_session.expire_all()
    assert not db_session.get(RoleplayOutcome, (work.roleplay.id, work.trainee.id)).is_passed
    assert assessment.latest(db_session, submission=submission).number == 2
    assert assessment.next_number(db_session, submission=submission) == 3
    assert [one.number for one in assessment.history(db_session, submission=submission)] == [2, 1]


def test_an_overlong_comment_is_an_error_on_its_field(db_session, work):
    given = Marks(levels={"clarity": "fair", "risk": "full"}, comments={"risk": "x" * 5_001})
    with pytest.raises(InvalidInput) as error:
        record(db_session, work, given)
    assert error.value.field == "comment-risk"
