"""The user list: search, filters, pagination, access, and a query count that does not grow."""

from __future__ import annotations

from lms.models import Account, AccountRole, Role, utcnow
from lms.services.directory import PER_PAGE
from tests.conftest import sign_in


def listed_emails(response) -> list[str]:
    page = response.get_data(as_text=True)
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return [cell.split("</td>")[0] for cell in rows.split("<td>")[2::4]]


def add_accounts(db_session, count: int, *, prefix: str = "bulk") -> None:
    """Insert accounts cheaply (no password hashing), each a trainee."""
    db_session.add_all(
        [
            Account(
                email=f"{prefix}{number:04d}@example.org",
                display_name=f"{prefix.title()} {number:04d}",
                password_hash="not-a-real-hash",
                created_at=utcnow(),
                role_grants=[AccountRole(role=Role.TRAINEE)],
            )
            for number in range(count)
        ]
    )
    db_session.commit()


def test_trainees_and_trainers_cannot_open_the_user_list(client, make_account):
    sign_in(client, make_account(Role.TRAINEE, Role.TRAINER))
    assert client.get("/admin/users").status_code == 403


def test_user_list_links_each_account_to_its_page(admin_client, make_account):
    trainee = make_account(display_name="Rosa Trainee")
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert f'href="/admin/users/{trainee.id}">Rosa Trainee</a>' in page


def test_search_matches_email_or_name_in_any_case(admin_client, make_account):
    make_account(email="rosa@unhcr.example", display_name="Rosa Diaz")
    make_account(email="kemal@ngo.example", display_name="Kemal ROSARIO")
    make_account(email="li@gov.example", display_name="Li Wei")
    response = admin_client.get("/admin/users?q=RoSa")
    assert sorted(listed_emails(response)) == ["kemal@ngo.example", "rosa@unhcr.example"]


def test_search_treats_percent_and_underscore_literally(admin_client, make_account):
    make_account(email="a_b@example.org", display_name="Under Score")
    make_account(email="axb@example.org", display_name="No Score")
    assert listed_emails(admin_client.get("/admin/users?q=a_b")) == ["a_b@example.org"]
    assert listed_emails(admin_client.get("/admin/users?q=%25")) == []


def test_role_filter_lists_only_holders_of_the_role(admin_client, admin, make_account):
    trainer = make_account(Role.TRAINER, Role.TRAINEE)
    make_account(Role.TRAINEE)
    assert listed_emails(admin_client.get("/admin/users?role=trainer")) == [trainer.email]
    assert listed_emails(admin_client.get("/admin/users?role=admin")) == [admin.email]


def test_status_filter_separates_active_and_deactivated_accounts(
    admin_client, admin, make_account, db_session
):
    gone = make_account(display_name="Gone Person")
    gone.is_active = False
    db_session.commit()
    assert listed_emails(admin_client.get("/admin/users?status=deactivated")) == [gone.email]
    assert gone.email not in listed_emails(admin_client.get("/admin/users?status=active"))


def test_unknown_role_filter_is_a_field_error_and_lists_no_one(admin_client, admin):
    response = admin_client.get("/admin/users?role=emperor")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p class="field-error" id="role-error">Choose a role from the list.</p>' in page
    assert 'aria-describedby="role-error" aria-invalid="true"' in page
    assert listed_emails(response) == []
    assert "No accounts are listed until the filters above are corrected." in page


def test_unknown_status_filter_is_a_field_error_and_lists_no_one(admin_client, admin):
    response = admin_client.get("/admin/users?status=asleep")
    page = response.get_data(as_text=True)
    assert '<p class="field-error" id="status-error">Choose a status from the list.</p>' in page
    assert listed_emails(response) == []


def test_valid_filters_show_no_field_error(admin_client, admin):
    page = admin_client.get("/admin/users?q=&role=admin&status=active").get_data(as_text=True)
    assert 'class="field-error"' not in page


def test_pagination_links_carry_only_the_filters_whatever_the_query_string_holds(
    admin_client, db_session
):
    add_accounts(db_session, PER_PAGE + 1)
    response = admin_client.get(
        "/admin/users?q=bulk&role=trainee&endpoint=x&_external=1&_anchor=top&_scheme=javascript"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'rel="next" href="/admin/users?page=2&amp;q=bulk&amp;role=trainee"' in page


def test_user_list_pages_hold_fifty_accounts_with_previous_and_next_links(admin_client, db_session):
    add_accounts(db_session, PER_PAGE + 10)
    first = admin_client.get("/admin/users?q=bulk").get_data(as_text=True)
    second = admin_client.get("/admin/users?q=bulk&page=2")
    assert 'rel="next" href="/admin/users?page=2&amp;q=bulk"' in first
    assert 'rel="prev"' not in first
    assert len(listed_emails(second)) == 10
    assert 'rel="prev" href="/admin/users?page=1&amp;q=bulk"' in second.get_data(as_text=True)


def test_page_past_the_end_shows_the_last_page(admin_client, db_session):
    add_accounts(db_session, PER_PAGE + 1)
    response = admin_client.get("/admin/users?page=99")
    assert "Page 2 of 2" in response.get_data(as_text=True)


def test_user_list_runs_the_same_number_of_queries_for_2_or_200_accounts(
    admin_client, db_session, count_queries
):
    add_accounts(db_session, 1, prefix="few")
    with count_queries() as few:
        assert admin_client.get("/admin/users").status_code == 200
    add_accounts(db_session, 198, prefix="many")
    with count_queries() as many:
        assert admin_client.get("/admin/users").status_code == 200
    assert many.count == few.count
