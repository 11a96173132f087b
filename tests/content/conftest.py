"""Course folders written into a temporary directory, valid unless a test breaks them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

# Line numbers matter: tests assert that problems point at them.
COURSE_YAML = """\
title: Negotiation
summary: Getting to agreement.
version: "1.0"
modules:
  - slug: basics
    title: Basics
    lessons:
      - slug: interests
        title: Interests
        file: lessons/interests.md
      - slug: options
        title: Options
  - slug: practice
    title: Practice
    lessons:
      - slug: inline
        title: Inline
        body: Written **inline**.
"""
LESSONS: dict[str, str | bytes] = {
    "interests.md": "Interests lie **behind** positions.\n",
    "options.md": "Invent options for mutual gain.\n",
}


@pytest.fixture
def courses_root(tmp_path: Path) -> Path:
    root = tmp_path / "courses"
    root.mkdir()
    return root


@pytest.fixture
def write_course(courses_root: Path) -> Callable[..., Path]:
    """Write ``courses_root/<slug>/``: course.yaml (text or bytes) and files in lessons/."""

    def write(
        slug: str = "negotiation",
        course_yaml: str | bytes = COURSE_YAML,
        lessons: dict[str, str | bytes] | None = None,
    ) -> Path:
        folder = courses_root / slug
        (folder / "lessons").mkdir(parents=True)
        _write(folder / "course.yaml", course_yaml)
        for name, content in (LESSONS if lessons is None else lessons).items():
            _write(folder / "lessons" / name, content)
        return folder

    return write


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
