"""What the practicum pages of several areas share: loading a practicum by id, the rubric mark
form of mentor, examiner and moderator, and reading its scores."""

from __future__ import annotations

from flask import abort
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from lms import db
from lms.content.pathways import PracticumAccepted
from lms.models import Account, Practicum
from lms.services.logbook_marking import COMMENTS_LIMIT


class MarkForm(FlaskForm):
    """A marker's score on each rubric criterion and comments; ``mark_form`` adds the scores."""

    comments = TextAreaField(
        "Comments",
        render_kw={"rows": 6},
        validators=[
            Length(max=COMMENTS_LIMIT, message=f"Keep it under {COMMENTS_LIMIT:,} characters.")
        ],
    )


def mark_form(rubric: PracticumAccepted, *, comments_label: str = "Comments") -> MarkForm:
    """Build the mark form with a ``score-<key>`` field per criterion, from 0 to its weight."""
    fields = {
        f"score-{criterion.key}": IntegerField(
            f"{criterion.title} (out of {criterion.weight})",
            validators=[
                InputRequired(f"Give a score from 0 to {criterion.weight}."),
                NumberRange(0, criterion.weight, f"Give a score from 0 to {criterion.weight}."),
            ],
        )
        for criterion in rubric.rubric
    }
    form: MarkForm = type("RubricMarkForm", (MarkForm,), fields)()
    form.comments.label.text = comments_label
    return form


def scores_from(form: MarkForm, rubric: PracticumAccepted) -> dict[str, int]:
    """Read the score of each criterion from a validated mark form."""
    return {criterion.key: form[f"score-{criterion.key}"].data for criterion in rubric.rubric}


def practicum_or_404(
    session: Session,
    practicum_id: int,
    *,
    mentor: Account | None = None,
    examiner: Account | None = None,
) -> Practicum:
    """Load a practicum, only if ``mentor`` mentors it or ``examiner`` examines it when given.

    Answers 404 otherwise, so that others learn nothing of logbooks not theirs.
    """
    found = db.get_or_404(session, Practicum, practicum_id)
    if mentor is not None and found.mentor_id != mentor.id:
        abort(404)
    if examiner is not None and found.examiner_id != examiner.id:
        abort(404)
    return found
