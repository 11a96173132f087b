"""Each requirement kind moves from not started to met through the services that make its facts,
and stages are taken in order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.content.pathways import PathwaySpec
from lms.models import (
    Practicum,
    PracticumStatus,
    RequirementState,
    RequirementStatus,
    Role,
    utcnow,
)
from lms.services import (
    accreditation,
    enrolment,
    ethics,
    progress,
    scenario_play,
    teaching,
    written_roleplays,
)
from lms.services.assessment import Marks
from tests.conftest import take_quiz
from tests.roleplay_specs import SCENARIO, WRITTEN

TRUE_FALSE = {"type": "true_false", "name": "Trust", "text": "Trust is built.", "answer": True}
STRONG = Marks(levels={"clarity": "strong", "risk": "full"}, comments={})
WEAK = Marks(levels={"clarity": "fair", "risk": "absent"}, comments={})


def small_spec(*, ethics_text: str = "I will broker honestly.") -> PathwaySpec:
    """A pathway with every kind of requirement over one course named ``basics``."""
    return PathwaySpec.model_validate(
        {
            "title": "Broker accreditation",
            "version": "1.0",
            "ethics": "ethics.md",
            "ethics_text": ethics_text,
            "stages": [
                {
                    "slug": "foundation",
                    "title": "Foundation",
                    "award": "Foundation certificate",
                    "requirements": [
                        {"kind": "course_completed", "course": "basics"},
                        {
                            "kind": "quiz_passed",
                            "course": "basics",
                            "quiz": "check",
                            "min_percent": 70,
                        },
                        {
                            "kind": "roleplay_passed",
                            "course": "basics",
                            "roleplay": "water",
                            "floors": {"trust": 3},
                        },
                        {
                            "kind": "written_assessed",
                            "course": "basics",
                            "roleplay": "clause",
                            "min_level": 2,
                        },
                    ],
                },
                {
                    "slug": "practitioner",
                    "title": "Practitioner",
                    "requirements": [
                        {
                            "kind": "practicum_accepted",
                            "weeks": 3,
                            "pass_mark": 50,
                            "moderation_threshold": 15,
                            "rubric": [{"key": "narrative", "title": "Narrative", "weight": 100}],
                        },
                    ],
                },
                {
                    "slug": "accredited",
                    "title": "Accredited",
                    "award": "Accredited broker",
                    "requirements": [{"kind": "ethics_signed"}, {"kind": "admin_approval"}],
                },
            ],
        }
    )


@pytest.fixture
def course(db_session, make_course, make_account):
    basics = make_course("basics", modules=1, lessons_per_module=2)
    teaching.assign_trainer(
        db_session, basics, make_account(Role.TRAINER), actor=make_account(Role.ADMIN), now=utcnow()
    )
    db_session.commit()
    return basics


@pytest.fixture
def pathway(make_pathway, course):
    return make_pathway(small_spec(), slug="broker")


@pytest.fixture
def trainee(db_session, make_account, course, pathway):
    account = make_account(display_name="Rosa Trainee")
    enrolment.enrol(db_session, account, course, now=utcnow())
    db_session.commit()
    return account


def status(db_session, trainee, key: str) -> RequirementStatus | None:
    db_session.expire_all()
    return db_session.scalars(
        select(RequirementStatus).where(
            RequirementStatus.account_id == trainee.id, RequirementStatus.requirement_key == key
        )
    ).one_or_none()


def state(db_session, trainee, key: str) -> RequirementState | None:
    found = status(db_session, trainee, key)
    return None if found is None else found.state


def test_a_course_is_in_progress_then_met_as_lessons_are_completed(db_session, course, trainee):
    progress.complete_lesson(db_session, trainee, course, "lesson-1-1", now=utcnow())
    db_session.commit()
    halfway = status(db_session, trainee, "course:basics")
    assert (halfway.state, halfway.percent) == (RequirementState.IN_PROGRESS, 50)
    assert halfway.evidence == "1 of 2 lessons completed"
    progress.complete_lesson(db_session, trainee, course, "lesson-1-2", now=utcnow())
    db_session.commit()
    done = status(db_session, trainee, "course:basics")
    assert (done.state, done.percent) == (RequirementState.MET, 100)
    assert done.evidence.startswith("Completed on ")
    assert done.met_at is not None


def test_a_quiz_is_met_once_graded_at_the_minimum(db_session, make_quiz, course, trainee):
    quiz = make_quiz(course=course, questions=[TRUE_FALSE, TRUE_FALSE | {"name": "Two"}])
    assert state(db_session, trainee, "quiz:basics/check") is None
    take_quiz(db_session, quiz, trainee, {0: {"answer": "true"}, 1: {"answer": "false"}})
    failed = status(db_session, trainee, "quiz:basics/check")
    assert failed.state is RequirementState.IN_PROGRESS
    assert failed.evidence == "Best grade so far 50%; 70% needed"
    take_quiz(db_session, quiz, trainee, {0: {"answer": "true"}, 1: {"answer": "true"}})
    passed = status(db_session, trainee, "quiz:basics/check")
    assert passed.state is RequirementState.MET
    assert passed.evidence.startswith("Passed with 100% on ")


def test_a_scenario_is_met_only_with_its_floors(db_session, make_roleplay, course, trainee):
    scenario = make_roleplay(SCENARIO, course=course, slug="water")
    play = scenario_play.start_play(db_session, scenario, trainee=trainee, now=utcnow())
    db_session.commit()
    for step, choice in enumerate(["listen", "lifeline"]):
        scenario_play.choose(db_session, play, step=step, choice_id=choice, now=utcnow())
    db_session.commit()
    met = status(db_session, trainee, "roleplay:basics/water")
    assert met.state is RequirementState.MET
    assert met.evidence.startswith("Passed on ")


def test_a_scenario_below_a_floor_stays_in_progress(db_session, make_roleplay, course, trainee):
    scenario = make_roleplay(SCENARIO, course=course, slug="water")
    play = scenario_play.start_play(db_session, scenario, trainee=trainee, now=utcnow())
    scenario_play.choose(db_session, play, step=0, choice_id="propose", now=utcnow())
    db_session.commit()
    found = status(db_session, trainee, "roleplay:basics/water")
    assert found.state is RequirementState.IN_PROGRESS
    assert "Not passed yet" in found.evidence


def test_a_written_roleplay_is_met_at_the_level_asked(db_session, make_roleplay, course, trainee):
    clause = make_roleplay(WRITTEN, course=course, slug="clause")
    trainer = course.trainers[0]
    submission = written_roleplays.submit(
        db_session, clause, trainee, number=1, answer="Each carries its delay.", now=utcnow()
    )
    db_session.commit()
    waiting = status(db_session, trainee, "written:basics/clause")
    assert (waiting.state, waiting.evidence) == (
        RequirementState.IN_PROGRESS,
        "Submitted; awaiting assessment",
    )
    written_roleplays.assess(
        db_session, submission, marks=WEAK, number=1, assessor=trainer, now=utcnow()
    )
    db_session.commit()
    below = status(db_session, trainee, "written:basics/clause")
    assert below.state is RequirementState.IN_PROGRESS
    assert below.evidence == "Assessed below level 2 in: Risk allocation"
    written_roleplays.assess(
        db_session, submission, marks=STRONG, number=2, assessor=trainer, now=utcnow()
    )
    db_session.commit()
    assert state(db_session, trainee, "written:basics/clause") is RequirementState.MET


def test_a_practicum_is_met_when_it_has_passed(db_session, pathway, trainee):
    case = Practicum(
        account_id=trainee.id,
        pathway_id=pathway.id,
        pathway_version_id=pathway.current_version_id,
        status=PracticumStatus.ACTIVE,
        foundation_course="basics",
        sector="business",
        partnership="A water partnership.",
    )
    db_session.add(case)
    accreditation.refresh(db_session, trainee.id, now=utcnow())
    assert state(db_session, trainee, "practicum") is RequirementState.IN_PROGRESS
    case.status = PracticumStatus.PASSED
    case.passed_at = utcnow()
    accreditation.refresh(db_session, trainee.id, now=utcnow())
    assert state(db_session, trainee, "practicum") is RequirementState.MET


def test_signing_the_ethics_commitment_meets_it(db_session, pathway, trainee):
    ethics.sign(db_session, trainee, pathway, typed_name="rosa trainee", now=utcnow())
    db_session.commit()
    signed = status(db_session, trainee, "ethics")
    assert signed.state is RequirementState.MET
    assert signed.evidence.startswith("Signed by rosa trainee on ")


def test_a_new_wording_of_the_commitment_asks_for_a_new_signature(
    db_session, make_pathway, pathway, trainee
):
    ethics.sign(db_session, trainee, pathway, typed_name="Rosa Trainee", now=utcnow())
    db_session.commit()
    make_pathway(small_spec(ethics_text="I will broker honestly and openly."), slug="broker")
    accreditation.refresh(db_session, trainee.id, now=utcnow())
    assert state(db_session, trainee, "ethics") is RequirementState.IN_PROGRESS


def test_stages_are_taken_in_order(db_session, pathway, trainee, make_account):
    """Meeting all of a later stage does not complete it while an earlier stage is open."""
    ethics.sign(db_session, trainee, pathway, typed_name="Rosa Trainee", now=utcnow())
    db_session.merge(
        RequirementStatus(
            account_id=trainee.id,
            pathway_id=pathway.id,
            stage_slug="accredited",
            requirement_key="approval",
            state=RequirementState.MET,
        )
    )
    db_session.commit()
    assert not accreditation.stage_complete(db_session, trainee.id, pathway, "accredited")
    assert accreditation.completed_stages(db_session, trainee.id, pathway) == []


def test_a_completed_stage_is_listed(db_session, pathway, trainee):
    for stage, key in [("foundation", r.key) for r in small_spec().stages[0].requirements]:
        db_session.merge(
            RequirementStatus(
                account_id=trainee.id,
                pathway_id=pathway.id,
                stage_slug=stage,
                requirement_key=key,
                state=RequirementState.MET,
            )
        )
    db_session.commit()
    assert accreditation.stage_complete(db_session, trainee.id, pathway, "foundation")
    assert accreditation.completed_stages(db_session, trainee.id, pathway) == ["foundation"]
    assert not accreditation.stage_complete(db_session, trainee.id, pathway, "nowhere")


def test_refresh_keeps_the_time_a_requirement_was_first_met(db_session, pathway, trainee):
    ethics.sign(db_session, trainee, pathway, typed_name="Rosa Trainee", now=utcnow())
    db_session.commit()
    first = status(db_session, trainee, "ethics").met_at
    accreditation.refresh(db_session, trainee.id, now=utcnow())
    db_session.commit()
    assert status(db_session, trainee, "ethics").met_at == first


def test_refresh_writes_a_row_for_every_requirement(db_session, pathway, trainee):
    accreditation.refresh(db_session, trainee.id, now=utcnow())
    db_session.commit()
    keys = db_session.scalars(
        select(RequirementStatus.requirement_key).where(RequirementStatus.account_id == trainee.id)
    ).all()
    assert sorted(keys) == sorted(r.key for r in small_spec().requirements())
