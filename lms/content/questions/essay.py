"""Essay and description: free text a trainer marks, and text that asks nothing."""

from __future__ import annotations

from typing import Literal

from lms.content.questions.base import (
    FormattedText,
    FormValues,
    Layout,
    Outcome,
    QuestionBase,
    QuestionType,
    Response,
    no_layout,
    read_typed_text,
)


class EssaySpec(QuestionBase):
    """A written answer; ``grader_info`` guides the trainer who marks it."""

    type: Literal["essay"] = "essay"
    grader_info: FormattedText | None = None


class DescriptionSpec(QuestionBase):
    """Text shown between questions (a case, a scenario); it carries no mark."""

    type: Literal["description"] = "description"


def _awaits_trainer(spec: EssaySpec, response: Response) -> Outcome:
    return Outcome(None)


def _read_nothing(spec: DescriptionSpec, layout: Layout, values: FormValues) -> Response | None:
    return None


def _nothing_to_score(spec: DescriptionSpec, response: Response) -> Outcome:
    return Outcome(None)


ESSAY = QuestionType(
    name="essay",
    label="Essay",
    spec=EssaySpec,
    layout=no_layout,
    read_response=read_typed_text,
    score=_awaits_trainer,
    is_auto_graded=False,
)
DESCRIPTION = QuestionType(
    name="description",
    label="Description",
    spec=DescriptionSpec,
    layout=no_layout,
    read_response=_read_nothing,
    score=_nothing_to_score,
    is_marked=False,
    is_auto_graded=False,
)
