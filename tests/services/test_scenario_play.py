"""Playing branching scenarios: starting and resuming plays, recording replies once, finishing,
the outcome reported to progress, the debrief and the cohort report."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import Account, RoleplayOutcome, ScenarioPlay, ScenarioStep, utcnow
from lms.services import enrolment, scenario_play, scenario_reports
from lms.services.errors import InvalidInput, NotFound, NotPermitted
from lms.services.scenario_play import StaleStep
from tests.concurrency import run_concurrently
from tests.roleplay_specs import SCENARIO, WRITTEN

AGREEMENT = ["listen", "lifeline"]  # trust 5, equity 3: success, passed
WALKOUT = ["propose"]  # trust 0: failure, below the floor


@pytest.fixture
def scenario(make_roleplay):
    return make_roleplay(SCENARIO)


@pytest.fixture
def trainee(db_session, make_account, scenario) -> Account:
    """A trainee enrolled in the scenario's course."""
    account = make_account()
    enrolment.enrol(db_session, account, scenario.course, now=utcnow())
    db_session.commit()
    return account


def start(db_session, scenario, trainee, **options) -> ScenarioPlay:
    play = scenario_play.start_play(db_session, scenario, trainee=trainee, now=utcnow(), **options)
    db_session.commit()
    return play


def play_through(db_session, play: ScenarioPlay, choices: list[str]) -> ScenarioPlay:
    for choice in choices:
        scenario_play.choose(
            db_session, play, step=play.steps_taken, choice_id=choice, now=utcnow()
        )
    db_session.commit()
    return play


def test_starting_needs_an_enrolment(db_session, scenario, make_account):
    with pytest.raises(NotPermitted, match="Enrol in this course"):
        scenario_play.start_play(db_session, scenario, trainee=make_account(), now=utcnow())


def test_choosing_after_leaving_the_course_is_refused(db_session, scenario, trainee):
    play = start(db_session, scenario, trainee)
    db_session.delete(enrolment.find(db_session, trainee, scenario.course))
    db_session.commit()
    with pytest.raises(NotPermitted, match="Enrol in this course"):
        play_through(db_session, play, WALKOUT)
    db_session.rollback()
    assert (play.steps_taken, play.is_finished) == (0, False)
    assert db_session.get(RoleplayOutcome, (scenario.id, trainee.id)) is None


def test_a_written_role_play_cannot_be_played(db_session, make_roleplay, make_account):
    written = make_roleplay(WRITTEN)
    trainee = make_account()
    enrolment.enrol(db_session, trainee, written.course, now=utcnow())
    with pytest.raises(NotFound):
        scenario_play.start_play(db_session, written, trainee=trainee, now=utcnow())


def test_a_play_starts_at_the_start_with_the_starting_values(db_session, scenario, trainee):
    play = start(db_session, scenario, trainee)
    assert (play.number, play.node, play.steps_taken) == (1, "opening", 0)
    assert play.state == {
        "trust": 2,
        "equity": 1,
        "utility.relationship": 0,
        "ngo.relationship": 0,
    }
    assert play.version_id == scenario.current_version_id
    assert not play.is_finished


def test_starting_again_resumes_the_unfinished_play(db_session, scenario, trainee):
    play = play_through(db_session, start(db_session, scenario, trainee), ["listen"])
    assert start(db_session, scenario, trainee).id == play.id


def test_restarting_begins_a_new_play_and_keeps_the_unfinished_one(db_session, scenario, trainee):
    first = play_through(db_session, start(db_session, scenario, trainee), ["listen"])
    second = start(db_session, scenario, trainee, restart=True)
    assert (second.number, second.steps_taken) == (2, 0)
    assert db_session.get(ScenarioPlay, first.id).steps_taken == 1


def test_restarting_twice_without_a_reply_begins_one_play(db_session, scenario, trainee):
    play_through(db_session, start(db_session, scenario, trainee), ["listen"])
    again = start(db_session, scenario, trainee, restart=True)
    assert start(db_session, scenario, trainee, restart=True).id == again.id


def test_a_replay_after_finishing_is_the_next_play(db_session, scenario, trainee):
    play_through(db_session, start(db_session, scenario, trainee), WALKOUT)
    assert start(db_session, scenario, trainee).number == 2


def test_two_simultaneous_starts_make_one_play(database, db_session, scenario, trainee):
    def begin(session) -> int:
        mine = session.get(type(scenario), scenario.id)
        return scenario_play.start_play(
            session, mine, trainee=session.get(Account, trainee.id), now=utcnow()
        ).id

    first, second = run_concurrently(database, begin, times=2)
    assert first == second


def test_a_reply_is_recorded_with_its_time_and_the_state_after(db_session, scenario, trainee):
    play = start(db_session, scenario, trainee)
    moment = utcnow()
    scenario_play.choose(db_session, play, step=0, choice_id="listen", now=moment)
    db_session.commit()
    [step] = db_session.scalars(select(ScenarioStep)).all()
    assert (step.position, step.node, step.choice, step.next_node) == (
        1,
        "opening",
        "listen",
        "tariffs",
    )
    assert step.chosen_at == moment
    assert step.state_after["trust"] == 4
    assert step.state_after["ngo.relationship"] == 1
    assert (play.node, play.steps_taken, play.state["trust"]) == ("tariffs", 1, 4)


def test_a_repeated_reply_from_the_same_page_is_recorded_once(db_session, scenario, trainee):
    play = play_through(db_session, start(db_session, scenario, trainee), ["listen"])
    with pytest.raises(StaleStep, match="already recorded"):
        scenario_play.choose(db_session, play, step=0, choice_id="listen", now=utcnow())
    assert db_session.scalar(select(func.count()).select_from(ScenarioStep)) == 1
    assert play.steps_taken == 1


def test_two_simultaneous_replies_record_one_step(database, db_session, scenario, trainee):
    play = start(db_session, scenario, trainee)

    def reply(session) -> str:
        mine = session.get(ScenarioPlay, play.id)
        try:
            scenario_play.choose(session, mine, step=0, choice_id="listen", now=utcnow())
        except StaleStep:
            return "stale"
        return "recorded"

    assert sorted(run_concurrently(database, reply, times=2)) == ["recorded", "stale"]
    assert db_session.scalar(select(func.count()).select_from(ScenarioStep)) == 1
    db_session.expire_all()
    assert db_session.get(ScenarioPlay, play.id).state["trust"] == 4


def test_a_reply_not_on_offer_is_refused(db_session, scenario, trainee):
    play = start(db_session, scenario, trainee)
    with pytest.raises(InvalidInput, match="not on offer") as refused:
        scenario_play.choose(db_session, play, step=0, choice_id="lifeline", now=utcnow())
    assert refused.value.field == "choice"
    assert play.steps_taken == 0


def test_reaching_an_ending_finishes_the_play_with_its_verdict(db_session, scenario, trainee):
    play = play_through(db_session, start(db_session, scenario, trainee), AGREEMENT)
    assert play.is_finished
    assert (play.node, play.is_passed) == ("agreement", True)


def test_a_failing_ending_finishes_the_play_not_passed(db_session, scenario, trainee):
    play = play_through(db_session, start(db_session, scenario, trainee), WALKOUT)
    assert (play.node, play.is_passed) == ("walkout", False)


def test_a_finished_play_takes_no_more_replies(db_session, scenario, trainee):
    play = play_through(db_session, start(db_session, scenario, trainee), WALKOUT)
    with pytest.raises(StaleStep, match="finished"):
        scenario_play.choose(db_session, play, step=1, choice_id="listen", now=utcnow())


def test_finishing_reports_the_outcome_with_the_dimension_scores(db_session, scenario, trainee):
    play_through(db_session, start(db_session, scenario, trainee), AGREEMENT)
    outcome = db_session.get(RoleplayOutcome, (scenario.id, trainee.id))
    assert outcome.is_passed
    assert outcome.percent is None
    assert outcome.scores == {"trust": 5, "equity": 3}


def test_a_failed_replay_keeps_an_earlier_pass(db_session, scenario, trainee):
    play_through(db_session, start(db_session, scenario, trainee), AGREEMENT)
    play_through(db_session, start(db_session, scenario, trainee), WALKOUT)
    db_session.expire_all()
    assert db_session.get(RoleplayOutcome, (scenario.id, trainee.id)).is_passed


def test_find_play_hides_another_accounts_play(db_session, scenario, trainee, make_account):
    play = start(db_session, scenario, trainee)
    assert scenario_play.find_play(db_session, play.id, account=trainee) is play
    assert scenario_play.find_play(db_session, play.id, account=make_account()) is None


def test_the_play_view_shows_the_last_replys_feedback(db_session, scenario, trainee):
    play = play_through(db_session, start(db_session, scenario, trainee), ["listen"])
    view = scenario_play.play_view(db_session, play)
    assert view.last.choice.feedback == "Interests before positions."
    assert [choice.id for choice in view.choices] == ["lifeline", "defer"]
    assert [(meter.dimension.id, meter.value) for meter in view.meters] == [
        ("trust", 4),
        ("equity", 1),
    ]


def test_the_debrief_rebuilds_the_path_in_order(db_session, scenario, trainee):
    play = play_through(db_session, start(db_session, scenario, trainee), AGREEMENT)
    debrief = scenario_reports.debrief(db_session, play)
    assert [(step.node_id, step.choice_id, step.next_id) for step in debrief.steps] == [
        ("opening", "listen", "tariffs"),
        ("tariffs", "lifeline", "agreement"),
    ]
    assert debrief.ending.title == "An agreement"
    assert debrief.verdict.is_passed


def test_the_debrief_says_what_a_better_reply_would_have_done(db_session, scenario, trainee):
    play = play_through(db_session, start(db_session, scenario, trainee), WALKOUT)
    debrief = scenario_reports.debrief(db_session, play)
    [better] = debrief.better
    assert (better.step.position, better.better.choice.id) == (1, "listen")
    assert better.better.ending_id == "agreement"
    assert "below its floor" in " ".join(debrief.verdict.reasons)


def test_the_cohort_report_counts_choices_scores_and_endings(
    db_session, scenario, trainee, make_account
):
    other = make_account()
    enrolment.enrol(db_session, other, scenario.course, now=utcnow())
    play_through(db_session, start(db_session, scenario, trainee), AGREEMENT)
    play_through(db_session, start(db_session, scenario, other), WALKOUT)
    play_through(db_session, start(db_session, scenario, other), ["listen"])
    report = scenario_reports.scenario_report(db_session, scenario)
    assert (len(report.plays), report.finished, report.passed, report.trainees) == (3, 2, 1, 2)
    opening = report.nodes[0]
    assert [(count.choice.id, count.count) for count in opening.choices] == [
        ("listen", 2),
        ("propose", 1),
    ]
    trust = report.distributions[0]
    assert {value.value: value.count for value in trust.values if value.count} == {0: 1, 5: 1}
    assert {reached.ending_id: reached.count for reached in report.endings} == {
        "agreement": 1,
        "partial": 0,
        "walkout": 1,
    }


def test_plays_keep_their_version_when_the_scenario_changes(
    db_session, make_roleplay, scenario, trainee
):
    play = start(db_session, scenario, trainee)
    changed = make_roleplay({**SCENARIO, "title": "Water, revised"}, course=scenario.course)
    assert changed.current_version_id != play.version_id
    play_through(db_session, play, AGREEMENT)
    assert play.version_id != changed.current_version_id
    assert play.is_passed
