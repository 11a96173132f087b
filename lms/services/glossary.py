"""The cross-sector glossary: terms brought in from course files, browsed and searched on one page
for every published course, and the spellings lessons link to their entries."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from lms.content.glossary import GlossarySpec, TermSpec, fold, see_also_slugs
from lms.models import Course, GlossaryTerm, Sector
from lms.services.errors import InvalidInput

QUERY_LIMIT = 100


class TermChange(enum.StrEnum):
    """What bringing a glossary file into the database did to one term."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REMOVED = "removed"


@dataclass(frozen=True)
class GlossaryEntry:
    """A term as pages show it, with its course, its meanings by sector and its related terms."""

    slug: str
    anchor: str
    term: str
    aliases: list[str]
    definition: str
    meanings: list[tuple[Sector, str]]
    see_also: list[tuple[str, str]]  # (slug, term)
    course_slug: str
    course_title: str

    @property
    def letter(self) -> str:
        """The letter the A–Z list files the term under; "#" for a term that starts otherwise."""
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"

    def matches(self, words: list[str]) -> bool:
        """Whether every one of ``words`` (folded) occurs in the term, its aliases or its text."""
        text = fold(" ".join([self.term, *self.aliases, self.definition]))
        text += " " + fold(" ".join(meaning for _, meaning in self.meanings))
        return all(word in text for word in words)


def sync_terms(
    session: Session, course: Course, spec: GlossarySpec | None
) -> dict[str, TermChange]:
    """Make the course's glossary terms those of ``spec`` (none when the course has no file).

    Terms keep no history, so changed ones are updated in place and terms no longer in the file
    are deleted. Returns what happened to each term, by slug ("removed" for deleted ones).
    """
    existing = {
        term.slug: term
        for term in session.scalars(select(GlossaryTerm).where(GlossaryTerm.course_id == course.id))
    }
    changes: dict[str, TermChange] = {}
    for term_spec, values in _file_values(spec):
        term = existing.pop(term_spec.key, None)
        if term is None:
            session.add(GlossaryTerm(course_id=course.id, slug=term_spec.key, **values))
            changes[term_spec.key] = TermChange.CREATED
        elif any(getattr(term, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(term, name, value)
            changes[term_spec.key] = TermChange.UPDATED
        else:
            changes[term_spec.key] = TermChange.UNCHANGED
    for slug, term in existing.items():
        session.delete(term)
        changes[slug] = TermChange.REMOVED
    session.flush()
    return changes


def tally(changes: dict[str, TermChange]) -> str:
    """Say how many terms each kind of change touched: "25 terms: 2 created, 23 unchanged"."""
    counts = Counter(changes.values())
    kept = len(changes) - counts[TermChange.REMOVED]
    described = ", ".join(f"{counts[change]} {change}" for change in TermChange if counts[change])
    return f"{kept} {'term' if kept == 1 else 'terms'}: {described}"


def entries(session: Session, *, query: str = "") -> list[GlossaryEntry]:
    """Every term of every published course, A–Z, keeping those that match ``query`` if given.

    A term matches when each word of the query occurs in its name, its aliases, its definition
    or its meanings. Raises InvalidInput on a query too long to be a search.
    """
    query = query.strip()
    if len(query) > QUERY_LIMIT:
        raise InvalidInput("q", f"Search for at most {QUERY_LIMIT} characters.")
    words = fold(query).split()
    found = _all_entries(session)
    return [entry for entry in found if entry.matches(words)] if words else found


def find(session: Session, slug: str) -> list[GlossaryEntry]:
    """The entries named ``slug``: one, unless several published courses define the term."""
    return [entry for entry in _all_entries(session) if entry.slug == slug]


def link_targets(session: Session) -> dict[str, str]:
    """Every spelling (term and aliases) of published terms, each with the slug of its entry.

    When two courses use the same spelling, the course first by slug provides the entry.
    """
    targets: dict[str, str] = {}
    for term in _published_terms(session):
        for wording in [term.term, *term.aliases]:
            targets.setdefault(fold(wording), term.slug)
    return targets


def _all_entries(session: Session) -> list[GlossaryEntry]:
    """Every published term as an entry, A–Z (then by course), in one query."""
    terms = sorted(_published_terms(session), key=lambda term: (fold(term.term), term.course.slug))
    names = {(term.course_id, term.slug): term.term for term in terms}
    found: list[GlossaryEntry] = []
    anchors: set[str] = set()
    for term in terms:
        anchor = term.slug if term.slug not in anchors else f"{term.slug}-in-{term.course.slug}"
        anchors.add(anchor)
        related = [(slug, names[(term.course_id, slug)]) for slug in term.see_also]
        meanings = [(sector, term.meanings[sector]) for sector in Sector if sector in term.meanings]
        found.append(
            GlossaryEntry(
                slug=term.slug,
                anchor=anchor,
                term=term.term,
                aliases=list(term.aliases),
                definition=term.definition,
                meanings=meanings,
                see_also=related,
                course_slug=term.course.slug,
                course_title=term.course.title,
            )
        )
    return found


def _published_terms(session: Session) -> list[GlossaryTerm]:
    """Terms of the courses trainees can see, each with its course loaded, by course slug."""
    statement = (
        select(GlossaryTerm)
        .join(GlossaryTerm.course)
        .options(contains_eager(GlossaryTerm.course))
        .where(Course.current_version_id.is_not(None))
        .order_by(Course.slug, GlossaryTerm.slug)
    )
    return list(session.scalars(statement))


def _file_values(spec: GlossarySpec | None) -> list[tuple[TermSpec, dict[str, Any]]]:
    """Each term of the file with the column values it gives its row."""
    if spec is None:
        return []
    return [
        (
            term,
            {
                "term": term.term,
                "aliases": list(term.aliases),
                "definition": term.definition,
                "meanings": {
                    sector.value: text for sector, text in term.meanings.by_sector().items()
                },
                "see_also": see_also_slugs(spec, term),
            },
        )
        for term in spec.terms
    ]
