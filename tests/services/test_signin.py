"""Sign-in rules without Flask: passwords, throttling, login sessions, reset links, host users."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.models import LoginFailure, Role, utcnow
from lms.services import accounts
from lms.services.accounts import HostIdentity, ThrottlePolicy
from lms.services.errors import InvalidInput, Throttled
from tests.conftest import DEFAULT_PASSWORD, TEST_HASHER

SECRET = "test-secret"  # noqa: S105


def authenticate(db_session, email, password, *, address="192.0.2.1", now=None, policy=None):
    return accounts.authenticate(
        db_session,
        email=email,
        password=password,
        address=address,
        hasher=TEST_HASHER,
        policy=policy or ThrottlePolicy(),
        now=now or utcnow(),
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 10"),
        ("x" * 257, "at most 256"),
        ("aaaaaaaaaaaa", "too easy"),
        ("password123", "too easy"),
        ("amina-secret-words", "name or email"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, message):
    with pytest.raises(InvalidInput, match=message) as caught:
        accounts.check_password_policy(password, email="amina@example.org", display_name="Amina")
    assert caught.value.field == "password"


def test_emails_are_stored_in_lower_case_and_must_be_unique(db_session, make_account):
    make_account(email="Amina@Example.org")
    with pytest.raises(InvalidInput, match="already exists"):
        make_account(email="amina@example.org")


def test_invalid_email_is_refused_on_its_field(db_session):
    with pytest.raises(InvalidInput) as caught:
        accounts.create_account(
            db_session,
            email="not an email",
            display_name="X",
            password=DEFAULT_PASSWORD,
            hasher=TEST_HASHER,
            now=utcnow(),
        )
    assert caught.value.field == "email"


def test_right_password_authenticates_case_insensitively(db_session, make_account):
    account = make_account(email="jonas@example.org")
    assert authenticate(db_session, "JONAS@example.org", DEFAULT_PASSWORD).id == account.id


def test_unknown_email_and_wrong_password_fail_alike(db_session, make_account):
    account = make_account()
    with pytest.raises(accounts.AuthenticationFailed) as wrong:
        authenticate(db_session, account.email, "wrong password!")
    with pytest.raises(accounts.AuthenticationFailed) as unknown:
        authenticate(db_session, "nobody@example.org", "wrong password!")
    assert str(wrong.value) == str(unknown.value)


def test_deactivated_account_cannot_sign_in(db_session, make_account):
    admin = make_account(Role.ADMIN)
    account = make_account()
    accounts.set_active(db_session, account, is_active=False, actor=admin, now=utcnow())
    db_session.commit()
    with pytest.raises(accounts.AuthenticationFailed, match="deactivated"):
        authenticate(db_session, account.email, DEFAULT_PASSWORD)


def test_repeated_failures_throttle_the_account_even_with_the_right_password(
    db_session, make_account
):
    account = make_account()
    policy = ThrottlePolicy(max_failures_per_account=3, max_failures_per_address=100)
    now = utcnow()
    for attempt in range(3):
        with pytest.raises(accounts.AuthenticationFailed):
            authenticate(
                db_session,
                account.email,
                f"wrong {attempt}xxxxx",
                now=now,
                address=f"198.51.100.{attempt}",
                policy=policy,
            )
    with pytest.raises(Throttled, match="Try again in 15 minutes"):
        authenticate(db_session, account.email, DEFAULT_PASSWORD, now=now, policy=policy)
    later = now + timedelta(minutes=16)
    assert authenticate(db_session, account.email, DEFAULT_PASSWORD, now=later, policy=policy)


def test_unknown_emails_are_throttled_too_so_throttling_reveals_nothing(db_session):
    policy = ThrottlePolicy(max_failures_per_account=2, max_failures_per_address=100)
    for _ in range(2):
        with pytest.raises(accounts.AuthenticationFailed):
            authenticate(db_session, "ghost@example.org", "whatever123", policy=policy)
    with pytest.raises(Throttled):
        authenticate(db_session, "ghost@example.org", "whatever123", policy=policy)


def test_many_failures_from_one_address_throttle_that_address(db_session, make_account):
    account = make_account()
    policy = ThrottlePolicy(max_failures_per_account=100, max_failures_per_address=3)
    for number in range(3):
        with pytest.raises(accounts.AuthenticationFailed):
            authenticate(db_session, f"guess{number}@example.org", "guess12345", policy=policy)
    with pytest.raises(Throttled):
        authenticate(db_session, account.email, DEFAULT_PASSWORD, policy=policy)
    assert authenticate(
        db_session, account.email, DEFAULT_PASSWORD, address="203.0.113.9", policy=policy
    )


def test_successful_sign_in_clears_the_account_failures(db_session, make_account):
    account = make_account()
    with pytest.raises(accounts.AuthenticationFailed):
        authenticate(db_session, account.email, "wrong password!")
    authenticate(db_session, account.email, DEFAULT_PASSWORD)
    remaining = db_session.query(LoginFailure).filter_by(key=account.email).count()
    assert remaining == 0


def test_ended_login_session_no_longer_identifies_the_account(db_session, make_account):
    account = make_account()
    token = accounts.start_login_session(db_session, account, now=utcnow())
    assert accounts.account_for_login_token(db_session, token).id == account.id
    accounts.end_login_session(db_session, token, now=utcnow())
    assert accounts.account_for_login_token(db_session, token) is None


def test_password_change_ends_every_login_session(db_session, make_account):
    account = make_account()
    tokens = [accounts.start_login_session(db_session, account, now=utcnow()) for _ in range(2)]
    accounts.change_password(
        db_session,
        account,
        current_password=DEFAULT_PASSWORD,
        new_password="a brand new passphrase",
        hasher=TEST_HASHER,
        now=utcnow(),
    )
    assert [accounts.account_for_login_token(db_session, token) for token in tokens] == [None, None]


def test_password_change_needs_the_current_password(db_session, make_account):
    account = make_account()
    with pytest.raises(InvalidInput) as caught:
        accounts.change_password(
            db_session,
            account,
            current_password="not it at all",
            new_password="a brand new passphrase",
            hasher=TEST_HASHER,
            now=utcnow(),
        )
    assert caught.value.field == "current_password"


def test_reset_link_works_once(db_session, make_account):
    account = make_account()
    token = accounts.make_reset_token(account, secret=SECRET)
    accounts.reset_password(
        db_session,
        token,
        new_password="another good passphrase",
        secret=SECRET,
        max_age=3600,
        hasher=TEST_HASHER,
        now=utcnow(),
    )
    with pytest.raises(accounts.InvalidResetLink, match="already been used"):
        accounts.account_for_reset_token(db_session, token, secret=SECRET, max_age=3600)


def test_forged_reset_link_is_refused(db_session, make_account):
    account = make_account()
    token = accounts.make_reset_token(account, secret="someone else's secret")
    with pytest.raises(accounts.InvalidResetLink, match="not valid"):
        accounts.account_for_reset_token(db_session, token, secret=SECRET, max_age=3600)


def test_expired_reset_link_is_refused(db_session, make_account):
    account = make_account()
    token = accounts.make_reset_token(account, secret=SECRET)
    with pytest.raises(accounts.InvalidResetLink, match="expired"):
        accounts.account_for_reset_token(db_session, token, secret=SECRET, max_age=-1)


def test_host_identity_maps_to_one_account_created_on_first_visit(db_session):
    identity = HostIdentity(external_id="host-42", email="Lea@Host.example", display_name="Lea")
    first = accounts.account_for_host_identity(db_session, identity, now=utcnow())
    again = accounts.account_for_host_identity(db_session, identity, now=utcnow())
    assert first.id == again.id
    assert first.email == "lea@host.example"
    assert first.roles == {Role.TRAINEE}
    assert first.password_hash is None


def test_host_identity_roles_are_applied_when_the_host_gives_them(db_session):
    identity = HostIdentity("host-7", "boss@host.example", "Boss", roles=frozenset({Role.ADMIN}))
    account = accounts.account_for_host_identity(db_session, identity, now=utcnow())
    assert account.roles == {Role.ADMIN}
    demoted = HostIdentity("host-7", "boss@host.example", "Boss", roles=frozenset({Role.TRAINER}))
    assert accounts.account_for_host_identity(db_session, demoted, now=utcnow()).roles == {
        Role.TRAINER
    }
