"""The right answers to a drawn quiz question, as the form fields a trainee would post.

The demo takes quizzes through the same page-saving service as the browser, so each answer is
written in display positions from the item's frozen layout, never in the spec's own indices.
"""

from __future__ import annotations

from lms.content.questions import (
    EssaySpec,
    MatchingSpec,
    MultipleResponseSpec,
    NumericalSpec,
    OrderingSpec,
    QuestionSpec,
    ShortAnswerSpec,
    SingleChoiceSpec,
    TrueFalseSpec,
)
from lms.content.questions.base import Layout

Fields = dict[str, list[str]]
ESSAY_ANSWER = (
    "I would meet each partner separately first, to hear their interests and fears, then bring "
    "them together to agree the facts before anyone proposes a solution, and write down who "
    "carries which risk."
)


def right_fields(spec: QuestionSpec, layout: Layout) -> Fields:
    """Form fields that earn full marks on ``spec`` laid out as ``layout``: an answer for a
    trainer to mark for an essay, none for a question that carries no mark."""
    match spec:
        case TrueFalseSpec():
            return {"answer": ["true" if spec.answer else "false"]}
        case SingleChoiceSpec():
            best = max(range(len(spec.choices)), key=lambda index: spec.choices[index].weight)
            return {"choice": [str(layout["choices"].index(best))]}
        case MultipleResponseSpec():
            return {
                "choice": [
                    str(position)
                    for position, index in enumerate(layout["choices"])
                    if spec.choices[index].weight > 0
                ]
            }
        case MatchingSpec():
            options = spec.options()
            return {
                f"match-{position}": [
                    str(layout["options"].index(options.index(spec.pairs[prompt].answer)))
                ]
                for position, prompt in enumerate(layout["prompts"])
            }
        case OrderingSpec():
            return {
                f"position-{display}": [str(item + 1)]
                for display, item in enumerate(layout["items"])
            }
        case NumericalSpec():
            number = max(spec.answers, key=lambda answer: answer.weight)
            return {"text": [str(number.value if number.value is not None else 0)]}
        case ShortAnswerSpec():
            accepted = max(spec.answers, key=lambda answer: answer.weight)
            return {"text": [accepted.text.replace("*", "")]}
        case EssaySpec():
            return {"text": [ESSAY_ANSWER]}
        case _:
            return {}
