"""The glossary service: files brought into the database, and terms found for the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.content.glossary import GlossarySpec
from lms.models import Course, GlossaryTerm, Sector
from lms.services import glossary
from lms.services.errors import InvalidInput
from lms.services.glossary import TermChange
from tests.glossary_specs import term


def spec(*terms: dict) -> GlossarySpec:
    return GlossarySpec.model_validate({"terms": list(terms)})


def stored(db_session, course: Course) -> dict[str, GlossaryTerm]:
    query = select(GlossaryTerm).where(GlossaryTerm.course_id == course.id)
    return {row.slug: row for row in db_session.scalars(query)}


def test_sync_creates_the_terms_of_the_file(db_session, make_course):
    course = make_course("language")
    changes = glossary.sync_terms(
        db_session,
        course,
        spec(term("Risk", aliases=["risks"], see_also=["Partner"]), term("Partner")),
    )
    assert changes == {"risk": TermChange.CREATED, "partner": TermChange.CREATED}
    risk = stored(db_session, course)["risk"]
    assert (risk.term, risk.aliases, risk.see_also) == ("Risk", ["risks"], ["partner"])
    assert list(risk.meanings) == ["business", "un", "government", "civil_society"]


def test_sync_updates_changed_terms_in_place_and_leaves_others(db_session, make_course):
    course = make_course("language")
    glossary.sync_terms(db_session, course, spec(term("Risk"), term("Partner")))
    before = stored(db_session, course)["risk"].id
    changes = glossary.sync_terms(
        db_session, course, spec(term("Risk", definition="Changed."), term("Partner"))
    )
    assert changes == {"risk": TermChange.UPDATED, "partner": TermChange.UNCHANGED}
    after = stored(db_session, course)["risk"]
    assert (after.id, after.definition) == (before, "Changed.")


def test_sync_deletes_terms_gone_from_the_file(db_session, make_course):
    course = make_course("language")
    glossary.sync_terms(db_session, course, spec(term("Risk"), term("Partner")))
    changes = glossary.sync_terms(db_session, course, spec(term("Partner")))
    assert changes == {"partner": TermChange.UNCHANGED, "risk": TermChange.REMOVED}
    assert list(stored(db_session, course)) == ["partner"]


def test_a_course_whose_glossary_file_is_gone_loses_its_terms(db_session, make_course):
    course = make_course("language")
    glossary.sync_terms(db_session, course, spec(term("Risk")))
    assert glossary.sync_terms(db_session, course, None) == {"risk": TermChange.REMOVED}
    assert stored(db_session, course) == {}


def test_tally_counts_the_terms_kept_and_each_change():
    changes = {"a": TermChange.CREATED, "b": TermChange.UNCHANGED, "c": TermChange.REMOVED}
    assert glossary.tally(changes) == "2 terms: 1 created, 1 unchanged, 1 removed"


def test_entries_list_every_published_courses_terms_a_to_z(db_session, make_glossary):
    make_glossary([term("risk"), term("Accountability")])
    make_glossary([term("Partner")])
    entries = glossary.entries(db_session)
    assert [(entry.term, entry.letter) for entry in entries] == [
        ("Accountability", "A"),
        ("Partner", "P"),
        ("risk", "R"),
    ]
    assert [sector for sector, _ in entries[0].meanings] == [
        Sector.BUSINESS,
        Sector.UN,
        Sector.GOVERNMENT,
        Sector.CIVIL_SOCIETY,
    ]


def test_entries_leave_out_courses_without_a_published_version(db_session, make_glossary):
    course = make_glossary([term("Risk")])
    course.current_version = None
    db_session.commit()
    assert glossary.entries(db_session) == []
    assert glossary.link_targets(db_session) == {}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("risk", ["Due diligence", "Risk"]),  # the term, and a definition naming it
        ("shares  ALLY", ["Partner"]),  # every word, in any order and case
        ("HAZARDS", ["Risk"]),  # an alias, whatever the case
        ("ministry", ["Due diligence", "Partner", "Risk"]),  # a sector's meaning
        ("tariff", []),
    ],
)
def test_search_matches_terms_aliases_and_text(db_session, make_glossary, query, found):
    make_glossary(
        [
            term("Risk", aliases=["hazards"]),
            term("Partner", definition="An ally who shares the work."),
            term("Due diligence", definition="Checks that limit risk."),
        ]
    )
    assert [entry.term for entry in glossary.entries(db_session, query=query)] == found


def test_a_search_too_long_is_refused(db_session):
    with pytest.raises(InvalidInput) as refused:
        glossary.entries(db_session, query="x" * (glossary.QUERY_LIMIT + 1))
    assert refused.value.field == "q"


def test_see_also_comes_with_the_related_terms_names(db_session, make_glossary):
    make_glossary([term("Risk", see_also=["due diligence"]), term("Due diligence")])
    [risk] = glossary.find(db_session, "risk")
    assert risk.see_also == [("due-diligence", "Due diligence")]


def test_a_term_two_courses_define_is_found_twice_with_distinct_anchors(
    db_session, make_course, make_glossary
):
    make_glossary([term("Risk")], course=make_course("beta"))
    make_glossary([term("Risk")], course=make_course("alpha"))
    found = glossary.find(db_session, "risk")
    assert [(entry.course_slug, entry.anchor) for entry in found] == [
        ("alpha", "risk"),
        ("beta", "risk-in-beta"),
    ]


def test_link_targets_map_every_spelling_to_its_terms_slug(db_session, make_glossary):
    make_glossary([term("Due  Diligence", aliases=["DD"]), term("Risk")])
    assert glossary.link_targets(db_session) == {
        "due diligence": "due-diligence",
        "dd": "due-diligence",
        "risk": "risk",
    }
