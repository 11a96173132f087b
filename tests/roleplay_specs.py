"""Small role-plays of each kind, as the dicts a role-play file holds, for tests to build on."""

from __future__ import annotations

import copy
from typing import Any

_RUBRIC: dict[str, Any] = {
    "criteria": [
        {
            "id": "clarity",
            "title": "Clarity of language",
            "weight": 60,
            "levels": [
                {"id": "weak", "label": "Weak", "points": 0, "descriptor": "Jargon throughout."},
                {"id": "fair", "label": "Fair", "points": 2, "descriptor": "Mostly plain."},
                {"id": "strong", "label": "Strong", "points": 4, "descriptor": "Plain and exact."},
            ],
        },
        {
            "id": "risk",
            "title": "Risk allocation",
            "weight": 40,
            "levels": [
                {"id": "absent", "label": "Absent", "points": 0, "descriptor": "No allocation."},
                {"id": "partial", "label": "Partial", "points": 1, "descriptor": "Some risks."},
                {"id": "full", "label": "Full", "points": 2, "descriptor": "Each risk owned."},
            ],
        },
    ]
}

SCENARIO: dict[str, Any] = {
    "kind": "scenario",
    "title": "Water for the east district",
    "summary": "Open a negotiation between a utility and a community group.",
    "situation": "A water utility and a community group meet about a new standpipe network.",
    "personas": [
        {
            "id": "utility",
            "name": "Pedro Alves",
            "organisation": "City Water",
            "sector": "government",
            "interests": ["Recover costs"],
            "hidden_concerns": ["A strike is looming"],
            "vocabulary": ["tariff", "non-revenue water"],
        },
        {
            "id": "ngo",
            "name": "Grace Otieno",
            "organisation": "Neighbours for Water",
            "sector": "civil_society",
            "interests": ["Affordable water for every household"],
        },
    ],
    "dimensions": [
        {"id": "trust", "label": "Trust", "start": 2, "min": 0, "max": 5, "target": 4, "floor": 1},
        {"id": "equity", "label": "Equity", "start": 1, "min": 0, "max": 5, "target": 3},
    ],
    "start": "opening",
    "nodes": {
        "opening": {
            "title": "Opening the meeting",
            "narration": "Both sides arrive early.",
            "lines": [{"persona": "utility", "text": "We cannot give water away."}],
            "choices": [
                {
                    "id": "listen",
                    "text": "Ask each side what a good outcome looks like for them.",
                    "effects": {"trust": 2},
                    "relationships": {"ngo": 1},
                    "feedback": "Interests before positions.",
                    "next": "tariffs",
                },
                {
                    "id": "propose",
                    "text": "Table a tariff you drafted last night.",
                    "effects": {"trust": -2},
                    "relationships": {"ngo": -2},
                    "feedback": "A ready-made answer leaves the parties no ownership.",
                    "next": [{"if": "trust < 1", "to": "walkout"}, {"to": "tariffs"}],
                },
            ],
        },
        "tariffs": {
            "title": "Talking about tariffs",
            "lines": [{"persona": "ngo", "text": "Families pay five times more to vendors."}],
            "choices": [
                {
                    "id": "lifeline",
                    "text": "Explore a lifeline tariff for the first litres.",
                    "effects": {"equity": 2, "trust": 1},
                    "feedback": "Sharing the cost keeps both interests in view.",
                    "next": [{"if": "trust >= 4", "to": "agreement"}, {"to": "partial"}],
                },
                {
                    "id": "defer",
                    "text": "Leave tariffs for a later meeting.",
                    "effects": {"trust": -1},
                    "feedback": "Deferring the hardest issue rarely makes it easier.",
                    "next": "partial",
                },
            ],
        },
    },
    "endings": {
        "agreement": {"title": "An agreement", "outcome": "success", "debrief": "Both sign."},
        "partial": {"title": "A first step", "outcome": "partial", "debrief": "Talks go on."},
        "walkout": {"title": "The group walks out", "outcome": "failure", "debrief": "Too fast."},
    },
    "pass": {"minimum": {"trust": 3}},
}

WRITTEN: dict[str, Any] = {
    "kind": "written",
    "title": "Draft the risk-sharing clause",
    "role": "You broker a partnership between a bottler and a water utility.",
    "brief": "Draft the clause that says who carries which risk if the new pipeline is late.",
    "reflection_prompt": "What did you leave out, and why?",
    "rubric": _RUBRIC,
    "pass": {"percent": 60},
}

LIVE: dict[str, Any] = {
    "kind": "live",
    "title": "The standpipe negotiation",
    "situation": "The utility, a company and a community group meet to plan standpipes.",
    "duration_minutes": 45,
    "parties": [
        {
            "id": "company",
            "name": "Bottling company",
            "sector": "business",
            "brief": "Confidential to the company: your board caps spending at 2 million.",
        },
        {
            "id": "community",
            "name": "Community group",
            "sector": "civil_society",
            "brief": "Confidential to the community: your members will accept a small fee.",
        },
    ],
    "rubric": _RUBRIC,
    "pass": {"percent": 60},
}


def spec(kind_spec: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of one of the specs above with top-level ``changes``."""
    return copy.deepcopy(kind_spec) | changes
