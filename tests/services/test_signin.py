"""Sign-in rules without Flask: throttling, login sessions, password changes and resets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.models import Role, ThrottleEvent, utcnow
from lms.services import accounts, signin, throttling
from lms.services.errors import InvalidInput, Throttled
from lms.services.signin import ResetThrottlePolicy, ThrottlePolicy
from tests.conftest import DEFAULT_PASSWORD, TEST_HASHER

SECRET = "test-secret"  # noqa: S105
NEW_PASSWORD = "another good passphrase"  # noqa: S105
LOCKING_POLICY = ThrottlePolicy(max_failures_per_account=2, max_failures_per_address=100)


def authenticate(db_session, email, password, *, address="192.0.2.1", now=None, policy=None):
    return signin.authenticate(
        db_session,
        email=email,
        password=password,
        address=address,
        hasher=TEST_HASHER,
        policy=policy or ThrottlePolicy(),
        now=now or utcnow(),
    )


def lock_out(db_session, account) -> None:
    """Fail to sign in as ``account`` until LOCKING_POLICY throttles it."""
    for _ in range(LOCKING_POLICY.max_failures_per_account):
        with pytest.raises(signin.AuthenticationFailed):
            authenticate(db_session, account.email, "wrong password!", policy=LOCKING_POLICY)
    db_session.commit()
    with pytest.raises(Throttled):
        authenticate(db_session, account.email, DEFAULT_PASSWORD, policy=LOCKING_POLICY)


def test_right_password_authenticates_case_insensitively(db_session, make_account):
    account = make_account(email="jonas@example.org")
    assert authenticate(db_session, "JONAS@example.org", DEFAULT_PASSWORD).id == account.id


def test_sign_in_finds_the_account_by_the_form_registration_stored(db_session, make_account):
    account = make_account(email="lea@xn--bcher-kva.example")
    assert account.email == "lea@bücher.example"
    assert authenticate(db_session, "Lea@xn--bcher-kva.example", DEFAULT_PASSWORD).id == account.id


def test_unknown_email_and_wrong_password_fail_alike(db_session, make_account):
    account = make_account()
    with pytest.raises(signin.AuthenticationFailed) as wrong:
        authenticate(db_session, account.email, "wrong password!")
    with pytest.raises(signin.AuthenticationFailed) as unknown:
        authenticate(db_session, "nobody@example.org", "wrong password!")
    assert str(wrong.value) == str(unknown.value)


def test_deactivated_account_cannot_sign_in(db_session, make_account):
    admin = make_account(Role.ADMIN)
    account = make_account()
    accounts.set_active(db_session, account, is_active=False, actor=admin, now=utcnow())
    db_session.commit()
    with pytest.raises(signin.AuthenticationFailed, match="deactivated"):
        authenticate(db_session, account.email, DEFAULT_PASSWORD)


def test_repeated_failures_throttle_the_account_even_with_the_right_password(
    db_session, make_account
):
    account = make_account()
    policy = ThrottlePolicy(max_failures_per_account=3, max_failures_per_address=100)
    now = utcnow()
    for attempt in range(3):
        with pytest.raises(signin.AuthenticationFailed):
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
    for _ in range(2):
        with pytest.raises(signin.AuthenticationFailed):
            authenticate(db_session, "ghost@example.org", "whatever123", policy=LOCKING_POLICY)
    with pytest.raises(Throttled):
        authenticate(db_session, "ghost@example.org", "whatever123", policy=LOCKING_POLICY)


def test_many_failures_from_one_address_throttle_that_address(db_session, make_account):
    account = make_account()
    policy = ThrottlePolicy(max_failures_per_account=100, max_failures_per_address=3)
    for number in range(3):
        with pytest.raises(signin.AuthenticationFailed):
            authenticate(db_session, f"guess{number}@example.org", "guess12345", policy=policy)
    with pytest.raises(Throttled):
        authenticate(db_session, account.email, DEFAULT_PASSWORD, policy=policy)
    assert authenticate(
        db_session, account.email, DEFAULT_PASSWORD, address="203.0.113.9", policy=policy
    )


def test_successful_sign_in_clears_the_account_failures(db_session, make_account):
    account = make_account()
    with pytest.raises(signin.AuthenticationFailed):
        authenticate(db_session, account.email, "wrong password!")
    authenticate(db_session, account.email, DEFAULT_PASSWORD)
    remaining = db_session.query(ThrottleEvent).filter_by(key=account.email).count()
    assert remaining == 0


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 minute"),
        (61, "2 minutes"),
        (900, "15 minutes"),
        (3600, "60 minutes"),
        (5400, "90 minutes"),
        (7200, "2 hours"),
        (86400, "24 hours"),
    ],
)
def test_durations_are_said_in_minutes_or_whole_hours(seconds, words):
    assert throttling.duration_in_words(seconds) == words


def test_ended_login_session_no_longer_identifies_the_account(db_session, make_account):
    account = make_account()
    token = signin.start_login_session(db_session, account, now=utcnow())
    assert signin.account_for_login_token(db_session, token).id == account.id
    signin.end_login_session(db_session, token, now=utcnow())
    assert signin.account_for_login_token(db_session, token) is None


def change_password(db_session, account, *, current_password=DEFAULT_PASSWORD):
    signin.change_password(
        db_session,
        account,
        current_password=current_password,
        new_password=NEW_PASSWORD,
        hasher=TEST_HASHER,
        now=utcnow(),
    )


def test_password_change_ends_every_login_session(db_session, make_account):
    account = make_account()
    tokens = [signin.start_login_session(db_session, account, now=utcnow()) for _ in range(2)]
    change_password(db_session, account)
    assert [signin.account_for_login_token(db_session, token) for token in tokens] == [None, None]


def test_password_change_needs_the_current_password(db_session, make_account):
    account = make_account()
    with pytest.raises(InvalidInput) as caught:
        change_password(db_session, account, current_password="not it at all")
    assert caught.value.field == "current_password"


def test_password_change_lifts_the_sign_in_lockout(db_session, make_account):
    account = make_account()
    lock_out(db_session, account)
    change_password(db_session, account)
    assert authenticate(db_session, account.email, NEW_PASSWORD, policy=LOCKING_POLICY)


def reset_password(db_session, token):
    return signin.reset_password(
        db_session,
        token,
        new_password=NEW_PASSWORD,
        secret=SECRET,
        max_age=3600,
        hasher=TEST_HASHER,
        now=utcnow(),
    )


def test_reset_link_works_once(db_session, make_account):
    token = signin.make_reset_token(make_account(), secret=SECRET)
    reset_password(db_session, token)
    with pytest.raises(signin.InvalidResetLink, match="already been used"):
        signin.account_for_reset_token(db_session, token, secret=SECRET, max_age=3600)


def test_password_reset_lifts_the_sign_in_lockout(db_session, make_account):
    account = make_account()
    lock_out(db_session, account)
    reset_password(db_session, signin.make_reset_token(account, secret=SECRET))
    assert authenticate(db_session, account.email, NEW_PASSWORD, policy=LOCKING_POLICY)


def request_reset(db_session, email, *, address="192.0.2.1", now=None, policy=None):
    return signin.request_password_reset(
        db_session,
        email,
        address=address,
        policy=policy or ResetThrottlePolicy(),
        now=now or utcnow(),
    )


def test_reset_is_offered_to_the_account_registration_stored(db_session, make_account):
    account = make_account(email="lea@xn--bcher-kva.example")
    assert request_reset(db_session, " LEA@xn--bcher-kva.example") is account


def test_reset_is_not_offered_for_an_unknown_email(db_session):
    assert request_reset(db_session, "nobody@example.org") is None


def test_an_email_gets_no_more_reset_mails_than_its_share(db_session, make_account):
    account = make_account()
    now = utcnow()
    offered = [request_reset(db_session, account.email, now=now) for _ in range(4)]
    assert offered == [account, account, account, None]


def test_reset_requests_for_an_email_count_before_any_account_uses_it(db_session, make_account):
    policy = ResetThrottlePolicy(max_per_email=2)
    for _ in range(2):
        assert request_reset(db_session, "lea@example.org", policy=policy) is None
    make_account(email="lea@example.org")
    assert request_reset(db_session, "lea@example.org", policy=policy) is None


def test_reset_mails_flow_again_once_the_window_has_passed(db_session, make_account):
    account = make_account()
    policy = ResetThrottlePolicy(max_per_email=1)
    now = utcnow()
    request_reset(db_session, account.email, now=now, policy=policy)
    assert request_reset(db_session, account.email, now=now, policy=policy) is None
    later = now + policy.window + timedelta(seconds=1)
    assert request_reset(db_session, account.email, now=later, policy=policy) is account


def test_an_address_asking_too_often_is_refused_with_the_time_to_wait(db_session):
    policy = ResetThrottlePolicy(max_per_address=3)
    now = utcnow()
    for number in range(3):
        request_reset(db_session, f"ghost{number}@example.org", now=now, policy=policy)
    with pytest.raises(Throttled, match="from your network. Try again in 60 minutes.") as caught:
        request_reset(db_session, "ghost9@example.org", now=now, policy=policy)
    assert caught.value.retry_after == policy.window


def test_other_addresses_may_still_ask_for_a_reset(db_session, make_account):
    account = make_account()
    policy = ResetThrottlePolicy(max_per_address=1)
    request_reset(db_session, "ghost@example.org", policy=policy)
    assert request_reset(db_session, account.email, address="203.0.113.9", policy=policy) is account


def test_a_refused_address_may_ask_again_once_the_window_has_passed(db_session, make_account):
    account = make_account()
    policy = ResetThrottlePolicy(max_per_address=1)
    now = utcnow()
    request_reset(db_session, "ghost@example.org", now=now, policy=policy)
    with pytest.raises(Throttled):
        request_reset(db_session, account.email, now=now + timedelta(minutes=30), policy=policy)
    later = now + policy.window + timedelta(seconds=1)
    assert request_reset(db_session, account.email, now=later, policy=policy) is account


def test_reset_requests_do_not_lock_sign_in(db_session, make_account):
    account = make_account()
    for _ in range(LOCKING_POLICY.max_failures_per_account):
        request_reset(db_session, account.email)
    assert authenticate(db_session, account.email, DEFAULT_PASSWORD, policy=LOCKING_POLICY)


def test_forged_reset_link_is_refused(db_session, make_account):
    token = signin.make_reset_token(make_account(), secret="someone else's secret")
    with pytest.raises(signin.InvalidResetLink, match="not valid"):
        signin.account_for_reset_token(db_session, token, secret=SECRET, max_age=3600)


def test_expired_reset_link_is_refused(db_session, make_account):
    token = signin.make_reset_token(make_account(), secret=SECRET)
    with pytest.raises(signin.InvalidResetLink, match="expired"):
        signin.account_for_reset_token(db_session, token, secret=SECRET, max_age=-1)


def test_throttle_events_older_than_the_window_are_forgotten_on_the_next_one(db_session):
    policy = ThrottlePolicy()
    long_ago = utcnow() - timedelta(days=2)
    for number in range(3):
        with pytest.raises(signin.AuthenticationFailed):
            authenticate(
                db_session, f"old{number}@example.org", "whatever123", now=long_ago, policy=policy
            )
    with pytest.raises(signin.AuthenticationFailed):
        authenticate(db_session, "new@example.org", "whatever123", policy=policy)
    keys = {event.key for event in db_session.scalars(select(ThrottleEvent))}
    assert keys == {"new@example.org", "192.0.2.1"}
