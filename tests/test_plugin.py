"""The academy mounted in a host application: side by side, with and without the identity hook."""

from __future__ import annotations

from pathlib import Path

import flask_login
import pytest
from flask import Flask, redirect, request
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from lms import BrokerAcademy, HostIdentity
from lms.config import ConfigurationError
from lms.models import Account, Role
from tests.conftest import TEST_HASHER, csrf_token, make_account_in

host_metadata = MetaData()
host_notes = Table(
    "notes", host_metadata, Column("id", Integer, primary_key=True), Column("text", String(200))
)


def build_host(database_url: str, templates: Path, **academy_options) -> Flask:
    """A small host app with its own route, template, table and (optionally) its own sign-in."""
    (templates / "auth").mkdir(parents=True, exist_ok=True)
    (templates / "base.html").write_text("HOST BASE TEMPLATE")
    (templates / "auth" / "login.html").write_text("HOST LOGIN TEMPLATE")
    host = Flask("host_app", template_folder=str(templates))
    host.config.update(
        SECRET_KEY="host-secret-key",
        LMS_DATABASE_URL=database_url,
        LMS_ARGON2_TIME_COST=TEST_HASHER.time_cost,
        LMS_ARGON2_MEMORY_COST=TEST_HASHER.memory_cost,
        LMS_ARGON2_PARALLELISM=TEST_HASHER.parallelism,
    )
    engine = create_engine(database_url)
    host_metadata.create_all(engine)

    @host.route("/")
    def home():
        return "host home"

    @host.route("/notes", methods=["GET", "POST"])
    def notes():
        with engine.begin() as connection:
            if request.method == "POST":
                connection.execute(insert(host_notes).values(text=request.form["text"]))
            return ", ".join(connection.scalars(select(host_notes.c.text)))

    @host.template_filter("number")
    def host_number(value):
        return f"host number {value}"

    host.extensions["host_engine"] = engine
    BrokerAcademy(host, url_prefix="/academy", **academy_options)
    return host


@pytest.fixture
def host(fresh_database_url, tmp_path):
    host = build_host(fresh_database_url, tmp_path / "templates")
    result = host.test_cli_runner().invoke(args=["lms", "db", "upgrade"])
    assert result.exit_code == 0, result.output
    yield host
    host.extensions["broker_academy"].database.dispose()
    host.extensions["host_engine"].dispose()


def test_db_upgrade_adds_only_lms_tables_beside_the_hosts(host):
    with host.extensions["host_engine"].connect() as connection:
        tables = set(connection.dialect.get_table_names(connection))
    assert "notes" in tables
    assert "lms_alembic_version" in tables
    assert {name for name in tables if name != "notes"} == {
        name for name in tables if name.startswith("lms_")
    }


def test_host_routes_and_academy_routes_work_side_by_side(host):
    client = host.test_client()
    assert client.post("/notes", data={"text": "agenda"}).status_code == 200
    assert client.get("/notes").get_data(as_text=True) == "agenda"
    assert client.get("/").get_data(as_text=True) == "host home"
    assert client.get("/academy/courses").status_code == 200
    with client.get("/academy/static/css/lms.css") as stylesheet:
        assert stylesheet.status_code == 200


def test_host_responses_keep_their_own_headers(host):
    response = host.test_client().get("/")
    assert "Content-Security-Policy" not in response.headers
    assert "Content-Security-Policy" in host.test_client().get("/academy/courses").headers


def test_academy_pages_use_their_own_templates_not_the_hosts(host):
    page = host.test_client().get("/academy/login").get_data(as_text=True)
    assert "HOST" not in page
    assert "<h1>Sign in</h1>" in page


def test_academy_template_filters_leave_the_hosts_filters_alone(host):
    assert host.jinja_env.filters["number"](7) == "host number 7"
    assert "lms_number" in host.jinja_env.filters


def test_academy_sign_in_works_under_the_prefix(host):
    with Session(host.extensions["host_engine"]) as session:
        make_account_in(session, email="lea@example.org")
    client = host.test_client()
    response = client.post(
        "/academy/login?next=/academy/account",
        data={
            "csrf_token": csrf_token(client, "/academy/courses"),
            "email": "lea@example.org",
            "password": "correct horse battery",
        },
    )
    assert response.headers["Location"] == "/academy/account"
    assert client.get("/academy/account").status_code == 200


def build_host_with_its_own_users(database_url: str, templates: Path) -> Flask:
    """A host that signs people in itself, with Flask-Login, and tells the academy who they are."""
    login_manager = flask_login.LoginManager()

    class HostUser(flask_login.UserMixin):
        def __init__(self, user_id: str) -> None:
            self.id = user_id

    login_manager.user_loader(HostUser)

    def host_identity() -> HostIdentity | None:
        user = flask_login.current_user
        if not user.is_authenticated:
            return None
        email, name = host.config["HOST_DIRECTORY"].get(
            user.id, (f"{user.id}@host.example", f"Host user {user.id}")
        )
        return HostIdentity(user.id, email, name)

    host = Flask("host_with_users", template_folder=str(templates))
    # Host users' (email, name) by id, for the tests to give some odd details; others get defaults.
    host.config.update(SECRET_KEY="host-secret-key", LMS_LOGIN_URL="/sign-in", HOST_DIRECTORY={})
    login_manager.init_app(host)

    @host.route("/sign-in")
    def sign_in():
        flask_login.login_user(HostUser(request.args["as"]))
        return redirect(request.args.get("next", "/"))

    host.config["LMS_DATABASE_URL"] = database_url
    BrokerAcademy(host, url_prefix="/academy", identity_loader=host_identity)
    return host


@pytest.fixture
def host_with_users(fresh_database_url, tmp_path):
    host = build_host_with_its_own_users(fresh_database_url, tmp_path / "templates")
    assert host.test_cli_runner().invoke(args=["lms", "db", "upgrade"]).exit_code == 0
    yield host
    host.extensions["broker_academy"].database.dispose()


def test_identity_hook_sends_anonymous_visitors_to_the_hosts_sign_in(host_with_users):
    response = host_with_users.test_client().get("/academy/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=%2Facademy%2F"


def test_identity_hook_maps_a_host_user_to_one_account(host_with_users):
    client = host_with_users.test_client()
    client.get("/sign-in?as=u17")
    assert client.get("/academy/").status_code == 200
    assert client.get("/academy/courses").status_code == 200
    engine = host_with_users.extensions["broker_academy"].database.engine
    with Session(engine) as session:
        accounts = session.scalars(select(Account)).all()
    assert [(a.external_id, a.email) for a in accounts] == [("u17", "u17@host.example")]


@pytest.mark.parametrize(("email", "name"), [("bob@intranet", "Bob"), ("bob@host.example", "   ")])
def test_host_user_with_unusable_details_gets_a_page_saying_so(host_with_users, email, name):
    host_with_users.config["HOST_DIRECTORY"]["bob"] = (email, name)
    client = host_with_users.test_client()
    client.get("/sign-in?as=bob")
    for page in ("/academy/", "/academy/courses"):
        response = client.get(page)
        assert response.status_code == 403
        assert "cannot use the email address or name" in response.get_data(as_text=True)


def test_deactivated_host_user_gets_a_page_saying_so_not_the_hosts_sign_in(host_with_users):
    client = host_with_users.test_client()
    client.get("/sign-in?as=u17")
    client.get("/academy/")
    engine = host_with_users.extensions["broker_academy"].database.engine
    with Session(engine) as session:
        session.execute(update(Account).values(is_active=False))
        session.commit()
    response = client.get("/academy/")
    assert response.status_code == 403
    assert "This account has been deactivated" in response.get_data(as_text=True)


def test_host_user_cannot_take_over_an_academy_account_with_their_email(host_with_users):
    engine = host_with_users.extensions["broker_academy"].database.engine
    with Session(engine) as session:
        admin_id = make_account_in(session, Role.ADMIN, email="u17@host.example").id
    client = host_with_users.test_client()
    client.get("/sign-in?as=u17")
    response = client.get("/academy/")
    assert response.status_code == 403
    assert "already uses this email address" in response.get_data(as_text=True)
    with Session(engine) as session:
        assert session.get(Account, admin_id).external_id is None


def test_identity_hook_replaces_the_academys_own_sign_in(host_with_users):
    client = host_with_users.test_client()
    assert client.get("/academy/login").status_code == 404
    assert client.get("/academy/register").status_code == 404


def test_a_host_with_its_own_login_manager_must_use_the_hook(tmp_path):
    host = Flask("host_with_login", template_folder=str(tmp_path))
    host.config.update(SECRET_KEY="host-secret-key", LMS_DATABASE_URL="sqlite://")
    flask_login.LoginManager(host)
    with pytest.raises(ConfigurationError, match="identity_loader"):
        BrokerAcademy(host)


def test_a_host_without_a_secret_key_is_refused(tmp_path):
    host = Flask("host_without_secret")
    host.config.update(LMS_DATABASE_URL="sqlite://")
    with pytest.raises(ConfigurationError, match="secret key"):
        BrokerAcademy(host)


def test_sqlite_settings_apply_to_host_databases_too(host):
    engine = host.extensions["broker_academy"].database.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_one_extension_object_can_serve_two_apps_with_their_own_databases(tmp_path):
    academy = BrokerAcademy(url_prefix="/academy")
    apps = []
    for name in ("first", "second"):
        host = Flask(name)
        host.config.update(
            SECRET_KEY="host-secret-key", LMS_DATABASE_URL=f"sqlite:///{tmp_path}/{name}.sqlite3"
        )
        academy.init_app(host)
        apps.append(host)
    urls = [str(app.extensions["broker_academy"].database.engine.url) for app in apps]
    for app in apps:
        app.extensions["broker_academy"].database.dispose()
    assert urls[0].endswith("first.sqlite3")
    assert urls[1].endswith("second.sqlite3")
