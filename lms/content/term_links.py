"""Link the first use of each glossary term in a lesson's HTML to the term's glossary entry.

The HTML is walked with ``html.parser``: only text nodes are searched, never tags or attributes,
and text inside links, headings and code is left alone (a link inside a link is invalid, and a
heading or a code sample is no place for one). Matching is case-insensitive on whole words, a
hyphenated compound counting as one word ("risk-sharing" is not a use of "risk").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

from lms.content.glossary import fold

# Elements whose text is never linked.
_UNLINKED = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp"})


class TermLinker:
    """Links the spellings of terms, each to its target; build one with ``linker_for``."""

    def __init__(self, targets: Mapping[str, str]) -> None:
        self._targets = {fold(wording): href for wording, href in targets.items()}
        words = sorted(self._targets, key=len, reverse=True)  # "risk sharing" before "risk"
        alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    def link(self, html: str) -> str:
        """Return ``html`` with the first use of each term made a link to its entry."""
        if not self._targets:
            return html
        walker = _Walker(self)
        walker.feed(html)
        walker.close()
        return "".join(walker.output)

    def link_text(self, text: str, linked: set[str]) -> str:
        """Escape ``text``, linking uses of terms whose target is not in ``linked`` yet."""
        parts: list[str] = []
        end = 0
        for match in self._pattern.finditer(text):
            href = self._targets[fold(match.group())]
            if href in linked:
                continue
            linked.add(href)
            parts.append(escape(text[end : match.start()], quote=False))
            parts.append(
                f'<a class="glossary-link" href="{escape(href)}">'
                f"{escape(match.group(), quote=False)}</a>"
            )
            end = match.end()
        parts.append(escape(text[end:], quote=False))
        return "".join(parts)


@lru_cache(maxsize=16)
def linker_for(targets: tuple[tuple[str, str], ...]) -> TermLinker:
    """A linker for ``(spelling, href)`` pairs, cached: the pattern is built once per glossary."""
    return TermLinker(dict(targets))


def link_terms(html: str, targets: Mapping[str, str]) -> str:
    """Link the first use in ``html`` of each spelling of ``targets`` (spelling → href).

    Spellings sharing an href are one term: only the first use of any of them is linked.
    """
    return linker_for(tuple(sorted(targets.items()))).link(html)


class _Walker(HTMLParser):
    """Copies HTML through, passing the text outside links, headings and code to the linker."""

    def __init__(self, linker: TermLinker) -> None:
        super().__init__(convert_charrefs=True)
        self.linker = linker
        self.output: list[str] = []
        self.linked: set[str] = set()
        self.unlinked_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _UNLINKED:
            self.unlinked_depth += 1
        self.output.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.output.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNLINKED and self.unlinked_depth:
            self.unlinked_depth -= 1
        self.output.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.unlinked_depth:
            self.output.append(escape(data, quote=False))
        else:
            self.output.append(self.linker.link_text(data, self.linked))

    def handle_comment(self, data: str) -> None:
        self.output.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.output.append(f"<!{decl}>")
