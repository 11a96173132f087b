"""`flask lms demo`: demo accounts, a trainer for every course, some progress; twice is harmless."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import Account, AuditEvent, Base, Course, Enrolment, LessonCompletion, utcnow
from lms.services import accounts, demo, signin
from lms.services.signin import ThrottlePolicy
from tests.conftest import TEST_HASHER


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


def test_demo_creates_the_four_accounts_and_prints_their_passwords_once(app, db_session):
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


def test_demo_new_trainee_takes_one_course(app, db_session, make_course):
    make_course(title="Negotiation basics")
    make_course(title="Partnership agreements")
    run_demo(app)
    jonas = demo_account(db_session, demo.NEW_TRAINEE)
    titles = db_session.scalars(
        select(Course.title).join(Enrolment).where(Enrolment.account_id == jonas.id)
    ).all()
    assert titles == ["Negotiation basics"]


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
    assert db_session.scalar(select(func.count(Enrolment.id))) == 2


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
