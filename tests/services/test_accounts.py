"""Account administration without Flask: creation, roles, activation, and their audit records."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.models import AuditEvent, LoginSession, Role, utcnow
from lms.services import accounts
from lms.services.errors import InvalidInput, NotPermitted
from tests.conftest import TEST_HASHER


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
    token = accounts.start_login_session(db_session, trainee, now=utcnow())
    accounts.set_active(db_session, trainee, is_active=False, actor=admin, now=utcnow())
    db_session.commit()
    assert accounts.account_for_login_token(db_session, token) is None
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
