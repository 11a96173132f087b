"""Live sessions: casting, confidential briefs, observations and the assessment of players."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.content.roleplays import LiveSpec, parse_spec
from lms.models import (
    Account,
    AuditEvent,
    LiveObservation,
    LiveParticipant,
    LiveSession,
    Role,
    Roleplay,
    Sector,
    utcnow,
)
from lms.services import (
    assessment,
    enrolment,
    live_observations,
    live_sessions,
    roleplay_outcomes,
    teaching,
)
from lms.services.errors import InvalidInput, NotFound, NotPermitted
from tests.concurrency import run_concurrently
from tests.roleplay_specs import LIVE, SCENARIO, spec

THREE_PARTIES = spec(
    LIVE,
    parties=[
        *LIVE["parties"],
        {"id": "city", "name": "City council", "sector": "government", "brief": "Budget is tight."},
    ],
)
STRONG = assessment.Marks(levels={"clarity": "strong", "risk": "full"}, comments={})
WEAK = assessment.Marks(levels={"clarity": "weak", "risk": "absent"}, comments={})
RACES = 5


def live_spec(data=LIVE) -> LiveSpec:
    parsed = parse_spec(data)
    assert isinstance(parsed, LiveSpec)
    return parsed


@pytest.fixture
def trainer(make_account):
    return make_account(Role.TRAINER, display_name="Tess Trainer")


@pytest.fixture
def course(db_session, make_course, make_account, trainer):
    taught = make_course("negotiation")
    admin = make_account(Role.ADMIN)
    teaching.assign_trainer(db_session, taught, trainer, actor=admin, now=utcnow())
    db_session.commit()
    return taught


@pytest.fixture
def roleplay(make_roleplay, course):
    return make_roleplay(LIVE, course=course, slug="standpipes")


@pytest.fixture
def enrolled(db_session, make_account, course):
    """Make trainees enrolled in the course, named as given."""

    def make(*names: str, sector: Sector | None = None):
        people = []
        for name in names:
            account = make_account(display_name=name)
            account.sector = sector
            enrolment.enrol(db_session, account, course, now=utcnow())
            people.append(account)
        db_session.commit()
        return people

    return make


@pytest.fixture
def cast(db_session, roleplay, trainer, enrolled):
    """A session that began an hour ago: Ana plays the company, Ben the community, Cy observes."""
    ana, ben, cy = enrolled("Ana", "Ben", "Cy")
    live_session = live_sessions.schedule(
        db_session,
        roleplay,
        request_key="cast",
        scheduled_for=utcnow() - timedelta(hours=1),
        casting={ana.id: "company", ben.id: "community", cy.id: None},
        scheduled_by=trainer,
        now=utcnow(),
    )
    db_session.commit()
    players = {p.account.display_name: p for p in live_session.participants}
    return live_session, players


def person(make_account, name: str, sector: Sector | None = None):
    account = make_account(display_name=name)
    account.sector = sector
    return account


def test_casting_gives_every_party_a_player_before_any_gets_two(make_account):
    trainees = [person(make_account, name) for name in ("Dee", "Cy", "Bo", "Al")]
    casting = live_sessions.suggest_casting(live_spec(THREE_PARTIES), trainees)
    by_name = {trainee.display_name: casting[trainee.id] for trainee in trainees}
    assert by_name == {"Al": "company", "Bo": "community", "Cy": "city", "Dee": "company"}


def test_casting_prefers_a_party_of_another_sector_than_the_trainees_own(make_account):
    banker = person(make_account, "Al", Sector.BUSINESS)
    activist = person(make_account, "Bo", Sector.CIVIL_SOCIETY)
    casting = live_sessions.suggest_casting(live_spec(), [banker, activist])
    assert casting == {banker.id: "community", activist.id: "company"}


def test_casting_places_trainees_with_a_sector_before_those_who_can_take_any_party(make_account):
    undecided = person(make_account, "Al")
    banker = person(make_account, "Bo", Sector.BUSINESS)
    casting = live_sessions.suggest_casting(live_spec(), [undecided, banker])
    assert casting == {banker.id: "community", undecided.id: "company"}


def test_casting_keeps_parties_even_when_everyone_shares_the_sector_of_one(make_account):
    trainees = [person(make_account, name, Sector.BUSINESS) for name in ("Al", "Bo")]
    casting = live_sessions.suggest_casting(live_spec(), trainees)
    assert sorted(casting.values()) == ["community", "company"]


def test_casting_is_the_same_whatever_order_the_trainees_come_in(make_account):
    trainees = [person(make_account, name) for name in ("Al", "Bo", "Cy", "Dee", "Ed")]
    spec_ = live_spec(THREE_PARTIES)
    forwards = live_sessions.suggest_casting(spec_, trainees)
    assert live_sessions.suggest_casting(spec_, list(reversed(trainees))) == forwards


def test_scheduling_casts_players_and_observers_and_is_audited(db_session, cast):
    live_session, players = cast
    assert {name: p.party for name, p in players.items()} == {
        "Ana": "company",
        "Ben": "community",
        "Cy": None,
    }
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "live_session.scheduled")
    ).one()
    assert event.after["session"] == live_session.id
    assert sorted(event.after["cast"].values()) == ["community", "company", "observer"]


def test_scheduling_keeps_the_version_in_use(db_session, cast, roleplay):
    live_session, _ = cast
    assert live_session.version_id == roleplay.current_version_id


def schedule_again(db_session, roleplay, trainer, players, *, request_key="cast"):
    """Send the scheduling of ``cast`` again, as a second click on the same form does."""
    return live_sessions.schedule(
        db_session,
        roleplay,
        request_key=request_key,
        scheduled_for=utcnow(),
        casting={player.account_id: player.party for player in players.values()},
        scheduled_by=trainer,
        now=utcnow(),
    )


def test_scheduling_the_same_form_twice_returns_the_first_session(
    db_session, cast, roleplay, trainer
):
    live_session, players = cast
    assert schedule_again(db_session, roleplay, trainer, players) == live_session
    db_session.commit()
    assert db_session.scalars(select(LiveSession)).all() == [live_session]
    assert len(db_session.scalars(select(LiveParticipant)).all()) == 3
    audited = select(AuditEvent).where(AuditEvent.action == "live_session.scheduled")
    assert len(db_session.scalars(audited).all()) == 1


def test_a_request_key_of_another_roleplays_session_is_refused(
    db_session, cast, make_roleplay, course, trainer
):
    _, players = cast
    other = make_roleplay(LIVE, course=course, slug="other")
    with pytest.raises(InvalidInput) as error:
        schedule_again(db_session, other, trainer, players)
    assert error.value.field == "request_key"


def test_simultaneous_posts_of_one_form_schedule_one_session_with_its_cast_once(
    database, db_session, roleplay, trainer, enrolled
):
    ana, ben, cy = enrolled("Ana", "Ben", "Cy")
    casting = {ana.id: "company", ben.id: "community", cy.id: None}

    def post(session) -> int:
        return live_sessions.schedule(
            session,
            session.get(Roleplay, roleplay.id),
            request_key="one-form",
            scheduled_for=utcnow(),
            casting=casting,
            scheduled_by=session.get(Account, trainer.id),
            now=utcnow(),
        ).id

    assert len(set(run_concurrently(database, post, times=RACES))) == 1
    assert len(db_session.scalars(select(LiveSession)).all()) == 1
    cast_once = [(p.account_id, p.party) for p in db_session.scalars(select(LiveParticipant))]
    assert sorted(cast_once) == sorted(casting.items())
    audited = select(AuditEvent).where(AuditEvent.action == "live_session.scheduled")
    assert len(db_session.scalars(audited).all()) == 1


def test_scheduling_needs_a_player_for_every_party(db_session, roleplay, trainer, enrolled):
    [ana] = enrolled("Ana")
    with pytest.raises(InvalidInput, match="Community group") as error:
        live_sessions.schedule(
            db_session,
            roleplay,
            request_key="form",
            scheduled_for=utcnow(),
            casting={ana.id: "company"},
            scheduled_by=trainer,
            now=utcnow(),
        )
    assert error.value.field == "casting"


def test_scheduling_refuses_a_trainee_not_enrolled(db_session, roleplay, trainer, make_account):
    outsider = make_account(display_name="Out")
    with pytest.raises(InvalidInput) as error:
        live_sessions.schedule(
            db_session,
            roleplay,
            request_key="form",
            scheduled_for=utcnow(),
            casting={outsider.id: "company"},
            scheduled_by=trainer,
            now=utcnow(),
        )
    assert error.value.field == f"cast-{outsider.id}"


def test_scheduling_refuses_an_unknown_party(db_session, roleplay, trainer, enrolled):
    ana, ben = enrolled("Ana", "Ben")
    with pytest.raises(InvalidInput) as error:
        live_sessions.schedule(
            db_session,
            roleplay,
            request_key="form",
            scheduled_for=utcnow(),
            casting={ana.id: "company", ben.id: "pirates"},
            scheduled_by=trainer,
            now=utcnow(),
        )
    assert error.value.field == f"cast-{ben.id}"


def test_scheduling_is_for_trainers_of_the_course(db_session, roleplay, enrolled, make_account):
    ana, ben = enrolled("Ana", "Ben")
    stranger = make_account(Role.TRAINER)
    with pytest.raises(NotPermitted):
        live_sessions.schedule(
            db_session,
            roleplay,
            request_key="form",
            scheduled_for=utcnow(),
            casting={ana.id: "company", ben.id: "community"},
            scheduled_by=stranger,
            now=utcnow(),
        )


def test_scheduling_a_scenario_is_not_found(db_session, make_roleplay, course, trainer):
    scenario = make_roleplay(SCENARIO, course=course, slug="water")
    with pytest.raises(NotFound):
        live_sessions.schedule(
            db_session,
            scenario,
            request_key="form",
            scheduled_for=utcnow(),
            casting={},
            scheduled_by=trainer,
            now=utcnow(),
        )


def test_each_player_gets_their_own_partys_brief_and_observers_none(cast, roleplay):
    live_session, players = cast
    spec_ = live_spec()
    assert live_sessions.brief_for(spec_, players["Ana"]).brief.startswith(
        "Confidential to the company"
    )
    assert live_sessions.brief_for(spec_, players["Ben"]).brief.startswith(
        "Confidential to the community"
    )
    assert live_sessions.brief_for(spec_, players["Cy"]) is None


def test_participant_of_finds_only_those_taking_part(db_session, cast, enrolled):
    live_session, players = cast
    [absent] = enrolled("Dee")
    assert (
        live_sessions.participant_of(db_session, live_session, players["Ana"].account)
        == players["Ana"]
    )
    assert live_sessions.participant_of(db_session, live_session, absent) is None


def test_sessions_for_lists_a_trainees_sessions_in_the_course(db_session, cast, course, enrolled):
    live_session, players = cast
    [absent] = enrolled("Dee")
    assert live_sessions.sessions_for(db_session, players["Ben"].account, course) == [
        (live_session, players["Ben"])
    ]
    assert live_sessions.sessions_for(db_session, absent, course) == []


def observe(db_session, cast, **changes):
    live_session, players = cast
    values = {
        "request_key": "note",
        "observer": players["Cy"].account,
        "subject_id": players["Ana"].id,
        "criterion": "clarity",
        "kind": "strength",
        "note": "  Summed up each side's interests.  ",
        "now": utcnow(),
    } | changes
    return live_observations.add_observation(db_session, live_session, **values)


def test_observer_records_an_observation_about_a_player(db_session, cast):
    observation = observe(db_session, cast)
    live_session, players = cast
    assert observation.subject == players["Ana"]
    assert observation.note == "Summed up each side's interests."
    assert live_observations.observations(db_session, live_session, subject=players["Ana"]) == [
        observation
    ]


def test_an_observation_sent_twice_is_stored_once(db_session, cast):
    first = observe(db_session, cast)
    again = observe(db_session, cast)
    db_session.commit()
    assert again == first
    assert db_session.scalars(select(LiveObservation)).all() == [first]


def test_a_request_key_of_another_observers_note_is_refused(db_session, cast, enrolled):
    live_session, _ = cast
    observe(db_session, cast)
    [dee] = enrolled("Dee")
    live_session.participants.append(LiveParticipant(account=dee, party=None))
    db_session.flush()
    with pytest.raises(InvalidInput) as error:
        observe(db_session, cast, observer=dee)
    assert error.value.field == "request_key"


def test_players_cannot_add_observations(db_session, cast):
    _, players = cast
    with pytest.raises(NotPermitted):
        observe(db_session, cast, observer=players["Ben"].account)


def test_observations_open_when_the_session_begins(db_session, cast):
    live_session, _ = cast
    with pytest.raises(NotPermitted):
        observe(db_session, cast, now=live_session.scheduled_for - timedelta(hours=1))


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("subject", {"subject_id": -1}),
        ("criterion", {"criterion": "charm"}),
        ("kind", {"kind": "praise"}),
        ("note", {"note": "   "}),
        ("note", {"note": "x" * (live_observations.NOTE_LIMIT + 1)}),
    ],
)
def test_observation_with_a_bad_value_names_its_field(db_session, cast, field, changes):
    with pytest.raises(InvalidInput) as error:
        observe(db_session, cast, **changes)
    assert error.value.field == field


def test_observers_cannot_be_the_subject_of_an_observation(db_session, cast):
    _, players = cast
    with pytest.raises(InvalidInput) as error:
        observe(db_session, cast, subject_id=players["Cy"].id)
    assert error.value.field == "subject"


def assess(db_session, participant, marks, number, assessor, now=None):
    return live_sessions.assess_participant(
        db_session, participant, marks=marks, number=number, assessor=assessor, now=now or utcnow()
    )


def test_assessing_a_player_records_their_outcome_on_the_roleplay(
    db_session, cast, trainer, roleplay
):
    _, players = cast
    recorded = assess(db_session, players["Ana"], STRONG, 1, trainer)
    assert (recorded.percent, recorded.is_passed) == (Decimal(100), True)
    outcome = roleplay_outcomes.outcome_of(db_session, roleplay, players["Ana"].account)
    assert outcome.is_passed


def test_the_latest_assessment_decides_the_outcome(db_session, cast, trainer, roleplay):
    _, players = cast
    assess(db_session, players["Ana"], STRONG, 1, trainer)
    assess(db_session, players["Ana"], WEAK, 2, trainer)
    outcome = roleplay_outcomes.outcome_of(db_session, roleplay, players["Ana"].account)
    assert (outcome.is_passed, outcome.percent) == (False, Decimal(0))


def test_a_live_player_is_never_asked_to_resubmit(db_session, cast, trainer):
    _, players = cast
    forged = dataclasses.replace(STRONG, asks_resubmission=True)
    assert not assess(db_session, players["Ana"], forged, 1, trainer).asks_resubmission


def test_only_trainers_of_the_course_assess(db_session, cast, make_account):
    _, players = cast
    with pytest.raises(NotPermitted):
        assess(db_session, players["Ana"], STRONG, 1, make_account(Role.TRAINER))


def test_administrators_assess_any_course(db_session, cast, make_account):
    _, players = cast
    assert assess(db_session, players["Ana"], STRONG, 1, make_account(Role.ADMIN)).is_passed


def test_observers_are_not_assessed(db_session, cast, trainer):
    _, players = cast
    with pytest.raises(NotPermitted):
        assess(db_session, players["Cy"], STRONG, 1, trainer)


def test_players_are_assessed_only_once_the_session_begins(db_session, cast, trainer):
    live_session, players = cast
    with pytest.raises(NotPermitted):
        assess(
            db_session,
            players["Ana"],
            STRONG,
            1,
            trainer,
            now=live_session.scheduled_for - timedelta(days=1),
        )
    assert assessment.latest(db_session, participant=players["Ana"]) is None
