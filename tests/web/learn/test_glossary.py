"""The glossary pages, and the links lessons make to them."""

from __future__ import annotations

import pytest

from tests.glossary_specs import term

LESSON = "/courses/negotiation/lessons/lesson-1-1"


@pytest.fixture
def language(make_course, make_glossary):
    """The course holding the glossary: three terms, one with an alias and related terms."""
    course = make_course("partnership-language", title="Partnership language")
    return make_glossary(
        [
            term("Risk", aliases=["risks"], see_also=["Due diligence"]),
            term("Due diligence", definition="Checks before committing to a partner."),
            term("Accountability"),
        ],
        course=course,
    )


def test_glossary_lists_every_term_a_to_z_under_its_letter(client, language):
    page = client.get("/glossary").get_data(as_text=True)
    assert page.index('id="letter-A"') < page.index('id="letter-D"') < page.index('id="letter-R"')
    assert '<h3 id="risk-term"><a href="/glossary/risk">Risk</a></h3>' in page
    assert '<a href="#letter-D">D</a>' in page


def test_each_term_says_what_it_means_to_each_sector(client, language):
    page = client.get("/glossary/risk").get_data(as_text=True)
    for sector, meaning in [
        ("Business", "To a company, Risk is about the bottom line."),
        ("UN agency", "To a UN agency, Risk is about the mandate."),
        ("Government", "To a ministry, Risk is about public policy."),
        ("Civil society", "To an NGO, Risk is about communities."),
    ]:
        assert f"<dt>{sector}</dt>\n          <dd>{meaning}</dd>" in page


def test_term_page_shows_the_term_its_aliases_related_terms_and_course(client, language):
    page = client.get("/glossary/risk").get_data(as_text=True)
    assert '<h1 id="risk-term">Risk</h1>' in page
    assert "Also: risks" in page
    assert '<a href="/glossary/due-diligence">Due diligence</a>' in page
    assert '<a href="/courses/partnership-language">Partnership language</a>' in page


def test_unknown_term_is_not_found(client, language):
    assert client.get("/glossary/trust").status_code == 404


def test_search_keeps_the_terms_that_match(client, language):
    page = client.get("/glossary?q=committing").get_data(as_text=True)
    assert "1 term matches “committing”." in page
    assert 'href="/glossary/due-diligence">Due diligence</a>' in page
    assert 'href="/glossary/risk">Risk</a></h3>' not in page
    assert 'value="committing"' in page


def test_search_finds_a_term_by_its_alias(client, language):
    page = client.get("/glossary?q=RISKS").get_data(as_text=True)
    assert '<a href="/glossary/risk">Risk</a></h3>' in page


def test_search_without_a_match_says_so(client, language):
    page = client.get("/glossary?q=tariff").get_data(as_text=True)
    assert "No term matches “tariff”." in page
    assert '<a href="/glossary">Show every term</a>' in page


def test_a_search_too_long_gets_a_field_error_and_no_list(client, language):
    response = client.get("/glossary?q=" + "x" * 101)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Search for at most 100 characters." in page
    assert "No term is listed until the search above is corrected." in page


def test_an_empty_glossary_says_so(client):
    assert "The glossary is empty" in client.get("/glossary").get_data(as_text=True)


def test_every_page_links_to_the_glossary(client):
    assert '<a href="/glossary">Glossary</a>' in client.get("/courses").get_data(as_text=True)


def test_glossary_pages_issue_as_many_queries_for_30_terms_as_for_1(
    client, make_course, make_glossary, count_queries
):
    counts = []
    for slug, size in (("few", 1), ("many", 30)):
        make_glossary([term(f"{slug} term {n}") for n in range(size)], course=make_course(slug))
        with count_queries() as listing:
            client.get("/glossary")
        with count_queries() as term_page:
            client.get(f"/glossary/{slug}-term-0")
        counts.append((listing.count, term_page.count))
    assert counts[0] == counts[1]


def test_a_lesson_links_the_first_use_of_a_glossary_term(
    trainee_client, trainee, make_course, make_glossary, enrol
):
    enrol(trainee, make_course("negotiation"))
    make_glossary([term("Teaches"), term("Something")])
    page = trainee_client.get(LESSON).get_data(as_text=True)
    assert (
        'Lesson 1.1 <a class="glossary-link" href="/glossary/teaches">teaches</a> '
        '<strong><a class="glossary-link" href="/glossary/something">something</a></strong>.'
    ) in page


def test_a_lesson_links_no_term_of_an_unpublished_course(
    trainee_client, trainee, db_session, make_course, make_glossary, enrol
):
    enrol(trainee, make_course("negotiation"))
    draft = make_glossary([term("Teaches")])
    draft.current_version = None
    db_session.commit()
    page = trainee_client.get(LESSON).get_data(as_text=True)
    assert "Lesson 1.1 teaches <strong>something</strong>." in page


def test_lesson_page_issues_as_many_queries_for_30_glossary_terms_as_for_1(
    trainee_client, trainee, make_course, make_glossary, enrol, count_queries
):
    glossary_course = make_course("language")
    enrol(trainee, make_course("negotiation"))
    counts = []
    for size in (1, 30):
        make_glossary(
            [term(f"Term {n}") for n in range(size - 1)] + [term("teaches")], course=glossary_course
        )
        with count_queries() as lesson_page:
            page = trainee_client.get(LESSON).get_data(as_text=True)
        assert 'href="/glossary/teaches">teaches</a>' in page
        counts.append(lesson_page.count)
    assert counts[0] == counts[1]
