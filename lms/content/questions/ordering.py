"""Ordering: put shuffled items back in the authored order; each item in place earns a share."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Literal

from pydantic import Field

from lms.content.questions.base import (
    ZERO,
    FormattedText,
    FormValues,
    Layout,
    Outcome,
    QuestionBase,
    QuestionType,
    Response,
    first_value,
    shuffled,
    small_number,
)


class OrderingSpec(QuestionBase):
    """``items`` are listed in the right order; trainees see them shuffled."""

    type: Literal["ordering"] = "ordering"
    items: list[FormattedText] = Field(min_length=2)


def _layout(spec: OrderingSpec, rng: random.Random) -> Layout:
    order = shuffled(len(spec.items), rng)
    while order == sorted(order):  # never hand out the answer
        rng.shuffle(order)
    return {"items": order}


def _read(spec: OrderingSpec, layout: Layout, values: FormValues) -> Response | None:
    """Each displayed item has a field ``position-N`` holding the place (1-based) chosen for it."""
    positions: list[int | None] = [None] * len(spec.items)
    for display, item in enumerate(layout["items"]):
        place = small_number(first_value(values, f"position-{display}"))
        if place is not None and 1 <= place <= len(spec.items):
            positions[item] = place - 1
    return {"positions": positions} if any(place is not None for place in positions) else None


def _score(spec: OrderingSpec, response: Response) -> Outcome:
    positions = response.get("positions", [])
    in_place = sum(1 for item, place in enumerate(positions) if place == item)
    return Outcome(Decimal(in_place) / len(spec.items) if in_place else ZERO)


def _parts(spec: OrderingSpec) -> tuple[str, ...]:
    return tuple(item.text for item in spec.items)


ORDERING = QuestionType(
    name="ordering",
    label="Ordering",
    spec=OrderingSpec,
    layout=_layout,
    read_response=_read,
    score=_score,
    parts=_parts,
)
