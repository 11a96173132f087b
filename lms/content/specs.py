"""Schemas of course content; files and in-browser authoring are both validated against them."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80)
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# An id authors give to a part of a role-play (a node, a persona, a criterion).
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Spec(BaseModel):
    """Strict base: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LessonSpec(Spec):
    """A lesson: its Markdown comes from ``file`` (relative to the course folder) or ``body``."""

    slug: Slug
    title: Title
    file: str | None = None
    body: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> LessonSpec:
        if self.file is not None and self.body is not None:
            raise ValueError("give either 'file' or 'body', not both")
        return self


class ModuleSpec(Spec):
    slug: Slug
    title: Title
    lessons: list[LessonSpec] = Field(min_length=1)


class CourseSpec(Spec):
    """``course.yaml``: the course's title, summary, version label and ordered modules."""

    title: Title
    summary: str = ""
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    modules: list[ModuleSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_slugs(self) -> CourseSpec:
        module_slugs = [module.slug for module in self.modules]
        lesson_slugs = [lesson.slug for module in self.modules for lesson in module.lessons]
        for kind, slugs in (("module", module_slugs), ("lesson", lesson_slugs)):
            repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
            if repeated:
                raise ValueError(f"{kind} slugs must be unique in a course: {', '.join(repeated)}")
        return self

    def lessons(self) -> list[LessonSpec]:
        return [lesson for module in self.modules for lesson in module.lessons]
