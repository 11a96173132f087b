"""`flask lms demo`: demo accounts, a trainer for every course, some progress; twice is harmless."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import (
    Account,
    AuditEvent,
    Base,
    Certificate,
    Course,
    CpdEntry,
    Enrolment,
    LessonCompletion,
    LiveSession,
    LogbookMark,
    MarkerRole,
    Pathway,
    Practicum,
    PracticumStatus,
    Roleplay,
    RoleplayKind,
    RubricAssessment,
    ScenarioPlay,
    Sector,
    WrittenSubmission,
    utcnow,
)
from lms.services import (
    accounts,
    accreditation,
    certificate_register,
    demo,
    demo_written_answers,
    live_sessions,
    roleplays,
    signin,
)
from lms.services.signin import ThrottlePolicy
from tests.conftest import REPO_ROOT, TEST_HASHER
from tests.roleplay_specs import LIVE, SCENARIO, WRITTEN


def run_demo(app):
    return app.test_cli_runner().invoke(args=["lms", "demo"])


def row_counts(db_session) -> dict[str, int]:
    db_session.expire_all()
    return {
        table.name: db_session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def table_contents(db_session) -> dict[str, list[str]]:
    db_session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in db_session.execute(select(table)))
        for table in Base.metadata.sorted_tables
    }


def demo_account(db_session, spec: demo.DemoAccount) -> Account:
    db_session.expire_all()
    return db_session.scalars(select(Account).where(Account.email == spec.email)).one()


@pytest.mark.parametrize("spec", demo.DEMO_ACCOUNTS, ids=lambda spec: spec.email)
def test_demo_passwords_pass_the_password_policy(spec):
    accounts.check_password_policy(spec.password, email=spec.email, display_name=spec.display_name)


@pytest.mark.parametrize("spec", demo.DEMO_ACCOUNTS, ids=lambda spec: spec.email)
def test_the_readme_lists_each_demo_account_with_its_password(spec):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `{spec.email}` | `{spec.password}` |" in readme


def test_demo_creates_every_demo_account_and_prints_their_passwords_once(app, db_session):
    result = run_demo(app)
    assert result.exit_code == 0, result.output
    assert "DEMO ONLY" in result.stdout
    for spec in demo.DEMO_ACCOUNTS:
        assert demo_account(db_session, spec).roles == set(spec.roles)
        assert spec.email in result.stdout
        assert spec.password in result.stdout


def test_demo_accounts_sign_in_with_their_demo_passwords(app, db_session):
    run_demo(app)
    for spec in demo.DEMO_ACCOUNTS:
        account = signin.authenticate(
            db_session,
            email=spec.email,
            password=spec.password,
            address="192.0.2.1",
            hasher=TEST_HASHER,
            policy=ThrottlePolicy(),
            now=utcnow(),
        )
        assert account.display_name == spec.display_name


def test_demo_trainer_teaches_every_course(app, db_session, make_course):
    make_course(title="Negotiation basics")
    make_course(title="Partnership agreements")
    run_demo(app)
    trainer = demo_account(db_session, demo.TRAINER)
    for course in db_session.scalars(select(Course)):
        assert course.trainers == [trainer]


def test_demo_busy_trainee_takes_every_course_with_two_lessons_done(app, db_session, make_course):
    first, second = make_course(), make_course()
    run_demo(app)
    amina = demo_account(db_session, demo.BUSY_TRAINEE)
    enrolled = db_session.scalars(
        select(Enrolment.course_id).where(Enrolment.account_id == amina.id)
    ).all()
    done = db_session.scalars(
        select(LessonCompletion.lesson_slug).where(
            LessonCompletion.account_id == amina.id, LessonCompletion.course_id == first.id
        )
    ).all()
    assert sorted(enrolled) == sorted([first.id, second.id])
    assert sorted(done) == ["lesson-1-1", "lesson-1-2"]


def test_demo_new_trainees_take_the_same_one_course(app, db_session, make_course):
    make_course(title="Negotiation basics")
    make_course(title="Partnership agreements")
    run_demo(app)
    taken = {
        spec.email: db_session.scalars(
            select(Course.title)
            .join(Enrolment)
            .where(Enrolment.account_id == demo_account(db_session, spec).id)
        ).all()
        for spec in demo.NEW_TRAINEES
    }
    assert taken == {spec.email: ["Negotiation basics"] for spec in demo.NEW_TRAINEES}


def test_demo_run_twice_creates_no_rows(app, db_session, make_course):
    make_course()
    make_course()
    run_demo(app)
    before = row_counts(db_session)
    result = run_demo(app)
    assert result.exit_code == 0
    assert row_counts(db_session) == before


def test_demo_run_twice_changes_no_row(app, db_session, make_course):
    make_course()
    run_demo(app)
    before = table_contents(db_session)
    run_demo(app)
    assert table_contents(db_session) == before


def test_second_demo_run_says_so_and_lists_accounts_without_passwords(app, db_session, make_course):
    make_course()
    run_demo(app)
    result = run_demo(app)
    assert result.stdout.startswith("Demo data already present.\n")
    for spec in demo.DEMO_ACCOUNTS:
        assert spec.email in result.stdout
        assert spec.password not in result.stdout


def test_demo_without_courses_creates_the_accounts_and_says_to_import(app, db_session):
    result = run_demo(app)
    assert result.exit_code == 0
    assert "No courses yet" in result.stdout
    assert "courses import" in result.stdout
    assert row_counts(db_session)["lms_accounts"] == len(demo.DEMO_ACCOUNTS)


def test_demo_run_after_a_later_import_covers_the_new_course(app, db_session, make_course):
    run_demo(app)
    course = make_course()
    run_demo(app)
    trainer = demo_account(db_session, demo.TRAINER)
    db_session.refresh(course)
    assert course.trainers == [trainer]
    assert db_session.scalar(select(func.count(Enrolment.id))) == len(demo.DEMO_TRAINEES)


def test_demo_after_courses_import_uses_the_imported_courses(app, db_session):
    imported = app.test_cli_runner().invoke(args=["lms", "courses", "import"])
    assert imported.exit_code == 0, imported.output
    result = run_demo(app)
    assert result.exit_code == 0, result.output
    amina = demo_account(db_session, demo.BUSY_TRAINEE)
    enrolments = db_session.scalar(
        select(func.count(Enrolment.id)).where(Enrolment.account_id == amina.id)
    )
    assert enrolments == db_session.scalar(select(func.count(Course.id))) > 0


def test_demo_is_refused_outside_development(app, db_session):
    app.config["LMS_ENV"] = "production"
    result = run_demo(app)
    assert result.exit_code == 1
    assert "published passwords" in result.stderr
    assert row_counts(db_session)["lms_accounts"] == 0


def test_demo_admin_is_recorded_as_creating_the_other_demo_accounts(app, db_session):
    run_demo(app)
    admin = demo_account(db_session, demo.ADMIN)
    creators = db_session.execute(
        select(AuditEvent.subject_label, AuditEvent.actor_id).where(
            AuditEvent.action == "account.created"
        )
    ).all()
    assert dict(creators) == {spec.email: admin.id for spec in demo.DEMO_ACCOUNTS}


@pytest.fixture
def roleplay_course(make_course, make_roleplay):
    """A course, not first by title, with a role-play of each kind."""
    make_course(title="Accounting for partners")
    course = make_course(title="Negotiation basics")
    for slug, spec in (("water", SCENARIO), ("clause", WRITTEN), ("standpipes", LIVE)):
        make_roleplay(spec, course=course, slug=slug)
    return course


def plays_by_trainee(db_session):
    db_session.expire_all()
    return {
        play.account.email: (play.is_finished, play.is_passed)
        for play in db_session.scalars(select(ScenarioPlay))
    }


def test_demo_trainees_have_sectors(app, db_session):
    run_demo(app)
    sectors = {demo_account(db_session, spec).sector for spec in demo.DEMO_TRAINEES}
    assert sectors == {Sector.CIVIL_SOCIETY, Sector.BUSINESS, Sector.UN, Sector.GOVERNMENT}


def test_demo_new_trainees_take_the_course_with_role_plays(app, db_session, roleplay_course):
    run_demo(app)
    for spec in demo.NEW_TRAINEES:
        trainee = demo_account(db_session, spec)
        taken = db_session.scalars(
            select(Enrolment.course_id).where(Enrolment.account_id == trainee.id)
        )
        assert taken.all() == [roleplay_course.id]


def test_demo_trainees_play_the_scenario_to_a_pass_and_to_a_failure(
    app, db_session, roleplay_course
):
    run_demo(app)
    assert plays_by_trainee(db_session) == {
        demo.BUSY_TRAINEE.email: (True, True),
        demo.NEW_TRAINEE.email: (True, False),
    }


def test_demo_has_one_written_answer_assessed_and_one_awaiting(app, db_session, roleplay_course):
    run_demo(app)
    assessed = {
        submission.account.email: db_session.scalar(
            select(func.count(RubricAssessment.id)).where(
                RubricAssessment.submission_id == submission.id
            )
        )
        for submission in db_session.scalars(select(WrittenSubmission))
    }
    assert assessed == {demo.BUSY_TRAINEE.email: 1, demo.NEW_TRAINEE.email: 0}


def test_demo_casts_every_demo_trainee_as_a_party_of_a_live_session(
    app, db_session, roleplay_course
):
    run_demo(app)
    live = db_session.scalars(select(LiveSession)).one()
    cast = {participant.account.email: participant.party for participant in live.participants}
    assert cast.keys() == {spec.email for spec in demo.DEMO_TRAINEES}
    assert set(cast.values()) == {"community", "company"}
    assert live.scheduled_by_id == demo_account(db_session, demo.TRAINER).id


def test_demo_live_session_has_begun_today_so_it_can_be_assessed(app, db_session, roleplay_course):
    run_demo(app)
    live = db_session.scalars(select(LiveSession)).one()
    now = utcnow()
    assert live.scheduled_for <= now
    assert live.scheduled_for.date() == now.date()
    assert live_sessions.has_started(live, now=now)


def test_demo_with_role_plays_run_twice_changes_no_row(app, db_session, roleplay_course):
    first = run_demo(app)
    assert "played a scenario" in first.stdout
    before = table_contents(db_session)
    second = run_demo(app)
    assert second.stdout.startswith("Demo data already present.\n")
    assert table_contents(db_session) == before


def test_demo_after_courses_import_plays_the_built_in_scenario(app, db_session):
    app.test_cli_runner().invoke(args=["lms", "courses", "import"])
    run_demo(app)
    outcomes = set(plays_by_trainee(db_session).values())
    assert outcomes == {(True, True), (True, False)}


def test_demo_after_courses_import_fills_every_party_of_the_built_in_live_session(app, db_session):
    app.test_cli_runner().invoke(args=["lms", "courses", "import"])
    run_demo(app)
    live = db_session.scalars(select(LiveSession)).one()
    spec = roleplays.live_of(live.version)
    played = {participant.party for participant in live_sessions.players(live)}
    assert len(spec.parties) == len(demo.DEMO_TRAINEES)
    assert played == {party.id for party in spec.parties}


def test_demo_after_courses_import_casts_each_trainee_outside_their_sector(app, db_session):
    app.test_cli_runner().invoke(args=["lms", "courses", "import"])
    run_demo(app)
    live = db_session.scalars(select(LiveSession)).one()
    spec = roleplays.live_of(live.version)
    crossings = [
        (participant.account.sector, live_sessions.brief_for(spec, participant).sector)
        for participant in live_sessions.players(live)
    ]
    assert len(crossings) == len(demo.DEMO_TRAINEES)
    assert all(own != played for own, played in crossings)


def test_demo_after_courses_import_run_twice_changes_no_row(app, db_session):
    app.test_cli_runner().invoke(args=["lms", "courses", "import"])
    run_demo(app)
    before = table_contents(db_session)
    second = run_demo(app)
    assert second.stdout.startswith("Demo data already present.\n")
    assert table_contents(db_session) == before


@pytest.fixture
def imported(app, db_session):
    """The built-in courses and pathway, imported, then the demo run once."""
    imported = app.test_cli_runner().invoke(args=["lms", "courses", "import"])
    assert imported.exit_code == 0, imported.output
    result = run_demo(app)
    assert result.exit_code == 0, result.output
    return result


def test_demo_pathway_trainees_stand_at_each_stage(app, db_session, imported):
    pathway = db_session.scalars(select(Pathway)).one()
    stages = {
        spec.email: accreditation.completed_stages(
            db_session, demo_account(db_session, spec).id, pathway
        )
        for spec in demo.PATHWAY_TRAINEES
    }
    assert stages == {
        demo.FOUNDATION_TRAINEE.email: [],
        demo.APPLICANT_TRAINEE.email: ["foundation"],
        demo.PRACTICUM_TRAINEE.email: ["foundation"],
        demo.EXAMINED_TRAINEE.email: ["foundation"],
        demo.MODERATED_TRAINEE.email: ["foundation"],
        demo.ACCREDITED_TRAINEE.email: ["foundation", "practitioner", "accredited"],
    }
    assert "accredited, with certificates" in imported.stdout
    assert "awaits moderation" in imported.stdout


def test_demo_practicums_stand_where_their_trainees_do(app, db_session, imported):
    statuses = {case.account.email: case.status for case in db_session.scalars(select(Practicum))}
    assert statuses == {
        demo.APPLICANT_TRAINEE.email: PracticumStatus.APPLIED,
        demo.PRACTICUM_TRAINEE.email: PracticumStatus.ACTIVE,
        demo.EXAMINED_TRAINEE.email: PracticumStatus.SUBMITTED,
        demo.MODERATED_TRAINEE.email: PracticumStatus.MODERATION,
        demo.ACCREDITED_TRAINEE.email: PracticumStatus.PASSED,
    }
    roles = {
        (mark.submission.practicum.account.email, mark.role)
        for mark in db_session.scalars(select(LogbookMark))
    }
    assert (demo.EXAMINED_TRAINEE.email, MarkerRole.EXAMINER) not in roles
    assert (demo.EXAMINED_TRAINEE.email, MarkerRole.MENTOR) in roles


def test_demo_accredited_trainee_certificate_verifies(app, db_session, imported):
    niamh = demo_account(db_session, demo.ACCREDITED_TRAINEE)
    held = db_session.scalars(select(Certificate).where(Certificate.account_id == niamh.id)).all()
    assert {certificate.stage_slug for certificate in held} >= {"accredited"}
    now = utcnow()
    assert all(
        certificate_register.standing(certificate, now=now).state.value == "valid"
        for certificate in held
    )
    assert db_session.scalar(select(func.count(CpdEntry.id))) == 2


def test_demo_written_answers_each_answer_their_own_role_play(app, db_session, imported):
    written = {
        roleplay.slug
        for roleplay in db_session.scalars(select(Roleplay))
        if roleplay.kind is RoleplayKind.WRITTEN
    }
    answers = {
        (submission.roleplay.slug, submission.answer)
        for submission in db_session.scalars(select(WrittenSubmission))
    }
    assert written == set(demo_written_answers.ANSWERS)
    assert {slug for slug, _ in answers} == written
    for slug, answer in answers:
        shipped = demo_written_answers.ANSWERS[slug]
        assert answer in (shipped.strong, shipped.first_draft)


def test_demo_with_the_pathway_run_twice_adds_nothing(app, db_session, imported):
    before = table_contents(db_session)
    second = run_demo(app)
    assert second.stdout.startswith("Demo data already present.\n")
    assert table_contents(db_session) == before


def test_demo_without_the_pathway_says_to_import_it(app, db_session, make_course):
    make_course()
    result = run_demo(app)
    assert "accreditation pathway is not imported" in result.stdout
    assert db_session.scalar(select(func.count(Practicum.id))) == 0
