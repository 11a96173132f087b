"""Reading glossary files: strict fields, one spelling per term, and problems named by line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lms.content.errors import ContentError
from lms.content.glossary import (
    GLOSSARY_FILE,
    Meanings,
    load_course_glossaries,
    load_glossary,
    see_also_slugs,
    slug_of,
)
from lms.content.loader import load_courses
from lms.models import Sector
from tests.conftest import REPO_ROOT
from tests.glossary_specs import term

# Line numbers matter: tests assert that problems point at them.
GLOSSARY_YAML = """\
terms:
  - term: Due diligence
    definition: Checks before committing to a partner.
    meanings:
      business: Financial and legal checks before a deal.
      un: Screening a partner against exclusion criteria.
      government: Vetting bidders under procurement law.
      civil_society: Checking a company will not harm communities.
    see_also: [Risk]
  - term: Risk
    aliases: [risks]
    definition: The chance that something goes wrong.
    meanings:
      business: Exposure priced and insured.
      un: Reputational risk to the organisation's name.
      government: Political risk and fiscal exposure.
      civil_society: Risk to communities and independence.
"""


@pytest.fixture
def course(write_course) -> Path:
    return write_course()


def write_glossary(course: Path, text: str) -> None:
    (course / GLOSSARY_FILE).write_text(text, encoding="utf-8")


def problems_loading(course: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_glossary(course)
    return [str(problem) for problem in caught.value.problems]


def test_a_glossary_loads_its_terms_with_slugs_and_meanings_by_sector(course):
    write_glossary(course, GLOSSARY_YAML)
    spec = load_glossary(course)
    assert spec is not None
    assert [entry.key for entry in spec.terms] == ["due-diligence", "risk"]
    assert spec.terms[1].wordings == ["Risk", "risks"]
    assert spec.terms[0].meanings.by_sector()[Sector.UN] == (
        "Screening a partner against exclusion criteria."
    )


def test_a_course_without_a_glossary_has_none(course):
    assert load_glossary(course) is None


def test_meanings_are_asked_of_every_sector_a_broker_brings_together():
    assert set(Meanings.model_fields) == {sector.value for sector in Sector} - {Sector.OTHER}


def test_see_also_is_resolved_to_slugs_by_term_alias_or_slug(course):
    write_glossary(
        course,
        yaml.safe_dump(
            {
                "terms": [
                    term("Partner", see_also=["RISKS", "due-diligence"]),
                    term("Risk", aliases=["risks"]),
                    term("Due diligence"),
                ]
            }
        ),
    )
    spec = load_glossary(course)
    assert spec is not None
    assert see_also_slugs(spec, spec.terms[0]) == ["risk", "due-diligence"]


def test_slug_is_made_of_the_terms_words_in_lower_case():
    assert slug_of("Memorandum of understanding (MoU)") == "memorandum-of-understanding-mou"


def test_a_missing_sector_is_named_with_its_line(course):
    write_glossary(
        course,
        GLOSSARY_YAML.replace("      un: Reputational risk to the organisation's name.\n", ""),
    )
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:13: terms[1].meanings.un: Field required"
    ]


def test_an_unknown_sector_is_refused_with_its_line(course):
    write_glossary(course, GLOSSARY_YAML.replace("  government: Political", "  state: Political"))
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:13: terms[1].meanings.government: Field required",
        f"{course / GLOSSARY_FILE}:16: terms[1].meanings.state: Extra inputs are not permitted",
    ]


def test_an_unknown_field_of_a_term_is_refused(course):
    write_glossary(course, GLOSSARY_YAML.replace("    aliases: [risks]", "    alias: [risks]"))
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:11: terms[1].alias: Extra inputs are not permitted"
    ]


def test_a_blank_definition_is_refused(course):
    write_glossary(course, GLOSSARY_YAML.replace("The chance that something goes wrong.", "' '"))
    [problem] = problems_loading(course)
    assert problem.startswith(f"{course / GLOSSARY_FILE}:12: terms[1].definition: String should")


def test_an_overlong_definition_is_refused(course):
    write_glossary(course, GLOSSARY_YAML.replace("The chance", "Very " * 90))
    [problem] = problems_loading(course)
    assert "terms[1].definition: String should have at most 400 characters" in problem


def test_a_spelling_given_to_two_terms_is_refused_where_it_is_repeated(course):
    write_glossary(course, GLOSSARY_YAML.replace("aliases: [risks]", "aliases: [due  Diligence]"))
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:11: terms[1].aliases[0]: "
        "'due  Diligence' already names 'Due diligence'"
    ]


def test_an_alias_repeating_its_own_term_is_refused(course):
    write_glossary(course, GLOSSARY_YAML.replace("aliases: [risks]", "aliases: [RISK]"))
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:11: terms[1].aliases[0]: 'RISK' is given twice for this term"
    ]


def test_two_terms_with_one_slug_are_refused(course):
    write_glossary(
        course,
        GLOSSARY_YAML.replace("  - term: Risk\n", "  - term: Risk\n    slug: due-diligence\n"),
    )
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:10: terms[1].term: "
        "slug 'due-diligence' is already the slug of 'Due diligence'"
    ]


def test_see_also_naming_no_term_is_refused_with_its_line(course):
    write_glossary(course, GLOSSARY_YAML.replace("see_also: [Risk]", "see_also: [Risk, Impact]"))
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:9: terms[0].see_also[1]: no term 'Impact' in this glossary"
    ]


def test_a_term_referring_to_itself_is_refused(course):
    write_glossary(course, GLOSSARY_YAML.replace("see_also: [Risk]", "see_also: [due diligence]"))
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:9: terms[0].see_also[0]: a term cannot refer to itself"
    ]


def test_a_glossary_without_terms_is_refused(course):
    write_glossary(course, "terms: []\n")
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:1: terms: List should have at least 1 item after validation, "
        "not 0"
    ]


def test_a_glossary_that_is_a_list_is_refused(course):
    write_glossary(course, "- term: Risk\n")
    [problem] = problems_loading(course)
    assert problem == (
        f"{course / GLOSSARY_FILE}:1: expected a mapping of 'terms', a list of glossary entries, "
        "not a list"
    )


def test_problems_of_every_course_are_listed_together(write_course, courses_root):
    first, second = write_course("mediation"), write_course("negotiation")
    write_glossary(first, "terms: []\n")
    write_glossary(second, GLOSSARY_YAML.replace("see_also: [Risk]", "see_also: [Trust]"))
    with pytest.raises(ContentError) as caught:
        load_course_glossaries(courses_root, load_courses(courses_root))
    assert [problem.path.parent.name for problem in caught.value.problems] == [
        "mediation",
        "negotiation",
    ]


def test_the_partnership_language_glossary_holds_at_least_25_distinct_terms():
    spec = load_glossary(REPO_ROOT / "courses" / "partnership-language")
    assert spec is not None
    assert len(spec.terms) >= 25
    for entry in spec.terms:
        meanings = list(entry.meanings.by_sector().values())
        assert len(set(meanings)) == 4, entry.term


def test_a_term_without_latin_letters_needs_a_slug_of_its_own(course):
    write_glossary(course, GLOSSARY_YAML.replace("term: Risk", "term: Κίνδυνος"))
    assert problems_loading(course) == [
        f"{course / GLOSSARY_FILE}:10: terms[1].term: "
        "needs a 'slug': it has no letters or digits to make one from"
    ]


def test_a_given_slug_names_the_term(course):
    text = GLOSSARY_YAML.replace("term: Risk", "term: Κίνδυνος\n    slug: kindynos")
    write_glossary(course, text.replace("see_also: [Risk]", "see_also: [kindynos]"))
    spec = load_glossary(course)
    assert spec is not None
    assert spec.terms[1].key == "kindynos"
    assert see_also_slugs(spec, spec.terms[0]) == ["kindynos"]
