"""One user's page: roles, deactivation and reactivation, self-protection, recent events."""

from __future__ import annotations

from sqlalchemy import select

from lms.models import Account, AuditEvent, Role
from tests.conftest import DEFAULT_PASSWORD, post_form, sign_in


def roles_of(db_session, account: Account) -> frozenset[Role]:
    db_session.expire_all()
    return db_session.get(Account, account.id).roles


def test_user_page_of_an_unknown_account_is_not_found(admin_client):
    assert admin_client.get("/admin/users/999999").status_code == 404


def test_user_page_ticks_the_roles_the_account_holds(admin_client, make_account):
    trainer = make_account(Role.TRAINER)
    page = admin_client.get(f"/admin/users/{trainer.id}").get_data(as_text=True)
    assert '<input checked id="roles-1" name="roles" type="checkbox" value="trainer">' in page
    assert '<input id="roles-0" name="roles" type="checkbox" value="trainee">' in page


def test_saving_roles_gives_the_account_exactly_the_ticked_roles(
    admin_client, make_account, db_session
):
    trainee = make_account(Role.TRAINEE)
    response = post_form(
        admin_client, f"/admin/users/{trainee.id}", {"roles": ["trainer", "admin"]}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{trainee.id}"
    assert roles_of(db_session, trainee) == {Role.TRAINER, Role.ADMIN}


def test_saving_no_role_shows_the_error_on_the_form(admin_client, make_account, db_session):
    trainee = make_account(Role.TRAINEE)
    response = post_form(admin_client, f"/admin/users/{trainee.id}", {})
    assert response.status_code == 200
    assert "Choose at least one role." in response.get_data(as_text=True)
    assert roles_of(db_session, trainee) == {Role.TRAINEE}


def test_role_error_is_tied_to_the_group_of_checkboxes(admin_client, make_account):
    trainee = make_account(Role.TRAINEE)
    page = post_form(admin_client, f"/admin/users/{trainee.id}", {}).get_data(as_text=True)
    assert '<fieldset aria-describedby="roles-error">' in page
    assert '<p class="field-error" id="roles-error">Choose at least one role.</p>' in page


def test_unknown_role_is_refused_by_the_form(admin_client, make_account, db_session):
    trainee = make_account(Role.TRAINEE)
    response = post_form(admin_client, f"/admin/users/{trainee.id}", {"roles": ["emperor"]})
    assert response.status_code == 200
    assert roles_of(db_session, trainee) == {Role.TRAINEE}


def test_administrator_cannot_remove_their_own_admin_role(admin_client, admin, db_session):
    response = post_form(
        admin_client, f"/admin/users/{admin.id}", {"roles": ["trainer"]}, follow_redirects=True
    )
    assert "You cannot remove your own administrator role." in response.get_data(as_text=True)
    assert roles_of(db_session, admin) == {Role.ADMIN}


def test_role_change_is_shown_among_the_accounts_recent_events(admin_client, make_account):
    trainee = make_account(Role.TRAINEE)
    post_form(admin_client, f"/admin/users/{trainee.id}", {"roles": ["trainee", "trainer"]})
    page = admin_client.get(f"/admin/users/{trainee.id}").get_data(as_text=True)
    assert "account.roles_changed" in page
    assert "roles: trainee → trainee, trainer" in page


def test_deactivating_ends_the_users_open_session(app, admin_client, make_account):
    trainee = make_account()
    their_browser = app.test_client()
    sign_in(their_browser, trainee)
    response = post_form(admin_client, f"/admin/users/{trainee.id}/deactivate")
    assert response.headers["Location"] == f"/admin/users/{trainee.id}"
    assert their_browser.get("/").status_code == 302


def test_deactivated_user_cannot_sign_in(app, admin_client, make_account):
    trainee = make_account()
    post_form(admin_client, f"/admin/users/{trainee.id}/deactivate")
    their_browser = app.test_client()
    response = post_form(
        their_browser, "/login", {"email": trainee.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert "This account has been deactivated" in response.get_data(as_text=True)


def test_reactivated_user_can_sign_in_again(app, admin_client, make_account):
    trainee = make_account()
    post_form(admin_client, f"/admin/users/{trainee.id}/deactivate")
    post_form(admin_client, f"/admin/users/{trainee.id}/reactivate")
    sign_in(app.test_client(), trainee)


def test_administrator_cannot_deactivate_themselves(admin_client, admin, db_session):
    response = post_form(admin_client, f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate or reactivate your own account." in response.get_data(
        as_text=True
    )
    db_session.expire_all()
    assert db_session.get(Account, admin.id).is_active


def test_deactivation_is_audited_with_the_administrator_as_actor(
    admin_client, admin, make_account, db_session
):
    trainee = make_account()
    post_form(admin_client, f"/admin/users/{trainee.id}/deactivate")
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.deactivated")
    ).one()
    assert (event.actor_id, event.subject_id) == (admin.id, str(trainee.id))
    assert (event.before, event.after) == ({"is_active": True}, {"is_active": False})


def test_user_actions_need_the_csrf_token(admin_client, make_account, db_session):
    trainee = make_account()
    response = admin_client.post(f"/admin/users/{trainee.id}/deactivate")
    assert response.status_code == 400
    db_session.expire_all()
    assert db_session.get(Account, trainee.id).is_active
