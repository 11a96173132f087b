"""One question of every type, whose secrets (right answers, weights, feedback) are easy to spot,
and the form answers a trainee would give to them."""

from __future__ import annotations

from typing import Any

from lms.models import AttemptItem

# Strings that must never reach a trainee's page before the review settings allow them.
SECRETS: dict[str, list[str]] = {
    "single_choice": ["SECRET-FEEDBACK-SC-RIGHT", "SECRET-FEEDBACK-SC-WRONG"],
    "multiple_response": ["SECRET-FEEDBACK-MR-A", "SECRET-FEEDBACK-MR-C", "0.5"],
    "true_false": ["SECRET-FEEDBACK-TF-TRUE", "SECRET-FEEDBACK-TF-FALSE"],
    "short_answer": ["zone of possible agreement", "overlap*", "SECRET-FEEDBACK-SA"],
    "numerical": ["1822.5", "0.25", "1790.5", "SECRET-FEEDBACK-NUM"],
    "matching": [],
    "ordering": [],
    "essay": ["SECRET-GRADER-INFO"],
    "description": [],
}


def _question(kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "name": f"A {kind} question",
        "general_feedback": f"SECRET-GENERAL-{kind}",
        "explanation": f"SECRET-EXPLANATION-{kind}",
        **fields,
    }


QUESTIONS: dict[str, dict[str, Any]] = {
    "single_choice": _question(
        "single_choice",
        text="Who speaks first in a partnering meeting?",
        choices=[
            {"text": "The broker", "weight": 1, "feedback": "SECRET-FEEDBACK-SC-RIGHT"},
            {"text": "The funder", "feedback": "SECRET-FEEDBACK-SC-WRONG"},
            {"text": "The newest partner"},
        ],
    ),
    "multiple_response": _question(
        "multiple_response",
        text="Which make a partnership agreement binding?",
        choices=[
            {"text": "Signatures", "weight": "0.5", "feedback": "SECRET-FEEDBACK-MR-A"},
            {"text": "Consideration", "weight": "0.5"},
            {"text": "A handshake", "weight": "-1", "feedback": "SECRET-FEEDBACK-MR-C"},
        ],
    ),
    "true_false": _question(
        "true_false",
        text="A broker may hold shares in a partner.",
        answer=True,
        feedback_true="SECRET-FEEDBACK-TF-TRUE",
        feedback_false="SECRET-FEEDBACK-TF-FALSE",
    ),
    "short_answer": _question(
        "short_answer",
        text="What does ZOPA stand for?",
        answers=[
            {"text": "zone of possible agreement", "feedback": "SECRET-FEEDBACK-SA"},
            {"text": "overlap*", "weight": "0.5"},
        ],
    ),
    "numerical": _question(
        "numerical",
        text="In which year was the first partnership brokered?",
        answers=[
            {"value": "1822.5", "tolerance": "0.25", "feedback": "SECRET-FEEDBACK-NUM"},
            {"value": "1790.5", "tolerance": "40", "weight": "0.5"},
        ],
    ),
    "matching": _question(
        "matching",
        text="Match each term with its meaning.",
        pairs=[
            {"prompt": "BATNA", "answer": "Best alternative"},
            {"prompt": "ZOPA", "answer": "Overlap of positions"},
            {"prompt": "MOU", "answer": "Memorandum"},
        ],
        distractors=["Red herring"],
    ),
    "ordering": _question(
        "ordering",
        text="Put the partnering cycle in order.",
        items=["Scoping", "Building", "Managing", "Reviewing", "Sustaining"],
    ),
    "essay": _question(
        "essay",
        text="Describe a partnership you brokered.",
        grader_info="SECRET-GRADER-INFO",
    ),
    "description": _question("description", text="Read this case before the next questions."),
}
ANSWERABLE = [kind for kind in QUESTIONS if kind != "description"]


def right_answer(kind: str, item: AttemptItem) -> dict[str, str | list[str]]:
    """The form fields (display positions, as a browser posts them) of the right answer."""
    prefix = f"q{item.position}-"
    layout = item.layout
    if kind == "single_choice":
        fields: dict[str, str | list[str]] = {"choice": str(layout["choices"].index(0))}
    elif kind == "multiple_response":
        fields = {"choice": [str(layout["choices"].index(index)) for index in (0, 1)]}
    elif kind == "true_false":
        fields = {"answer": "true"}
    elif kind == "short_answer":
        fields = {"text": "Zone of  possible AGREEMENT"}
    elif kind == "numerical":
        fields = {"text": "1822,6"}
    elif kind == "matching":
        # Each pair's answer is the option of the same index (distractors come after them).
        fields = {
            f"match-{shown}": str(layout["options"].index(prompt))
            for shown, prompt in enumerate(layout["prompts"])
        }
    elif kind == "ordering":
        fields = {f"position-{shown}": str(item + 1) for shown, item in enumerate(layout["items"])}
    else:
        fields = {"text": "I brokered a water partnership."}
    return {prefix + "shown": "1", **{prefix + name: value for name, value in fields.items()}}


def wrong_answer(kind: str, item: AttemptItem) -> dict[str, str | list[str]]:
    """The form fields of a wrong (but given) answer, which holds none of the secrets."""
    prefix = f"q{item.position}-"
    layout = item.layout
    if kind in {"single_choice", "multiple_response"}:
        fields: dict[str, str | list[str]] = {"choice": str(layout["choices"].index(2))}
    elif kind == "true_false":
        fields = {"answer": "false"}
    elif kind == "short_answer":
        fields = {"text": "No idea"}
    elif kind == "numerical":
        fields = {"text": "12"}
    elif kind == "matching":
        fields = {f"match-{shown}": "0" for shown in range(len(layout["prompts"]))}
    elif kind == "ordering":
        fields = {f"position-{shown}": "1" for shown in range(len(layout["items"]))}
    else:
        fields = {"text": "A short essay."}
    return {prefix + "shown": "1", **{prefix + name: value for name, value in fields.items()}}
