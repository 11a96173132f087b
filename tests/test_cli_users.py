"""`flask lms users create`: accounts from the command line, with readable errors."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import Account, Role
from tests.conftest import TEST_HASHER

PASSWORD = "river stones and kites"  # noqa: S105 (test data)


def create(app, *options: str, input: str | None = PASSWORD + "\n", stdin: bool = True):
    args = ["lms", "users", "create", *options]
    if stdin:
        args.append("--password-stdin")
    return app.test_cli_runner().invoke(args=args, input=input)


def stored(db_session, email: str) -> Account:
    db_session.expire_all()
    return db_session.scalars(select(Account).where(Account.email == email)).one()


def account_count(db_session) -> int:
    return db_session.scalar(select(func.count(Account.id)))


def test_create_with_password_from_stdin_prints_role_email_and_id(app, db_session):
    result = create(app, "--email", "alice@example.org", "--name", "Alice", "--role", "trainer")
    account = stored(db_session, "alice@example.org")
    assert result.exit_code == 0
    assert result.stdout == f"Created trainer alice@example.org (id {account.id}).\n"
    assert account.roles == {Role.TRAINER}
    assert TEST_HASHER.verify(account.password_hash, PASSWORD)


def test_password_from_stdin_loses_only_its_trailing_newline(app, db_session):
    create(app, "--email", "alice@example.org", "--name", "Alice", input="  spaced out words  \n")
    account = stored(db_session, "alice@example.org")
    assert TEST_HASHER.verify(account.password_hash, "  spaced out words  ")


def test_role_defaults_to_trainee(app, db_session):
    create(app, "--email", "alice@example.org", "--name", "Alice")
    assert stored(db_session, "alice@example.org").roles == {Role.TRAINEE}


def test_role_may_be_given_several_times(app, db_session):
    result = create(
        app,
        "--email",
        "alice@example.org",
        "--name",
        "Alice",
        "--role",
        "admin",
        "--role",
        "trainer",
    )
    assert stored(db_session, "alice@example.org").roles == {Role.ADMIN, Role.TRAINER}
    assert result.stdout.startswith("Created trainer and admin alice@example.org")


def test_without_stdin_the_password_is_asked_twice_and_not_echoed(app, db_session):
    result = create(
        app,
        "--email",
        "alice@example.org",
        "--name",
        "Alice",
        input=f"{PASSWORD}\n{PASSWORD}\n",
        stdin=False,
    )
    assert result.exit_code == 0
    assert result.output.count("Password") == 1
    assert "Repeat for confirmation" in result.output
    assert PASSWORD not in result.output
    assert TEST_HASHER.verify(stored(db_session, "alice@example.org").password_hash, PASSWORD)


def test_differing_passwords_are_asked_for_again(app, db_session):
    result = create(
        app,
        "--email",
        "alice@example.org",
        "--name",
        "Alice",
        input=f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n",
        stdin=False,
    )
    assert result.exit_code == 0
    assert "do not match" in result.output
    assert TEST_HASHER.verify(stored(db_session, "alice@example.org").password_hash, PASSWORD)


def test_taken_email_fails_with_one_line_and_exit_code_1(app, db_session, make_account):
    make_account(email="alice@example.org")
    result = create(app, "--email", "Alice@Example.org", "--name", "Another Alice")
    assert result.exit_code == 1
    assert result.stderr == "Error: An account with this email address already exists.\n"
    assert result.stdout == ""
    assert account_count(db_session) == 1


def test_weak_password_fails_with_the_reason_and_exit_code_1(app, db_session):
    result = create(app, "--email", "alice@example.org", "--name", "Alice", input="short\n")
    assert result.exit_code == 1
    assert result.stderr == "Error: Use at least 10 characters.\n"
    assert account_count(db_session) == 0


def test_invalid_email_fails_with_exit_code_1(app, db_session):
    result = create(app, "--email", "not-an-email", "--name", "Alice")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Enter a valid email address")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert account_count(db_session) == 0


def test_empty_name_fails_with_exit_code_1(app, db_session):
    result = create(app, "--email", "alice@example.org", "--name", "  ")
    assert result.exit_code == 1
    assert result.stderr == "Error: Enter the name other people will see.\n"


@pytest.mark.parametrize(
    "options",
    [
        ["--email", "alice@example.org", "--name", "Alice", "--role", "emperor"],
        ["--name", "Alice"],
        ["--email", "alice@example.org"],
    ],
)
def test_unknown_role_or_missing_option_is_a_usage_error(app, db_session, options):
    result = create(app, *options)
    assert result.exit_code == 2
    assert account_count(db_session) == 0
