"""The audit log page: newest first, who did what, filtered by action, paginated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lms.models import Role
from lms.services import audit
from lms.services.directory import PER_PAGE
from tests.conftest import post_form


def test_audit_log_shows_the_change_its_author_and_its_subject(admin_client, make_account):
    trainee = make_account(display_name="Rosa Diaz")
    post_form(admin_client, f"/admin/users/{trainee.id}/deactivate")
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "account.deactivated" in page
    assert "Alex Admin</a>" in page
    assert f'href="/admin/users/{trainee.id}">{trainee.email}</a>' in page
    assert "is active: yes → no" in page


def test_audit_log_lists_the_newest_event_first(admin_client, make_account):
    trainee = make_account()
    post_form(admin_client, f"/admin/users/{trainee.id}/deactivate")
    post_form(admin_client, f"/admin/users/{trainee.id}/reactivate")
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert page.index("<code>account.reactivated") < page.index("<code>account.deactivated")


def test_audit_log_names_the_system_when_no_one_acted(admin_client, make_account, db_session):
    trainee = make_account()
    audit.record(
        db_session,
        actor=None,
        action="account.roles_changed",
        subject=trainee,
        now=datetime(2026, 3, 5, 14, 3, tzinfo=UTC),
        before={"roles": ["trainee"]},
        after={"roles": ["trainer"]},
    )
    db_session.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "<td>system</td>" in page
    assert "05 Mar 2026, 14:03 UTC" in page


def test_audit_log_filters_by_action(admin_client, make_account):
    trainee = make_account()
    post_form(admin_client, f"/admin/users/{trainee.id}/deactivate")
    page = admin_client.get("/admin/audit?action=account.deactivated").get_data(as_text=True)
    assert "<code>account.deactivated</code>" in page
    assert "<code>account.created</code>" not in page


def test_audit_log_pages_hold_fifty_events(admin_client, admin, db_session):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for minute in range(PER_PAGE + 5):
        audit.record(
            db_session,
            actor=admin,
            action="account.roles_changed",
            subject=admin,
            now=start + timedelta(minutes=minute),
        )
    db_session.commit()
    first = admin_client.get("/admin/audit?action=account.roles_changed").get_data(as_text=True)
    second = admin_client.get("/admin/audit?action=account.roles_changed&page=2")
    assert 'rel="next" href="/admin/audit?page=2&amp;action=account.roles_changed"' in first
    assert second.get_data(as_text=True).count("<code>account.roles_changed</code>") == 5


def test_audit_log_is_for_administrators_only(signed_in_client, make_account):
    client = signed_in_client(make_account(Role.TRAINER))
    assert client.get("/admin/audit").status_code == 403


def test_audit_log_without_a_filter_shows_no_form_error(admin_client):
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Not a valid choice" not in page
    assert 'class="field-error"' not in page


def test_unknown_action_filter_is_a_field_error_and_lists_no_event(admin_client):
    page = admin_client.get("/admin/audit?action=no.such.action").get_data(as_text=True)
    assert 'id="action-error">Choose an action from the list' in page
    assert "<code>account.created</code>" not in page
    assert "No events are listed until the filter above is corrected." in page


def test_audit_pagination_ignores_other_query_parameters(admin_client, admin, db_session):
    for minute in range(PER_PAGE + 1):
        audit.record(
            db_session,
            actor=admin,
            action="account.roles_changed",
            subject=admin,
            now=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minute),
        )
    db_session.commit()
    response = admin_client.get("/admin/audit?endpoint=x&_external=1&_anchor=top")
    assert response.status_code == 200
    assert 'rel="next" href="/admin/audit?page=2"' in response.get_data(as_text=True)
