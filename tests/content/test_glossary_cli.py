"""`flask lms courses validate|import` with glossary files: counted, synced, problems named."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select

from lms.content.glossary import GLOSSARY_FILE
from lms.models import GlossaryTerm
from tests.glossary_specs import term


@pytest.fixture
def courses(app):
    """Run ``flask lms courses <args>``; returns click's result."""
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["lms", "courses", *map(str, args)])

    return run


def write_glossary(folder, *terms):
    text = yaml.safe_dump({"terms": list(terms)}, sort_keys=False, allow_unicode=True)
    (folder / GLOSSARY_FILE).write_text(text, encoding="utf-8")


def stored_terms(db_session):
    return db_session.scalars(select(GlossaryTerm.term).order_by(GlossaryTerm.slug)).all()


def test_validate_counts_the_glossary_terms(courses, write_course):
    folder = write_course()
    write_glossary(folder, term("Risk"), term("Partner"))
    result = courses("validate", folder)
    assert result.exit_code == 0
    assert result.output == "1 course valid: negotiation\n2 glossary terms valid\n"


def test_validate_names_the_line_of_a_glossary_problem_and_fails(courses, write_course):
    folder = write_course()
    write_glossary(folder, term("Risk", see_also=["Trust"]))
    result = courses("validate", folder)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert f"{folder / GLOSSARY_FILE}:" in result.stderr
    assert "terms[0].see_also[0]: no term 'Trust' in this glossary" in result.stderr


def test_import_creates_the_terms_and_reports_them(courses, write_course, courses_root, db_session):
    write_glossary(write_course(), term("Risk"), term("Partner"))
    result = courses("import", courses_root)
    assert result.output == (
        "negotiation: created (version 1)\nnegotiation glossary: 2 terms: 2 created\n"
    )
    assert stored_terms(db_session) == ["Partner", "Risk"]


def test_import_updates_changed_terms_and_removes_those_gone(
    courses, write_course, courses_root, db_session
):
    folder = write_course()
    write_glossary(folder, term("Risk"), term("Partner"), term("Impact"))
    courses("import", courses_root)
    write_glossary(folder, term("Risk", definition="Changed."), term("Partner"))
    result = courses("import", courses_root)
    assert result.output.splitlines()[1] == (
        "negotiation glossary: 2 terms: 1 updated, 1 unchanged, 1 removed"
    )
    assert stored_terms(db_session) == ["Partner", "Risk"]


def test_an_invalid_glossary_imports_nothing(courses, write_course, courses_root, db_session):
    write_glossary(write_course(), term("Risk"), term("risk"))
    result = courses("import", courses_root)
    assert result.exit_code != 0
    assert "nothing was imported" in result.stderr
    assert stored_terms(db_session) == []
