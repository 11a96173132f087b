"""A course's cross-sector glossary (``courses/<slug>/glossary.yaml``): each term with a short
definition and what it means to business, to a UN agency, to government and to civil society.

The same word means different things in each sector; the glossary says how, and lessons link the
words it holds to it. Every spelling a term is linked by (its name and ``aliases``) belongs to one
term only, so a word in a lesson always leads to the same entry.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from lms.content.errors import ContentError, ContentProblem
from lms.content.loader import COURSE_FILE, Loc, read_spec
from lms.content.specs import CourseSpec, Slug, Spec
from lms.models.accounts import Sector

GLOSSARY_FILE = "glossary.yaml"

# A term or alias: words, as a reader finds them in a lesson (at least one letter or digit).
Wording = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=r"\w"),
]
Definition = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
Meaning = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=800)]


class Meanings(Spec):
    """What a term means to each sector a broker brings together; every one is required."""

    business: Meaning
    un: Meaning
    government: Meaning
    civil_society: Meaning

    def by_sector(self) -> dict[Sector, str]:
        """The meanings keyed by sector, in the order the fields are declared."""
        return {Sector(name): getattr(self, name) for name in type(self).model_fields}


class TermSpec(Spec):
    """A glossary entry; ``slug`` defaults to one made from ``term``, ``see_also`` names other
    terms of the glossary (by term, alias or slug)."""

    term: Wording
    slug: Slug | None = None
    aliases: list[Wording] = []
    definition: Definition
    meanings: Meanings
    see_also: list[Wording] = []

    @property
    def key(self) -> str:
        """The term's slug: the one given, else its words in lower case joined by hyphens."""
        return self.slug or slug_of(self.term)

    @property
    def wordings(self) -> list[str]:
        """The term and its aliases: every spelling a lesson may use for it."""
        return [self.term, *self.aliases]


class GlossarySpec(Spec):
    """``glossary.yaml``: the terms of a course's glossary, in any order (pages sort them)."""

    terms: list[TermSpec] = Field(min_length=1)


def slug_of(term: str) -> str:
    """``"Memorandum of understanding (MoU)"`` → ``memorandum-of-understanding-mou``."""
    return "-".join(re.findall(r"[a-z0-9]+", term.casefold()))[:80].strip("-")


def fold(wording: str) -> str:
    """The form two spellings are compared in: case and runs of spaces do not count."""
    return " ".join(wording.casefold().split())


def load_glossary(course_folder: Path) -> GlossarySpec | None:
    """Read ``glossary.yaml`` of a course folder; None when the course has none.

    Raises ContentError naming the line of every problem: fields, slugs or spellings given to two
    terms, and ``see_also`` entries that name no term.
    """
    path = course_folder / GLOSSARY_FILE
    if not path.exists():
        return None
    source, spec = read_spec(path, GlossarySpec, expected="'terms', a list of glossary entries")
    found = _naming_problems(spec) or _reference_problems(spec)
    if found:
        raise ContentError([source.problem(loc, message) for loc, message in found])
    return spec


def _naming_problems(spec: GlossarySpec) -> list[tuple[Loc, str]]:
    """Find slugs and spellings given to two terms, or twice to one."""
    problems: list[tuple[Loc, str]] = []
    slugs: dict[str, str] = {}
    owners: dict[str, int] = {}
    for index, term in enumerate(spec.terms):
        loc: Loc = ("terms", index)
        if not term.key:
            message = "needs a 'slug': it has no letters or digits to make one from"
            problems.append(((*loc, "term"), message))
        elif term.key in slugs:
            message = f"slug '{term.key}' is already the slug of {slugs[term.key]!r}"
            problems.append(((*loc, "term"), message))
        slugs.setdefault(term.key, term.term)
        for position, wording in enumerate(term.wordings):
            field = (*loc, "term") if position == 0 else (*loc, "aliases", position - 1)
            owner = owners.setdefault(fold(wording), index)
            if owner != index:
                message = f"{wording!r} already names {spec.terms[owner].term!r}"
                problems.append((field, message))
            elif fold(wording) in map(fold, term.wordings[:position]):
                problems.append((field, f"{wording!r} is given twice for this term"))
    return problems


def _reference_problems(spec: GlossarySpec) -> list[tuple[Loc, str]]:
    """Find ``see_also`` entries that name no other term of the glossary."""
    targets = _targets(spec)
    problems: list[tuple[Loc, str]] = []
    for index, term in enumerate(spec.terms):
        for position, name in enumerate(term.see_also):
            loc = ("terms", index, "see_also", position)
            target = targets.get(fold(name)) or targets.get(name)
            if target is None:
                problems.append((loc, f"no term {name!r} in this glossary"))
            elif target == term.key:
                problems.append((loc, "a term cannot refer to itself"))
    return problems


def _targets(spec: GlossarySpec) -> dict[str, str]:
    """Each folded spelling and each slug of the glossary, with the slug of its term."""
    by_slug = {term.key: term.key for term in spec.terms}
    return by_slug | {fold(wording): term.key for term in spec.terms for wording in term.wordings}


def see_also_slugs(spec: GlossarySpec, term: TermSpec) -> list[str]:
    """The slugs of the terms ``term.see_also`` names, as the file orders them."""
    targets = _targets(spec)
    return [targets.get(fold(name)) or targets[name] for name in term.see_also]


def load_course_glossaries(
    path: Path, courses: list[tuple[str, CourseSpec]]
) -> dict[str, GlossarySpec | None]:
    """Load the glossary of each of ``courses`` as loaded from ``path`` (one folder or a root).

    Raises ContentError listing the problems of every course.
    """
    single = (path / COURSE_FILE).exists()
    loaded: dict[str, GlossarySpec | None] = {}
    problems: list[ContentProblem] = []
    for slug, _spec in courses:
        try:
            loaded[slug] = load_glossary(path if single else path / slug)
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return loaded
