"""Markdown to safe HTML: markdown-it-py renders CommonMark, nh3 (ammonia) keeps safe markup."""

from __future__ import annotations

from functools import lru_cache
from html import escape

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

_ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "kbd", "li", "ol", "p",
    "pre", "s", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
}

# Raise when a change to render() changes the HTML of existing lessons: imports then re-render.
RENDERER_VERSION = 2

_renderer = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@lru_cache(maxsize=4096)
def render_text(text: str, text_format: str) -> str:
    """Render a question's text (and answers, feedback) from its format to safe HTML.

    The formats are Moodle's, so imported questions look as they did there: ``html`` is
    sanitised; ``moodle`` (auto-format) is sanitised HTML whose line breaks are kept; ``plain``
    is escaped. Cached, because the same question texts are shown on every attempt page.
    """
    if text_format == "markdown":
        return render(text)
    if text_format == "html":
        return _clean(text)
    if text_format == "moodle":
        return _clean(text.replace("\n", "<br>\n"))
    return escape(text).replace("\n", "<br>\n")


def render(markdown: str) -> str:
    """Render ``markdown`` to HTML that is safe to show to any reader.

    Raw HTML in the source is allowed through the parser and then sanitised, so authors may use
    harmless tags (``<abbr>``, ``<details>``) but never scripts, styles or event handlers.
    Headings are shifted so the lesson's highest one is an ``h2`` (the page title is the ``h1``),
    keeping their relative levels whether the author starts from ``#`` or ``##``.
    """
    tokens = _renderer.parse(markdown)
    _shift_headings(tokens)
    return _clean(_renderer.renderer.render(tokens, _renderer.options, {}))


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _shift_headings(tokens: list[Token]) -> None:
    headings = [token for token in tokens if token.type in {"heading_open", "heading_close"}]
    if not headings:
        return
    shift = 2 - min(int(token.tag[1]) for token in headings)
    for token in headings:
        token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
