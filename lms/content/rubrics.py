"""Rubrics: weighted criteria with level descriptors, and the mark a rubric-assessed piece of
work needs to pass. Written and live role-plays are assessed with them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, model_validator

from lms.content.specs import Key, NonBlank, Spec, Title

Percent = Annotated[Decimal, Field(ge=0, le=100)]


class Level(Spec):
    """A level of a rubric criterion: what work at this level looks like, and its points."""

    id: Key
    label: Title
    points: int = Field(ge=0, le=100)
    descriptor: NonBlank


class Criterion(Spec):
    """A rubric criterion with its weight and its levels, from lowest to highest."""

    id: Key
    title: Title
    weight: int = Field(ge=1, le=100)
    levels: list[Level] = Field(min_length=2)

    @model_validator(mode="after")
    def _levels_distinct(self) -> Criterion:
        require_unique("level", [level.id for level in self.levels])
        if max(level.points for level in self.levels) == 0:
            raise ValueError("the highest level must be worth some points")
        return self

    @property
    def max_points(self) -> int:
        return max(level.points for level in self.levels)

    def level(self, level_id: str) -> Level | None:
        return next((level for level in self.levels if level.id == level_id), None)


class RubricSpec(Spec):
    """Weighted criteria; the total is the weighted mean of each criterion's share of points."""

    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _criteria_distinct(self) -> RubricSpec:
        require_unique("criterion", [criterion.id for criterion in self.criteria])
        return self


class RubricPass(Spec):
    """What a rubric-assessed role-play needs to pass: a total of at least ``percent``."""

    percent: Percent = Decimal(60)


def require_unique(kind: str, ids: list[str]) -> None:
    """Refuse ids given twice in one list, naming them."""
    repeated = sorted({one for one in ids if ids.count(one) > 1})
    if repeated:
        raise ValueError(f"{kind} ids must be unique: {', '.join(repeated)}")
