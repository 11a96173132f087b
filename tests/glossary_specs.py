"""Glossary entries as the dicts a glossary file holds, for tests to build on."""

from __future__ import annotations

from typing import Any


def term(name: str, **fields: Any) -> dict[str, Any]:
    """A valid entry for ``name``; ``fields`` replace or add to its fields."""
    return {
        "term": name,
        "definition": f"What {name} means in a partnership.",
        "meanings": {
            "business": f"To a company, {name} is about the bottom line.",
            "un": f"To a UN agency, {name} is about the mandate.",
            "government": f"To a ministry, {name} is about public policy.",
            "civil_society": f"To an NGO, {name} is about communities.",
        },
        **fields,
    }
