"""Lesson Markdown becomes HTML that is safe to show, whoever wrote it."""

from __future__ import annotations

from lms.content.markdown import render


def test_script_elements_are_removed_with_their_content():
    assert render("Hello <script>alert(1)</script> there") == "<p>Hello  there</p>\n"


def test_event_handler_attributes_are_removed():
    html = render('<img src="map.png" alt="Map" onerror="alert(1)">')
    assert html == '<img src="map.png" alt="Map">'


def test_javascript_urls_are_removed_from_raw_html_links():
    html = render('<a href="JavaScript:alert(1)">partners</a>')
    assert "javascript" not in html.lower()
    assert "partners" in html


def test_javascript_urls_in_markdown_links_are_not_linked():
    assert "<a" not in render("[partners](javascript:alert(1))")


def test_top_level_headings_become_h2_under_the_page_title():
    assert render("# Why partner") == "<h2>Why partner</h2>\n"


def test_headings_keep_their_relative_levels_below_the_page_title():
    assert render("# Part\n\n## Detail") == "<h2>Part</h2>\n<h3>Detail</h3>\n"
    assert render("## Part\n\n### Detail") == "<h2>Part</h2>\n<h3>Detail</h3>\n"
