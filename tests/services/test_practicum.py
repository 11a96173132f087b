"""The Level 2 practicum: applying, acceptance and allocation, the append-only logbook and the
blind dual marking with moderation."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from lms.models import (
    AuditEvent,
    LogbookComment,
    LogbookRevision,
    LogbookSubmission,
    MarkerRole,
    Practicum,
    PracticumStatus,
    Role,
    SubmissionOutcome,
    utcnow,
)
from lms.services import logbook, logbook_marking, practicum
from lms.services.errors import InvalidInput, NotFound, NotPermitted
from tests.concurrency import run_concurrently
from tests.practicum_setup import (
    FAILING,
    PASSING,
    accepted,
    applied,
    complete_foundation,
    make_pathway,
    submitted,
    week_text,
)


@pytest.fixture
def pathway(db_session):
    return make_pathway(db_session)


@pytest.fixture
def people(make_account):
    return {
        "trainee": make_account(Role.TRAINEE),
        "mentor": make_account(Role.TRAINER),
        "examiner": make_account(Role.TRAINER),
        "admin": make_account(Role.ADMIN),
    }


@pytest.fixture
def case(db_session, pathway, people) -> Practicum:
    return accepted(
        db_session,
        people["trainee"],
        pathway,
        mentor=people["mentor"],
        examiner=people["examiner"],
        admin=people["admin"],
    )


def actions(db_session) -> list[str]:
    """The audit trail of the practicum, leaving out the accounts made for the test."""
    events = select(AuditEvent.action).where(AuditEvent.action.not_like("account.%"))
    return list(db_session.scalars(events.order_by(AuditEvent.id)))


def apply_again(db_session, pathway, trainee, **changes):
    details = {
        "foundation_course": "risk-sharing",
        "sector": "business",
        "partnership": "Another partnership.",
    }
    return practicum.apply(db_session, pathway, trainee=trainee, now=utcnow(), **details | changes)


def test_applying_needs_the_foundation_stage_complete(db_session, pathway, people):
    with pytest.raises(NotPermitted, match="Level 1 Foundation"):
        apply_again(db_session, pathway, people["trainee"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("foundation_course", "not-a-course"), ("sector", "space"), ("partnership", "  ")],
)
def test_applying_refuses_values_that_do_not_fit(db_session, pathway, people, field, value):
    complete_foundation(db_session, people["trainee"], pathway)
    with pytest.raises(InvalidInput) as raised:
        apply_again(db_session, pathway, people["trainee"], **{field: value})
    assert raised.value.field == field


def test_applying_twice_keeps_one_application(db_session, pathway, people):
    first = applied(db_session, people["trainee"], pathway)
    again = apply_again(db_session, pathway, people["trainee"])
    db_session.commit()
    assert again.id == first.id
    assert again.foundation_course == "negotiation"
    assert actions(db_session) == ["practicum.applied"]


def test_simultaneous_applications_make_one(database, db_session, pathway, people):
    complete_foundation(db_session, people["trainee"], pathway)

    def apply_now(session):
        mine = session.get(type(pathway), pathway.id)
        trainee = session.get(type(people["trainee"]), people["trainee"].id)
        return apply_again(session, mine, trainee).id

    assert len(set(run_concurrently(database, apply_now, times=3))) == 1
    assert db_session.scalar(select(func.count()).select_from(Practicum)) == 1


def test_a_declined_application_may_apply_again(db_session, pathway, people):
    case = applied(db_session, people["trainee"], pathway)
    practicum.decline(db_session, case, note="Too early.", actor=people["admin"], now=utcnow())
    db_session.commit()
    again = apply_again(db_session, pathway, people["trainee"])
    assert again.id == case.id
    assert again.status is PracticumStatus.APPLIED
    assert again.foundation_course == "risk-sharing"
    assert again.decision_note == ""
    assert actions(db_session) == ["practicum.applied", "practicum.declined", "practicum.applied"]


def test_declining_needs_a_note(db_session, pathway, people):
    case = applied(db_session, people["trainee"], pathway)
    with pytest.raises(InvalidInput) as raised:
        practicum.decline(db_session, case, note=" ", actor=people["admin"], now=utcnow())
    assert raised.value.field == "note"


def test_accepting_assigns_the_mentor_and_the_weeks(db_session, case, people):
    assert case.status is PracticumStatus.ACTIVE
    assert case.mentor_id == people["mentor"].id
    assert case.starts_on == date(2025, 1, 6)
    assert case.weeks == 3
    assert actions(db_session) == [
        "practicum.applied",
        "practicum.accepted",
        "practicum.mentor_assigned",
        "practicum.examiner_allocated",
    ]


def test_the_mentor_must_be_a_trainer(db_session, pathway, people, make_account):
    case = applied(db_session, people["trainee"], pathway)
    with pytest.raises(InvalidInput, match="trainer"):
        practicum.accept(
            db_session,
            case,
            mentor=make_account(Role.TRAINEE),
            starts_on=date(2025, 1, 6),
            actor=people["admin"],
            now=utcnow(),
        )


def test_the_examiner_must_differ_from_the_mentor(db_session, case, people):
    with pytest.raises(InvalidInput, match="other than the mentor") as raised:
        practicum.allocate_examiner(
            db_session, case, examiner=people["mentor"], actor=people["admin"], now=utcnow()
        )
    assert raised.value.field == "examiner"


def test_rewriting_a_week_adds_a_revision_and_keeps_the_original(db_session, case):
    first = logbook.write_week(db_session, case, week=2, text=week_text(2), now=utcnow())
    changed = week_text(2, reflection="On second thoughts.")
    second = logbook.write_week(db_session, case, week=2, text=changed, now=utcnow())
    db_session.commit()
    entry = logbook.entries(db_session, case)[2]
    assert [revision.number for revision in entry.revisions] == [1, 2]
    assert entry.revisions[0].id == first.id
    assert entry.revisions[0].reflection == "Reflection on week 2."
    assert second.reflection == "On second thoughts."


def test_resending_the_same_week_adds_no_revision(db_session, case):
    for _ in range(2):
        logbook.write_week(db_session, case, week=1, text=week_text(1), now=utcnow())
    assert db_session.scalar(select(func.count()).select_from(LogbookRevision)) == 1


def test_simultaneous_identical_writes_add_one_revision(database, db_session, case):
    def write(session):
        mine = session.get(Practicum, case.id)
        return logbook.write_week(session, mine, week=1, text=week_text(1), now=utcnow()).number

    assert run_concurrently(database, write, times=3) == [1, 1, 1]
    assert db_session.scalar(select(func.count()).select_from(LogbookRevision)) == 1


def test_a_week_outside_the_practicum_is_refused(db_session, case):
    with pytest.raises(InvalidInput) as raised:
        logbook.write_week(db_session, case, week=4, text=week_text(4), now=utcnow())
    assert raised.value.field == "week"


def test_a_week_opens_at_the_start_of_the_day_it_begins_in_utc(db_session, case):
    second_week = datetime.combine(date(2025, 1, 13), time(0), tzinfo=UTC)
    with pytest.raises(NotPermitted, match=r"can be written from 13 January 2025 \(UTC\)"):
        logbook.write_week(
            db_session, case, week=2, text=week_text(2), now=second_week - timedelta(seconds=1)
        )
    written = logbook.write_week(db_session, case, week=2, text=week_text(2), now=second_week)
    assert written.number == 1


def test_every_part_of_a_week_is_required(db_session, case):
    with pytest.raises(InvalidInput) as raised:
        logbook.write_week(db_session, case, week=1, text=week_text(1, aims=" "), now=utcnow())
    assert raised.value.field == "aims"


def test_the_mentor_comments_once_per_request(db_session, case, people):
    logbook.write_week(db_session, case, week=1, text=week_text(1), now=utcnow())
    for _ in range(2):
        logbook.add_comment(
            db_session,
            case,
            week=1,
            author=people["mentor"],
            body="Good start.",
            request_key="key-1",
            now=utcnow(),
        )
    assert [comment.body for comment in logbook.comments(db_session, case)[1]] == ["Good start."]
    assert db_session.scalar(select(func.count()).select_from(LogbookComment)) == 1


def test_only_the_mentor_comments(db_session, case, people):
    logbook.write_week(db_session, case, week=1, text=week_text(1), now=utcnow())
    with pytest.raises(NotPermitted):
        logbook.add_comment(
            db_session,
            case,
            week=1,
            author=people["examiner"],
            body="Hm.",
            request_key="k",
            now=utcnow(),
        )


def test_commenting_on_an_unwritten_week_is_refused(db_session, case, people):
    with pytest.raises(NotFound):
        logbook.add_comment(
            db_session,
            case,
            week=2,
            author=people["mentor"],
            body="?",
            request_key="k",
            now=utcnow(),
        )


def test_submitting_needs_every_week(db_session, case, people):
    logbook.write_week(db_session, case, week=1, text=week_text(1), now=utcnow())
    with pytest.raises(NotPermitted, match="2, 3"):
        logbook.submit(db_session, case, trainee=people["trainee"], now=utcnow())


def test_submitting_closes_the_logbook(db_session, case, people):
    submitted(db_session, case)
    assert case.status is PracticumStatus.SUBMITTED
    with pytest.raises(NotPermitted):
        logbook.write_week(db_session, case, week=1, text=week_text(1, aims="New"), now=utcnow())


def test_submitting_twice_makes_one_submission(db_session, case, people):
    submitted(db_session, case)
    again = logbook.submit(db_session, case, trainee=people["trainee"], now=utcnow())
    assert again.number == 1
    assert db_session.scalar(select(func.count()).select_from(LogbookSubmission)) == 1
    assert actions(db_session).count("logbook.submitted") == 1


def mark(db_session, case, marker, scores, comments=""):
    made = logbook_marking.record_mark(
        db_session, case, marker=marker, scores=scores, comments=comments, now=utcnow()
    )
    db_session.commit()
    return made


def test_marks_stay_hidden_from_the_other_marker_until_theirs_is_in(db_session, case, people):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], PASSING)
    submission = logbook.latest_submission(db_session, case)
    marks = logbook_marking.marks_of(db_session, submission)
    assert logbook_marking.visible_marks(case, marks, people["examiner"]) == {}
    assert set(logbook_marking.visible_marks(case, marks, people["mentor"])) == {MarkerRole.MENTOR}
    assert set(logbook_marking.visible_marks(case, marks, None)) == {MarkerRole.MENTOR}


def change_examiner(db_session, case, people, examiner):
    return practicum.allocate_examiner(
        db_session, case, examiner=examiner, actor=people["admin"], now=utcnow()
    )


def test_the_examiner_changes_while_they_have_not_marked(db_session, case, people, make_account):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], PASSING)
    other = make_account(Role.TRAINER)
    change_examiner(db_session, case, people, other)
    db_session.commit()
    assert case.examiner_id == other.id
    mark(db_session, case, other, PASSING)
    assert case.status is PracticumStatus.PASSED


def test_the_examiner_cannot_change_once_they_have_marked(db_session, case, people, make_account):
    submitted(db_session, case)
    mark(db_session, case, people["examiner"], PASSING)
    with pytest.raises(InvalidInput, match="already marked") as raised:
        change_examiner(db_session, case, people, make_account(Role.TRAINER))
    assert raised.value.field == "examiner"
    db_session.rollback()
    assert case.examiner_id == people["examiner"].id
    assert actions(db_session).count("practicum.examiner_allocated") == 1


def test_the_examiner_cannot_change_in_moderation(db_session, case, people, make_account):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], PASSING)
    mark(db_session, case, people["examiner"], FAILING)
    assert case.status is PracticumStatus.MODERATION
    with pytest.raises(InvalidInput) as raised:
        change_examiner(db_session, case, people, make_account(Role.TRAINER))
    assert raised.value.field == "examiner"


def test_the_examiner_changes_for_a_resubmission(db_session, case, people, make_account):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], FAILING)
    mark(db_session, case, people["examiner"], FAILING)
    assert case.status is PracticumStatus.REFERRED
    other = make_account(Role.TRAINER)
    change_examiner(db_session, case, people, other)
    assert case.examiner_id == other.id


def test_a_former_examiners_mark_shows_nothing_to_the_new_one(
    db_session, case, people, make_account
):
    """Marks are matched to their marker, not only to the role they were given in."""
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], PASSING)
    mark(db_session, case, people["examiner"], FAILING)
    successor = make_account(Role.TRAINER)
    case.examiner_id = successor.id  # as if allocated before the check refused it
    marks = logbook_marking.marks_of(db_session, logbook.latest_submission(db_session, case))
    assert not logbook_marking.has_marked(case, marks, successor)
    assert logbook_marking.visible_marks(case, marks, successor) == {}
    assert logbook_marking.has_marked(case, marks, people["mentor"])


def test_two_administrators_accepting_at_once_accept_once(database, db_session, pathway, people):
    case = applied(db_session, people["trainee"], pathway)
    db_session.commit()

    def accept_now(session):
        mine = session.get(Practicum, case.id)
        practicum.accept(
            session,
            mine,
            mentor=session.get(type(people["mentor"]), people["mentor"].id),
            starts_on=date(2025, 1, 6),
            actor=session.get(type(people["admin"]), people["admin"].id),
            now=utcnow(),
        )
        return mine.status

    assert run_concurrently(database, accept_now, times=3) == [PracticumStatus.ACTIVE] * 3
    assert actions(db_session).count("practicum.accepted") == 1
    assert actions(db_session).count("practicum.mentor_assigned") == 1


def test_accepting_while_declining_decides_once(database, db_session, pathway, people):
    case = applied(db_session, people["trainee"], pathway)
    db_session.commit()
    decisions = ["accept", "decline"]
    lock = threading.Lock()

    def decide(session):
        with lock:
            decision = decisions.pop()
        mine = session.get(Practicum, case.id)
        admin = session.get(type(people["admin"]), people["admin"].id)
        try:
            if decision == "accept":
                mentor = session.get(type(people["mentor"]), people["mentor"].id)
                practicum.accept(
                    session,
                    mine,
                    mentor=mentor,
                    starts_on=date(2025, 1, 6),
                    actor=admin,
                    now=utcnow(),
                )
            else:
                practicum.decline(session, mine, note="Not yet.", actor=admin, now=utcnow())
        except NotPermitted:
            return "refused"
        return decision

    outcomes = run_concurrently(database, decide, times=2)
    assert outcomes.count("refused") == 1
    decided = [action for action in actions(db_session) if action != "practicum.applied"]
    assert decided in (["practicum.declined"], ["practicum.accepted", "practicum.mentor_assigned"])


def test_agreeing_passes_the_practicum(db_session, case, people):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], PASSING)
    assert case.status is PracticumStatus.SUBMITTED
    mark(db_session, case, people["examiner"], PASSING | {"narrative": 20})
    submission = logbook.latest_submission(db_session, case)
    assert case.status is PracticumStatus.PASSED
    assert case.passed_at is not None
    assert submission.outcome is SubmissionOutcome.PASSED
    assert actions(db_session)[-3:] == [
        "logbook.marked_by_mentor",
        "logbook.marked_by_examiner",
        "practicum.passed",
    ]


def test_a_score_above_its_weight_is_refused(db_session, case, people):
    submitted(db_session, case)
    with pytest.raises(InvalidInput) as raised:
        mark(db_session, case, people["mentor"], PASSING | {"narrative": 21})
    assert raised.value.field == "score-narrative"


def test_marking_again_differently_is_refused(db_session, case, people):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], PASSING)
    assert mark(db_session, case, people["mentor"], PASSING).total == 70
    with pytest.raises(NotPermitted):
        mark(db_session, case, people["mentor"], FAILING)


def test_only_the_markers_mark(db_session, case, people, make_account):
    submitted(db_session, case)
    with pytest.raises(NotPermitted):
        mark(db_session, case, make_account(Role.TRAINER), PASSING)


def test_totals_far_apart_go_to_moderation(db_session, case, people):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], PASSING)  # 70
    mark(db_session, case, people["examiner"], PASSING | {"reflection": 30, "principles": 25})
    assert case.status is PracticumStatus.MODERATION  # 90 against 70: above the threshold 15
    moderated = logbook_marking.moderate(
        db_session,
        case,
        moderator=people["admin"],
        scores=PASSING,
        comments="The mentor's view holds.",
        now=utcnow(),
    )
    db_session.commit()
    assert moderated.role is MarkerRole.MODERATOR
    assert case.status is PracticumStatus.PASSED
    assert "practicum.sent_to_moderation" in actions(db_session)
    assert actions(db_session)[-2:] == ["logbook.marked_by_moderator", "practicum.passed"]


def test_pass_against_referral_goes_to_moderation_within_the_threshold(db_session, case, people):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], FAILING | {"narrative": 20})  # 50: a pass
    mark(db_session, case, people["examiner"], FAILING | {"narrative": 18})  # 48: a referral
    assert case.status is PracticumStatus.MODERATION


def test_moderating_needs_a_note(db_session, case, people):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], PASSING)
    mark(db_session, case, people["examiner"], FAILING)
    with pytest.raises(InvalidInput) as raised:
        logbook_marking.moderate(
            db_session, case, moderator=people["admin"], scores=PASSING, comments="", now=utcnow()
        )
    assert raised.value.field == "comments"


def test_a_referred_logbook_is_revised_and_resubmitted_to_pass(db_session, case, people):
    submitted(db_session, case)
    mark(db_session, case, people["mentor"], FAILING, "Reflect more deeply.")
    mark(db_session, case, people["examiner"], FAILING, "Thin reflection.")
    assert case.status is PracticumStatus.REFERRED
    first = logbook.latest_submission(db_session, case)
    assert first.feedback == "Reflect more deeply.\n\nThin reflection."
    logbook.write_week(
        db_session, case, week=3, text=week_text(3, reflection="Deeper."), now=utcnow()
    )
    logbook.submit(db_session, case, trainee=people["trainee"], now=utcnow())
    db_session.commit()
    assert logbook.latest_submission(db_session, case).number == 2
    mark(db_session, case, people["mentor"], PASSING)
    mark(db_session, case, people["examiner"], PASSING)
    assert case.status is PracticumStatus.PASSED
    assert first.outcome is SubmissionOutcome.REFERRED
    assert "practicum.referred" in actions(db_session)
