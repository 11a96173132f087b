"""Markdown to safe HTML: markdown-it-py renders CommonMark, nh3 (ammonia) keeps safe markup."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
}

_renderer = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render(markdown: str) -> str:
    """Render ``markdown`` to HTML that is safe to show to any reader.

    Raw HTML in the source is allowed through the parser and then sanitised, so authors may use
    harmless tags (``<abbr>``, ``<details>``) but never scripts, styles or event handlers. Headings
    start at ``h2`` because the page title is the ``h1``.
    """
    html = _renderer.render(markdown)
    html = _demote_top_headings(html)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _demote_top_headings(html: str) -> str:
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
