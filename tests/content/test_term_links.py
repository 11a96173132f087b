"""Linking glossary terms in a lesson's HTML: first use only, whole words, never where a link
cannot go."""

from __future__ import annotations

from lms.content.term_links import link_terms

TARGETS = {
    "risk": "/glossary/risk",
    "risks": "/glossary/risk",
    "due diligence": "/glossary/due-diligence",
    "partner": "/glossary/partner",
    "partnering agreement": "/glossary/partnering-agreement",
    "M&E": "/glossary/m-and-e",
}


def link(term: str, text: str, href: str | None = None) -> str:
    return f'<a class="glossary-link" href="{href or TARGETS[term.casefold()]}">{text}</a>'


def test_the_first_use_of_a_term_is_linked_and_later_ones_are_not():
    html = "<p>Every risk has an owner.</p><p>Name the risk.</p>"
    assert link_terms(html, TARGETS) == (
        f"<p>Every {link('risk', 'risk')} has an owner.</p><p>Name the risk.</p>"
    )


def test_matching_ignores_case_and_keeps_the_authors_spelling():
    html = "<p>Risk comes first.</p>"
    assert link_terms(html, TARGETS) == f"<p>{link('risk', 'Risk')} comes first.</p>"


def test_an_alias_links_to_its_terms_entry_and_counts_as_its_use():
    html = "<p>Some risks are shared.</p><p>Every risk is owned.</p>"
    assert link_terms(html, TARGETS) == (
        f"<p>Some {link('risks', 'risks')} are shared.</p><p>Every risk is owned.</p>"
    )


def test_only_whole_words_are_linked():
    html = "<p>Partnerships are risky, risk-sharing is hard, and a partner helps.</p>"
    assert link_terms(html, TARGETS) == (
        "<p>Partnerships are risky, risk-sharing is hard, and a "
        f"{link('partner', 'partner')} helps.</p>"
    )


def test_a_term_of_several_words_is_found_across_a_line_break():
    html = "<p>Start due\ndiligence early.</p>"
    assert link_terms(html, TARGETS) == (
        f"<p>Start {link('due diligence', 'due' + chr(10) + 'diligence')} early.</p>"
    )


def test_the_longest_term_wins_where_terms_overlap():
    with_partnering = TARGETS | {"partnering": "/glossary/partnering"}
    html = "<p>Sign the partnering agreement.</p>"
    assert link_terms(html, with_partnering) == (
        f"<p>Sign the {link('partnering agreement', 'partnering agreement')}.</p>"
    )


def test_text_inside_links_headings_and_code_is_never_linked():
    html = (
        "<h2>Risk</h2><p><a href='/x'>risk</a> and <code>risk</code></p>"
        "<pre><code>risk</code></pre><p>Then risk.</p>"
    )
    assert link_terms(html, TARGETS) == (
        "<h2>Risk</h2><p><a href='/x'>risk</a> and <code>risk</code></p>"
        f"<pre><code>risk</code></pre><p>Then {link('risk', 'risk')}.</p>"
    )


def test_text_inside_emphasis_is_linked_and_the_markup_kept():
    html = '<p>A <strong>risk</strong> map<br>and an <img src="/a.png" alt="risk"> image.</p>'
    assert link_terms(html, TARGETS) == (
        f"<p>A <strong>{link('risk', 'risk')}</strong> map<br>and an "
        '<img src="/a.png" alt="risk"> image.</p>'
    )


def test_escaped_text_stays_escaped():
    html = "<p>Report M&amp;E and 1 &lt; 2 &amp; <em>partner</em>.</p>"
    assert link_terms(html, TARGETS) == (
        f"<p>Report {link('m&e', 'M&amp;E', '/glossary/m-and-e')} and 1 &lt; 2 &amp; "
        f"<em>{link('partner', 'partner')}</em>.</p>"
    )


def test_html_without_terms_is_unchanged():
    html = '<p>Nothing <a href="/x" title="t">here</a>.</p><!-- note -->'
    assert link_terms(html, TARGETS) == html


def test_without_targets_nothing_is_linked():
    assert link_terms("<p>Every risk.</p>", {}) == "<p>Every risk.</p>"
