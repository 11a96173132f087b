"""Problems found in content files, each pointing at the file, line and field an author must fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with a content file; ``line`` is 1-based, None when no line applies."""

    path: Path
    field_path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        field = f"{self.field_path}: " if self.field_path else ""
        return f"{where}: {field}{self.message}"


class ContentError(Exception):
    """Content files that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[ContentProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
