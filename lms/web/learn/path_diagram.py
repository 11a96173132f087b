"""A play's path drawn as an inline SVG, made on the server so it needs no script.

The nodes visited stand one under the other, joined by arrows labelled with the replies; the
values after each step stand beside their node, and the ending is coloured by its outcome.
The title and description are the diagram's text alternative; every text is escaped.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from lms.content.roleplays import Outcome
from lms.services.scenario_reports import Debrief, PathStep

WIDTH = 680
BOX_X = 10
BOX_WIDTH = 280
BOX_HEIGHT = 44
GAP = 52
MARGIN = 10
NODE_CHARACTERS = 36
CHOICE_CHARACTERS = 58
VALUES_CHARACTERS = 50

# Fill and stroke of each kind of box; presentation attributes, as the CSP forbids inline style.
COLOURS = {
    "node": ("#f4f6fb", "#3b4a6b"),
    Outcome.SUCCESS: ("#dcf1e2", "#1d6b35"),
    Outcome.PARTIAL: ("#fff1c7", "#7a5600"),
    Outcome.FAILURE: ("#fbe1e1", "#9b1c1c"),
}
TEXT_COLOUR = "#1a1a1a"
OUTCOME_WORDS = {
    Outcome.SUCCESS: "Success",
    Outcome.PARTIAL: "Partial success",
    Outcome.FAILURE: "Failure",
}


def path_diagram(debrief: Debrief, *, id_prefix: str = "path") -> Markup:
    """Draw ``debrief``'s path; ``id_prefix`` keeps the SVG's ids unique on the page."""
    boxes = _boxes(debrief)
    height = 2 * MARGIN + len(boxes) * BOX_HEIGHT + (len(boxes) - 1) * GAP
    title_id, desc_id, arrow_id = (f"{id_prefix}-{name}" for name in ("title", "desc", "arrow"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="path-diagram" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{title_id}">{escape(_title(debrief))}</title>',
        f'<desc id="{desc_id}">{escape(_description(debrief))}</desc>',
        f'<defs><marker id="{arrow_id}" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#3b4a6b"/></marker></defs>',
    ]
    for index, (label, values, colour, is_open) in enumerate(boxes):
        top = MARGIN + index * (BOX_HEIGHT + GAP)
        fill, stroke = COLOURS[colour]
        dashes = ' stroke-dasharray="6 4"' if is_open else ""
        parts.append(
            f'<rect x="{BOX_X}" y="{top}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dashes}/>'
            f'<text x="{BOX_X + 12}" y="{top + 27}" fill="{TEXT_COLOUR}">'
            f"{escape(_shorten(label, NODE_CHARACTERS))}</text>"
            f'<text x="{BOX_X + BOX_WIDTH + 14}" y="{top + 27}" fill="#4a4a4a">'
            f"{escape(_shorten(values, VALUES_CHARACTERS))}</text>"
        )
    for step in debrief.steps:
        top = MARGIN + step.position * (BOX_HEIGHT + GAP) - GAP
        middle = BOX_X + BOX_WIDTH // 2
        reply = _shorten(f"{step.position}. {_reply(step)}", CHOICE_CHARACTERS)
        parts.append(
            f'<line x1="{middle}" y1="{top}" x2="{middle}" y2="{top + GAP - 2}" '
            f'stroke="#3b4a6b" stroke-width="1.5" marker-end="url(#{arrow_id})"/>'
            f'<text x="{middle + 10}" y="{top + GAP // 2 + 4}" fill="{TEXT_COLOUR}">'
            f"{escape(reply)}</text>"
        )
    parts.append("</svg>")
    svg = "".join(parts)
    # Every text above went through escape(); the rest is fixed markup and numbers.
    return Markup(svg)  # nosec B704


def _boxes(debrief: Debrief) -> list[tuple[str, str, str | Outcome, bool]]:
    """(label, values, colour key, still open) for the start and each node reached."""
    labels = {dim.id: dim.label for dim in debrief.spec.dimensions}
    boxes: list[tuple[str, str, str | Outcome, bool]] = [
        (debrief.start_title, _values(labels, debrief.start_values), "node", False)
    ]
    for step in debrief.steps:
        ending = debrief.spec.endings.get(step.next_id)
        colour: str | Outcome = ending.outcome if ending is not None else "node"
        values = _values(labels, step.values)
        if ending is not None:  # said in words too, not by colour alone
            values = f"{OUTCOME_WORDS[ending.outcome]}: {values}"
        boxes.append((step.next_title, values, colour, False))
    if debrief.ending is None:
        label, values, colour, _ = boxes[-1]
        boxes[-1] = (label, values, colour, True)
    return boxes


def _title(debrief: Debrief) -> str:
    where = (
        f"to the ending “{debrief.ending.title}”"
        if debrief.ending is not None
        else "so far (not finished)"
    )
    replies = "1 reply" if len(debrief.steps) == 1 else f"{len(debrief.steps)} replies"
    return f"The path of play {debrief.play.number}: {replies} {where}"


def _description(debrief: Debrief) -> str:
    labels = {dim.id: dim.label for dim in debrief.spec.dimensions}
    sentences = [f"Start at “{debrief.start_title}” with {_values(labels, debrief.start_values)}."]
    for step in debrief.steps:
        node = step.node.title if step.node is not None else step.node_id
        sentences.append(
            f"{step.position}. At “{node}”, replied “{_reply(step)}”, "
            f"leading to “{step.next_title}” with {_values(labels, step.values)}."
        )
    ending = debrief.ending
    if ending is not None:
        outcome = OUTCOME_WORDS[ending.outcome].lower()
        sentences.append(f"The play ended with “{ending.title}” ({outcome}).")
    return " ".join(sentences)


def _reply(step: PathStep) -> str:
    return step.choice.text if step.choice is not None else step.choice_id


def _values(labels: dict[str, str], values: dict[str, int]) -> str:
    return ", ".join(f"{labels[name]} {value}" for name, value in values.items() if name in labels)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
