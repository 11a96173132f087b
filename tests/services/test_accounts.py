"""Accounts without Flask: email forms, password policy, creation, roles, activation, host users,
and their audit records."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import Account, AuditEvent, LoginSession, Role, utcnow
from lms.services import accounts, signin
from lms.services.accounts import HostIdentity
from lms.services.errors import InvalidInput, NotPermitted
from tests.concurrency import run_concurrently
from tests.conftest import DEFAULT_PASSWORD, TEST_HASHER


def events(db_session, action: str) -> list[AuditEvent]:
    return list(db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_created_account_holds_the_roles_asked_for(db_session):
    account = accounts.create_account(
        db_session,
        email="Tomas@Example.org",
        display_name="  Tomás Trainer ",
        password="river stones and kites",
        roles=[Role.TRAINER, Role.ADMIN],
        hasher=TEST_HASHER,
        now=utcnow(),
    )
    assert (account.email, account.display_name) == ("tomas@example.org", "Tomás Trainer")
    assert account.roles == {Role.TRAINER, Role.ADMIN}


def test_account_creation_is_audited_with_its_roles(db_session, make_account):
    admin = make_account(Role.ADMIN)
    account = accounts.create_account(
        db_session,
        email="new@example.org",
        display_name="New Person",
        password="river stones and kites",
        roles=[Role.TRAINEE],
        hasher=TEST_HASHER,
        now=utcnow(),
        actor=admin,
    )
    [event] = [e for e in events(db_session, "account.created") if e.subject_id == str(account.id)]
    assert (event.actor_id, event.subject_label) == (admin.id, "new@example.org")
    assert (event.before, event.after) == (None, {"roles": ["trainee"]})


def test_account_without_a_name_is_refused(db_session):
    with pytest.raises(InvalidInput) as caught:
        accounts.create_account(
            db_session,
            email="new@example.org",
            display_name="   ",
            password="river stones and kites",
            hasher=TEST_HASHER,
            now=utcnow(),
        )
    assert caught.value.field == "display_name"


def test_set_roles_replaces_the_roles_and_records_before_and_after(db_session, make_account):
    admin = make_account(Role.ADMIN)
    trainee = make_account(Role.TRAINEE)
    accounts.set_roles(db_session, trainee, [Role.TRAINER, Role.ADMIN], actor=admin, now=utcnow())
    assert trainee.roles == {Role.TRAINER, Role.ADMIN}
    [event] = events(db_session, "account.roles_changed")
    assert (event.actor_id, event.subject_id) == (admin.id, str(trainee.id))
    assert event.before == {"roles": ["trainee"]}
    assert event.after == {"roles": ["admin", "trainer"]}


def test_set_roles_to_the_same_roles_records_nothing(db_session, make_account):
    admin = make_account(Role.ADMIN)
    trainee = make_account(Role.TRAINEE)
    accounts.set_roles(db_session, trainee, [Role.TRAINEE], actor=admin, now=utcnow())
    assert events(db_session, "account.roles_changed") == []


def test_set_roles_needs_at_least_one_role(db_session, make_account):
    admin = make_account(Role.ADMIN)
    trainee = make_account(Role.TRAINEE)
    with pytest.raises(InvalidInput) as caught:
        accounts.set_roles(db_session, trainee, [], actor=admin, now=utcnow())
    assert caught.value.field == "roles"


def test_administrator_cannot_drop_their_own_admin_role(db_session, make_account):
    admin = make_account(Role.ADMIN)
    with pytest.raises(NotPermitted):
        accounts.set_roles(db_session, admin, [Role.TRAINER], actor=admin, now=utcnow())
    assert admin.roles == {Role.ADMIN}


def test_administrator_may_add_roles_to_their_own_account(db_session, make_account):
    admin = make_account(Role.ADMIN)
    accounts.set_roles(db_session, admin, [Role.ADMIN, Role.TRAINER], actor=admin, now=utcnow())
    assert admin.roles == {Role.ADMIN, Role.TRAINER}


def test_deactivation_ends_every_login_session_and_is_audited(db_session, make_account):
    admin = make_account(Role.ADMIN)
    trainee = make_account()
    token = signin.start_login_session(db_session, trainee, now=utcnow())
    accounts.set_active(db_session, trainee, is_active=False, actor=admin, now=utcnow())
    db_session.commit()
    assert signin.account_for_login_token(db_session, token) is None
    assert db_session.scalars(select(LoginSession.revoked_at)).one() is not None
    [event] = events(db_session, "account.deactivated")
    assert (event.before, event.after) == ({"is_active": True}, {"is_active": False})


def test_reactivation_is_audited(db_session, make_account):
    admin = make_account(Role.ADMIN)
    trainee = make_account()
    accounts.set_active(db_session, trainee, is_active=False, actor=admin, now=utcnow())
    accounts.set_active(db_session, trainee, is_active=True, actor=admin, now=utcnow())
    assert trainee.is_active
    [event] = events(db_session, "account.reactivated")
    assert (event.before, event.after) == ({"is_active": False}, {"is_active": True})


def test_setting_the_current_state_again_records_nothing(db_session, make_account):
    admin = make_account(Role.ADMIN)
    trainee = make_account()
    accounts.set_active(db_session, trainee, is_active=True, actor=admin, now=utcnow())
    assert events(db_session, "account.reactivated") == []


def test_administrator_cannot_deactivate_themselves(db_session, make_account):
    admin = make_account(Role.ADMIN)
    with pytest.raises(NotPermitted):
        accounts.set_active(db_session, admin, is_active=False, actor=admin, now=utcnow())
    assert admin.is_active


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


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (" Lea@xn--bcher-kva.example ", "lea@bücher.example"),
        ("Jose\u0301@Example.org", "jos\u00e9@example.org"),
        (" Bob@Intranet ", "bob@intranet"),
    ],
)
def test_email_key_is_the_stored_form_or_else_trimmed_lower_case(raw, key):
    assert accounts.email_key(raw) == key


def test_account_without_a_password_needs_no_hasher(db_session):
    account = accounts.create_account(
        db_session, email="host@example.org", display_name="Host", password=None, now=utcnow()
    )
    assert account.password_hash is None


def test_password_without_a_hasher_is_a_programming_error(db_session):
    with pytest.raises(ValueError, match="hasher"):
        accounts.create_account(
            db_session,
            email="new@example.org",
            display_name="New Person",
            password="river stones and kites",
            now=utcnow(),
        )


def test_concurrent_registrations_of_one_email_leave_one_account(database):
    def register(session):
        try:
            accounts.create_account(
                session,
                email="same@example.org",
                display_name="Same Person",
                password="river stones and kites",
                hasher=TEST_HASHER,
                now=utcnow(),
            )
        except InvalidInput as error:
            session.rollback()
            return error.field
        return "created"

    outcomes = run_concurrently(database, register, times=4)
    assert sorted(outcomes) == ["created", "email", "email", "email"]
    with database.sessionmaker() as session:
        assert session.scalar(select(func.count(Account.id))) == 1


def host_user(external_id="host-42", email="lea@host.example", **details) -> HostIdentity:
    return HostIdentity(external_id, email, details.pop("display_name", "Lea"), **details)


def test_host_identity_maps_to_one_account_created_on_first_visit(db_session):
    identity = host_user(email="Lea@Host.example")
    first = accounts.account_for_host_identity(db_session, identity, now=utcnow())
    again = accounts.account_for_host_identity(db_session, identity, now=utcnow())
    assert first.id == again.id
    assert first.email == "lea@host.example"
    assert first.roles == {Role.TRAINEE}
    assert first.password_hash is None


def test_host_identity_roles_are_applied_when_the_host_gives_them(db_session):
    identity = host_user(roles=frozenset({Role.ADMIN}))
    account = accounts.account_for_host_identity(db_session, identity, now=utcnow())
    assert account.roles == {Role.ADMIN}
    demoted = host_user(roles=frozenset({Role.TRAINER}))
    assert accounts.account_for_host_identity(db_session, demoted, now=utcnow()).roles == {
        Role.TRAINER
    }


def test_host_user_cannot_take_over_an_account_that_has_a_password(db_session, make_account):
    admin = make_account(Role.ADMIN, email="boss@host.example")
    with pytest.raises(NotPermitted, match="already uses this email address"):
        accounts.account_for_host_identity(
            db_session, host_user(email="Boss@host.example"), now=utcnow()
        )
    db_session.rollback()
    assert db_session.get(Account, admin.id).external_id is None


def test_host_user_cannot_take_over_another_host_users_account(db_session):
    first = accounts.account_for_host_identity(db_session, host_user("host-1"), now=utcnow())
    db_session.commit()
    with pytest.raises(NotPermitted, match="ask an administrator"):
        accounts.account_for_host_identity(db_session, host_user("host-2"), now=utcnow())
    db_session.rollback()
    assert db_session.get(Account, first.id).external_id == "host-1"


def test_host_user_is_linked_to_the_account_made_for_them(db_session):
    made = accounts.create_account(
        db_session, email="lea@host.example", display_name="Lea", password=None, now=utcnow()
    )
    linked = accounts.account_for_host_identity(db_session, host_user(), now=utcnow())
    assert (linked.id, linked.external_id) == (made.id, "host-42")


@pytest.mark.parametrize(
    ("email", "display_name", "field"),
    [("bob@intranet", "Bob", "email"), ("bob@host.example", "  ", "display_name")],
)
def test_host_user_with_unusable_details_is_refused(db_session, email, display_name, field):
    identity = host_user(email=email, display_name=display_name)
    with pytest.raises(InvalidInput) as caught:
        accounts.account_for_host_identity(db_session, identity, now=utcnow())
    assert caught.value.field == field
