"""What the practicum pages of several areas share: loading a practicum by id, the rubric mark
form of mentor, examiner and moderator, recording it, and the marks each marker may see."""

from __future__ import annotations

from flask import abort
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from lms import db
from lms.content.pathways import PracticumAccepted
from lms.models import Account, LogbookMark, LogbookSubmission, MarkerRole, Practicum, utcnow
from lms.services import logbook, logbook_marking
from lms.services.logbook_marking import COMMENTS_LIMIT
from lms.web.forms import commit_or_explain


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


def record_marks(
    session: Session, case: Practicum, form: MarkForm, rubric: PracticumAccepted, marker: Account
) -> bool:
    """Record the mentor's or the examiner's marks from a validated form; False says why not."""
    return commit_or_explain(
        form,
        lambda: logbook_marking.record_mark(
            session,
            case,
            marker=marker,
            scores=scores_from(form, rubric),
            comments=form.comments.data or "",
            now=utcnow(),
        ),
        done="Your marks are recorded.",
    )


def marks_shown_to(
    session: Session, case: Practicum, marker: Account
) -> tuple[LogbookSubmission | None, dict[MarkerRole, LogbookMark], bool]:
    """The latest submission, the marks ``marker`` may see of it, and whether they have marked.

    A marker sees the other's marks only once their own are in, so each marks independently.
    """
    submission = logbook.latest_submission(session, case)
    marks = logbook_marking.marks_of(session, submission) if submission else {}
    return (
        submission,
        logbook_marking.visible_marks(case, marks, marker),
        logbook_marking.has_marked(case, marks, marker),
    )
