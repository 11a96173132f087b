"""Written role-plays through the services: submitting, resubmitting, the queue, assessing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.models import Role, RoleplayOutcome, WrittenSubmission, utcnow
from lms.services import enrolment, teaching, written_queue, written_roleplays
from lms.services.assessment import Marks
from lms.services.errors import InvalidInput, NotFound, NotPermitted
from lms.services.written_roleplays import Standing
from tests.roleplay_specs import SCENARIO, WRITTEN, spec

STRONG = Marks(levels={"clarity": "strong", "risk": "full"}, comments={})
WEAK = Marks(levels={"clarity": "weak", "risk": "absent"}, comments={})
RESUBMIT = Marks(levels={"clarity": "fair", "risk": "partial"}, comments={}, asks_resubmission=True)


@pytest.fixture
def admin(make_account):
    return make_account(Role.ADMIN)


@pytest.fixture
def trainer(make_account):
    return make_account(Role.TRAINER, display_name="Tess Trainer")


@pytest.fixture
def course(db_session, make_course, trainer, admin):
    taught = make_course("negotiation", title="Negotiation basics")
    teaching.assign_trainer(db_session, taught, trainer, actor=admin, now=utcnow())
    db_session.commit()
    return taught


@pytest.fixture
def roleplay(make_roleplay, course):
    return make_roleplay(WRITTEN, course=course, slug="clause")


@pytest.fixture
def trainee(db_session, make_account, course):
    account = make_account(display_name="Rosa Trainee")
    enrolment.enrol(db_session, account, course, now=utcnow())
    db_session.commit()
    return account


def send(db_session, roleplay, trainee, number=1, answer="Each party carries its own delay.", **kw):
    submission = written_roleplays.submit(
        db_session, roleplay, trainee, number=number, answer=answer, now=utcnow(), **kw
    )
    db_session.commit()
    return submission


def assess(db_session, submission, assessor, marks=STRONG, number=1):
    assessed = written_roleplays.assess(
        db_session, submission, marks=marks, number=number, assessor=assessor, now=utcnow()
    )
    db_session.commit()
    return assessed


def stored(db_session) -> int:
    return db_session.scalar(select(func.count(WrittenSubmission.id)))


def test_first_submission_is_number_1_on_the_current_version(db_session, roleplay, trainee):
    submission = send(db_session, roleplay, trainee, reflection="  I left out force majeure. ")
    assert submission.number == 1
    assert submission.version_id == roleplay.current_version_id
    assert submission.reflection == "I left out force majeure."


def test_sending_the_same_submission_twice_stores_one(db_session, roleplay, trainee):
    first = send(db_session, roleplay, trainee)
    again = send(db_session, roleplay, trainee)
    assert again.id == first.id
    assert stored(db_session) == 1


def test_a_trainee_not_enrolled_may_not_submit(db_session, roleplay, make_account):
    with pytest.raises(NotPermitted, match="Enrol in Negotiation basics"):
        send(db_session, roleplay, make_account())


def test_an_empty_answer_is_refused_on_the_answer_field(db_session, roleplay, trainee):
    with pytest.raises(InvalidInput, match="Write your answer") as error:
        send(db_session, roleplay, trainee, answer="   \n ")
    assert error.value.field == "answer"


def test_an_overlong_answer_is_refused_saying_the_limit(db_session, roleplay, trainee):
    with pytest.raises(InvalidInput, match="to 20,000 characters; it has 20,001") as error:
        send(db_session, roleplay, trainee, answer="a" * 20_001)
    assert error.value.field == "answer"
    assert stored(db_session) == 0


def test_a_scenario_takes_no_written_answer(db_session, make_roleplay, course, trainee):
    scenario = make_roleplay(SCENARIO, course=course, slug="water")
    with pytest.raises(NotFound):
        send(db_session, scenario, trainee)


def test_a_second_submission_waits_for_an_assessment(db_session, roleplay, trainee):
    send(db_session, roleplay, trainee)
    with pytest.raises(NotPermitted, match="awaiting assessment"):
        send(db_session, roleplay, trainee, number=2, answer="Better.")


def test_a_second_submission_needs_a_request_to_resubmit(db_session, roleplay, trainee, trainer):
    assess(db_session, send(db_session, roleplay, trainee), trainer, WEAK)
    with pytest.raises(NotPermitted, match="no resubmission was asked for"):
        send(db_session, roleplay, trainee, number=2, answer="Better.")


def test_a_resubmission_asked_for_is_number_2(db_session, roleplay, trainee, trainer):
    assess(db_session, send(db_session, roleplay, trainee), trainer, RESUBMIT)
    assert send(db_session, roleplay, trainee, number=2, answer="Better.").number == 2


def test_a_different_answer_under_a_number_already_sent_is_refused(db_session, roleplay, trainee):
    send(db_session, roleplay, trainee)
    with pytest.raises(NotPermitted, match="already sent submission 1"):
        send(db_session, roleplay, trainee, answer="Another text from an old tab.")
    assert stored(db_session) == 1


def test_a_number_beyond_the_next_is_refused(db_session, roleplay, trainee):
    with pytest.raises(NotPermitted, match="out of date"):
        send(db_session, roleplay, trainee, number=3)


@pytest.mark.parametrize("number", [0, -1, 99999999999999999999999])
def test_a_number_outside_the_range_is_refused_before_any_lookup(
    db_session, roleplay, trainee, number
):
    with pytest.raises(NotPermitted, match="out of date"):
        send(db_session, roleplay, trainee, number=number)
    assert stored(db_session) == 0


def test_status_of_a_withdrawn_roleplay_offers_no_submission(db_session, roleplay, trainee):
    roleplay.is_published = False
    db_session.commit()
    assert written_roleplays.status(db_session, roleplay, trainee).next_number is None


def test_status_follows_the_latest_assessment(db_session, roleplay, trainee, trainer):
    assert written_roleplays.status(db_session, roleplay, trainee).standing == (
        Standing.NOT_SUBMITTED
    )
    submission = send(db_session, roleplay, trainee)
    status = written_roleplays.status(db_session, roleplay, trainee)
    assert (status.standing, status.next_number) == (Standing.AWAITING_ASSESSMENT, None)
    assess(db_session, submission, trainer, RESUBMIT)
    status = written_roleplays.status(db_session, roleplay, trainee)
    assert (status.standing, status.next_number) == (Standing.RESUBMISSION_ASKED, 2)
    assess(db_session, submission, trainer, STRONG, number=2)
    status = written_roleplays.status(db_session, roleplay, trainee)
    assert (status.standing, status.next_number) == (Standing.PASSED, None)


def test_status_of_a_trainee_not_enrolled_offers_no_submission(db_session, roleplay, make_account):
    status = written_roleplays.status(db_session, roleplay, make_account())
    assert (status.is_enrolled, status.next_number) == (False, None)


def test_submissions_come_latest_first_with_every_assessment(
    db_session, roleplay, trainee, trainer
):
    first = send(db_session, roleplay, trainee)
    assess(db_session, first, trainer, WEAK)
    assess(db_session, first, trainer, RESUBMIT, number=2)
    send(db_session, roleplay, trainee, number=2, answer="Better.")
    found = written_roleplays.submissions_for(db_session, roleplay, trainee)
    assert [one.submission.number for one in found] == [2, 1]
    assert [one.number for one in found[1].assessments] == [2, 1]
    assert found[0].latest_assessment is None


def test_queue_holds_unassessed_submissions_of_taught_courses_oldest_first(
    db_session, roleplay, trainee, trainer, make_account, course
):
    later = make_account(display_name="Late Larry")
    enrolment.enrol(db_session, later, course, now=utcnow())
    written_roleplays.submit(
        db_session, roleplay, later, number=1, answer="Mine.", now=utcnow() + timedelta(hours=1)
    )
    send(db_session, roleplay, trainee)
    queue = written_queue.queue(db_session, trainer)
    assert [entry.trainee.display_name for entry in queue.entries] == [
        "Rosa Trainee",
        "Late Larry",
    ]
    assert queue.total == 2


def test_queue_leaves_out_assessed_submissions(db_session, roleplay, trainee, trainer):
    assess(db_session, send(db_session, roleplay, trainee), trainer, RESUBMIT)
    assert written_queue.queue(db_session, trainer).entries == []


def test_queue_holds_a_resubmission(db_session, roleplay, trainee, trainer):
    assess(db_session, send(db_session, roleplay, trainee), trainer, RESUBMIT)
    send(db_session, roleplay, trainee, number=2, answer="Better.")
    [entry] = written_queue.queue(db_session, trainer).entries
    assert entry.submission.number == 2


def test_queue_leaves_out_courses_the_trainer_does_not_teach(
    db_session, make_roleplay, make_course, make_account, trainer, admin
):
    elsewhere = make_course("elsewhere")
    other = make_roleplay(WRITTEN, course=elsewhere)
    someone = make_account()
    enrolment.enrol(db_session, someone, elsewhere, now=utcnow())
    send(db_session, other, someone)
    assert written_queue.queue(db_session, trainer).entries == []
    assert written_queue.queue(db_session, admin).total == 1


def test_queue_shows_at_most_the_limit_and_counts_all(
    db_session, roleplay, trainer, make_account, course
):
    for _ in range(3):
        someone = make_account()
        enrolment.enrol(db_session, someone, course, now=utcnow())
        send(db_session, roleplay, someone)
    queue = written_queue.queue(db_session, trainer, limit=2)
    assert (len(queue.entries), queue.total) == (2, 3)


def test_assessing_records_the_outcome(db_session, roleplay, trainee, trainer):
    assess(db_session, send(db_session, roleplay, trainee), trainer, STRONG)
    outcome = db_session.get(RoleplayOutcome, (roleplay.id, trainee.id))
    assert outcome.is_passed
    assert outcome.percent == 100


def test_a_trainer_of_another_course_may_not_assess(db_session, roleplay, trainee, make_account):
    outsider = make_account(Role.TRAINER)
    with pytest.raises(NotPermitted, match="do not teach"):
        assess(db_session, send(db_session, roleplay, trainee), outsider)


def test_an_answer_superseded_by_a_resubmission_is_not_assessed_again(
    db_session, roleplay, trainee, trainer
):
    first = send(db_session, roleplay, trainee)
    assess(db_session, first, trainer, RESUBMIT)
    send(db_session, roleplay, trainee, number=2, answer="Better.")
    with pytest.raises(NotPermitted, match="sent submission 2 since"):
        assess(db_session, first, trainer, STRONG, number=2)


def test_an_assessment_number_beyond_the_next_is_refused(db_session, roleplay, trainee, trainer):
    with pytest.raises(NotPermitted, match="out of date"):
        assess(db_session, send(db_session, roleplay, trainee), trainer, number=5)


def test_a_withdrawn_roleplay_takes_no_answer(db_session, roleplay, trainee):
    roleplay.is_published = False
    db_session.commit()
    with pytest.raises(NotPermitted, match="withdrawn"):
        send(db_session, roleplay, trainee)


def test_an_answer_to_an_older_version_is_assessed_with_that_version(
    db_session, make_roleplay, course, trainee, trainer
):
    old = make_roleplay(WRITTEN, course=course, slug="versions")
    submission = send(db_session, old, trainee)
    changed = spec(WRITTEN, title="Draft the clause, again")
    changed["rubric"]["criteria"].pop()
    make_roleplay(changed, course=course, slug="versions")
    assessed = assess(db_session, submission, trainer, STRONG)
    assert set(assessed.levels) == {"clarity", "risk"}
