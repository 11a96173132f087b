"""Commands against a database that is not ready say so in one line."""

from __future__ import annotations

from lms import create_app


def test_import_before_migrating_explains_what_to_do(app_config, fresh_database_url):
    app = create_app(app_config | {"LMS_DATABASE_URL": fresh_database_url})
    result = app.test_cli_runner().invoke(args=["lms", "courses", "import"])
    app.extensions["broker_academy"].database.dispose()
    assert result.exit_code == 1
    assert "run 'flask lms db upgrade'" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_db_upgrade_then_import_works_and_is_repeatable(app_config, fresh_database_url):
    app = create_app(app_config | {"LMS_DATABASE_URL": fresh_database_url})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["lms", "db", "upgrade"]).exit_code == 0
    first = runner.invoke(args=["lms", "courses", "import"])
    second = runner.invoke(args=["lms", "courses", "import"])
    app.extensions["broker_academy"].database.dispose()
    assert first.exit_code == second.exit_code == 0
    assert "created (version 1)" in first.output
    assert "created" not in second.output
    assert "unchanged (version 1)" in second.output
