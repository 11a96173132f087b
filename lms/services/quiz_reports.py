"""Quiz reports: how a quiz's assessed attempts went, overall and question by question.

Facility and discrimination follow Moodle's quiz statistics: a question's facility is the mean
score trainees got on it, as a percentage; its discrimination index is the correlation (×100)
between the score on the question and the score on the rest of the attempt, so a question that
the strong trainees get right and the weak ones wrong scores high.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from lms.models import Account, Attempt, AttemptItem, AttemptState, Course, Quiz
from lms.services import grading

BAND_COUNT = 10
BAND_WIDTH = 100 // BAND_COUNT
HUNDREDTH = Decimal("0.01")
# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class QuizSummary:
    """A quiz of a course with how many assessed attempts it has had."""

    quiz: Quiz
    attempts: int
    trainees: int
    awaiting_grading: int


@dataclass(frozen=True)
class ScoreBand:
    """How many graded attempts scored from ``low`` up to ``high`` percent (the top band
    includes 100)."""

    low: int
    high: int
    count: int
    share: Decimal  # of the graded attempts, in percent

    @property
    def label(self) -> str:
        """The band in words, e.g. "90 to 100%" or "10 to under 20%"."""
        return f"{self.low} to {'' if self.high == 100 else 'under '}{self.high}%"


@dataclass(frozen=True)
class QuestionStats:
    """One question place of the quiz across the attempts (random slots hold several
    questions, hence ``names``)."""

    number: int
    position: int
    names: tuple[str, ...]
    max_mark: Decimal
    scored: int  # attempts with a mark on this question
    facility: Decimal | None
    discrimination: Decimal | None


@dataclass(frozen=True)
class AttemptRow:
    """One attempt in the report; ``marks`` follow the report's ``questions``."""

    trainee: str
    email: str
    number: int
    started_at: datetime
    finished_at: datetime | None
    percent: Decimal | None
    marks: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class QuizReport:
    """A quiz's finished, assessed attempts summed up; percentages are rounded to 0.01."""

    quiz: Quiz
    attempt_count: int
    trainee_count: int
    graded_count: int
    mean_percent: Decimal | None
    median_percent: Decimal | None
    bands: list[ScoreBand]
    questions: list[QuestionStats]
    attempts: list[AttemptRow]

    @property
    def awaiting_grading(self) -> int:
        """Finished attempts that still wait for a trainer's mark."""
        return self.attempt_count - self.graded_count


def quiz_summaries(session: Session, course: Course) -> list[QuizSummary]:
    """Every quiz of ``course`` by title, with its assessed attempt counts: one query."""
    finished = (
        (Attempt.quiz_id == Quiz.id)
        & (Attempt.state == AttemptState.FINISHED)
        & Attempt.is_practice.is_(False)
    )
    rows = session.execute(
        select(
            Quiz,
            func.count(Attempt.id),
            func.count(Attempt.account_id.distinct()),
            func.coalesce(func.sum(case((Attempt.mark.is_(None), 1), else_=0)), 0),
        )
        .outerjoin(Attempt, finished)
        .where(Quiz.course_id == course.id)
        .group_by(Quiz.id)
        .order_by(Quiz.title, Quiz.id)
    )
    return [
        QuizSummary(quiz, attempts, trainees, waiting) for quiz, attempts, trainees, waiting in rows
    ]


def quiz_report(session: Session, quiz: Quiz) -> QuizReport:
    """Sum up the finished, non-practice attempts of ``quiz``: three queries, however many."""
    attempts = list(
        session.scalars(
            select(Attempt)
            .join(Attempt.account)
            .where(
                Attempt.quiz_id == quiz.id,
                Attempt.state == AttemptState.FINISHED,
                Attempt.is_practice.is_(False),
            )
            .options(
                contains_eager(Attempt.account),
                selectinload(Attempt.items).selectinload(AttemptItem.question_version),
            )
            .order_by(func.lower(Account.display_name), Account.id, Attempt.number)
        )
    )
    items = [{item.position: item for item in _marked(attempt)} for attempt in attempts]
    positions = sorted({position for by_position in items for position in by_position})
    percents = [attempt.percent for attempt in attempts if attempt.percent is not None]
    return QuizReport(
        quiz=quiz,
        attempt_count=len(attempts),
        trainee_count=len({attempt.account_id for attempt in attempts}),
        graded_count=len(percents),
        mean_percent=_round(_total(percents) / len(percents)) if percents else None,
        median_percent=_round(_median(percents)) if percents else None,
        bands=_bands(percents),
        questions=[
            _question_stats(number, position, items)
            for number, position in enumerate(positions, start=1)
        ],
        attempts=[
            AttemptRow(
                trainee=attempt.account.display_name,
                email=attempt.account.email,
                number=attempt.number,
                started_at=attempt.started_at,
                finished_at=attempt.finished_at,
                percent=None if attempt.percent is None else _round(attempt.percent),
                marks=tuple(
                    by_position[position].mark if position in by_position else None
                    for position in positions
                ),
            )
            for attempt, by_position in zip(attempts, items, strict=True)
        ],
    )


def report_csv(report: QuizReport) -> str:
    """One row per attempt: who, when, the percentage, then the mark of each question."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Trainee",
            "Email",
            "Attempt",
            "Started (UTC)",
            "Finished (UTC)",
            "Percent",
            *(f"Q{question.number} /{question.max_mark}" for question in report.questions),
        ]
    )
    for row in report.attempts:
        writer.writerow(
            [
                _safe_cell(row.trainee),
                _safe_cell(row.email),
                row.number,
                _timestamp(row.started_at),
                _timestamp(row.finished_at),
                "" if row.percent is None else row.percent,
                *("" if mark is None else mark for mark in row.marks),
            ]
        )
    return buffer.getvalue()


def _marked(attempt: Attempt) -> list[AttemptItem]:
    """The items of ``attempt`` that carry a mark (not descriptions)."""
    return [item for item in attempt.items if grading.is_marked(item.question_version)]


def _question_stats(
    number: int, position: int, items: Sequence[dict[int, AttemptItem]]
) -> QuestionStats:
    seen = [by_position[position] for by_position in items if position in by_position]
    names: dict[int, str] = {}
    for item in seen:
        names.setdefault(item.question_version.question_id, item.question_version.name)
    fractions = [item.fraction for item in seen if item.fraction is not None]
    pairs = [
        (item_fraction, rest)
        for by_position in items
        if position in by_position
        and (item_fraction := by_position[position].fraction) is not None
        and (rest := _rest_of_attempt(by_position, position)) is not None
    ]
    return QuestionStats(
        number=number,
        position=position,
        names=tuple(names.values()),
        max_mark=max(item.max_mark for item in seen),
        scored=len(fractions),
        facility=_round(_total(fractions) * 100 / len(fractions)) if fractions else None,
        discrimination=_correlation_percent(pairs),
    )


def _rest_of_attempt(by_position: dict[int, AttemptItem], position: int) -> Decimal | None:
    """The marks of the attempt's other questions, or None while one awaits a trainer."""
    marks = [item.mark for other, item in by_position.items() if other != position]
    if any(mark is None for mark in marks):
        return None
    return _total(mark for mark in marks if mark is not None)


def _correlation_percent(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Pearson's r ×100 of the pairs; None below two pairs or when either side never varies."""
    if len(pairs) < 2:
        return None
    mean_x = _total(x for x, _ in pairs) / len(pairs)
    mean_y = _total(y for _, y in pairs) / len(pairs)
    covariance = _total((x - mean_x) * (y - mean_y) for x, y in pairs)
    spread_x = _total((x - mean_x) ** 2 for x, _ in pairs)
    spread_y = _total((y - mean_y) ** 2 for _, y in pairs)
    if not spread_x or not spread_y:
        return None
    return _round(covariance * 100 / (spread_x * spread_y).sqrt())


def _bands(percents: Sequence[Decimal]) -> list[ScoreBand]:
    counts = [0] * BAND_COUNT
    for percent in percents:
        counts[min(int(percent // BAND_WIDTH), BAND_COUNT - 1)] += 1
    return [
        ScoreBand(
            low=index * BAND_WIDTH,
            high=(index + 1) * BAND_WIDTH,
            count=count,
            share=_round(Decimal(count * 100) / len(percents)) if percents else Decimal(0),
        )
        for index, count in enumerate(counts)
    ]


def _total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _round(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH)


def _timestamp(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


def _safe_cell(text: str) -> str:
    """Keep a spreadsheet from running ``text`` as a formula: quote it as text."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
