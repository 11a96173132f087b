"""The rubric form, built from a role-play's rubric: a level and a comment per criterion.

Written submissions and live participants are assessed with the same form; the template
``lms/assess/_rubric_form.html`` draws it. The form carries the number of the assessment it
records (see lms.services.assessment), so it can be sent again safely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import HiddenInput

from lms import db
from lms.content.rubrics import Criterion, Level, RubricSpec
from lms.models import RubricAssessment
from lms.services.assessment import COMMENT_LIMIT, Marks
from lms.services.errors import InvalidInput, NotPermitted
from lms.web.forms import show_invalid_input

_TOO_LONG = f"Keep comments under {COMMENT_LIMIT} characters."


class RubricForm(FlaskForm):
    """An assessor's marks against ``rubric``; make one with ``rubric_form``."""

    rubric: ClassVar[RubricSpec]

    number = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    overall_comment = TextAreaField(
        "Overall comment", validators=[Length(max=COMMENT_LIMIT, message=_TOO_LONG)]
    )
    asks_resubmission = BooleanField("Ask the trainee to resubmit")

    def level_field(self, criterion: Criterion) -> Field:
        """The radio buttons choosing the level of ``criterion``."""
        field: Field = self[level_name(criterion)]
        return field

    def comment_field(self, criterion: Criterion) -> Field:
        """The comment on ``criterion``."""
        field: Field = self[comment_name(criterion)]
        return field

    def renumber(self, number: int) -> None:
        """Make the form record assessment ``number``, as after someone else's assessment."""
        self.number.data = number
        self.number.raw_data = [str(number)]


def level_name(criterion: Criterion) -> str:
    """The name of the level field, which the service names in its InvalidInput for a level."""
    return f"level-{criterion.id}"


def comment_name(criterion: Criterion) -> str:
    """The name of the comment field, which the service names in its InvalidInput for a comment."""
    return f"comment-{criterion.id}"


def level_choice(level: Level) -> str:
    """How a level reads beside its radio button: its label, points and what it looks like."""
    points = "1 point" if level.points == 1 else f"{level.points} points"
    return f"{level.label} ({points}): {level.descriptor}"


def rubric_form(rubric: RubricSpec) -> type[RubricForm]:
    """A form class with a level (required) and a comment for each criterion of ``rubric``."""
    fields: dict[str, Any] = {"rubric": rubric}
    for criterion in rubric.criteria:
        fields[level_name(criterion)] = RadioField(
            criterion.title,
            choices=[SelectChoice(level.id, level_choice(level)) for level in criterion.levels],
            validators=[InputRequired(f"Choose a level for “{criterion.title}”.")],
            # An unknown level is the service's to refuse, with the message above.
            validate_choice=False,
        )
        fields[comment_name(criterion)] = TextAreaField(
            f"Comment on “{criterion.title}”",
            validators=[Length(max=COMMENT_LIMIT, message=_TOO_LONG)],
        )
    return type("RubricForm", (RubricForm,), fields)


def marks_from(form: RubricForm) -> Marks:
    """What the assessor entered, as the assessment service takes it."""
    criteria = form.rubric.criteria
    return Marks(
        levels={criterion.id: form.level_field(criterion).data or "" for criterion in criteria},
        comments={criterion.id: form.comment_field(criterion).data or "" for criterion in criteria},
        overall_comment=form.overall_comment.data or "",
        asks_resubmission=bool(form.asks_resubmission.data),
    )


def record_or_explain(
    form: RubricForm,
    record: Callable[[], RubricAssessment],
    *,
    next_number: Callable[[], int],
) -> bool:
    """Call ``record``, and say whether it recorded the assessment; if not, say why on ``form``.

    An InvalidInput goes on the field it names. A refusal (someone else assessed meanwhile, the
    form was out of date) is rolled back and shown above the form, which keeps what the assessor
    entered and is renumbered to record assessment ``next_number()``.
    """
    try:
        record()
    except InvalidInput as error:
        show_invalid_input(form, error)
        return False
    except NotPermitted as error:
        db.get_session().rollback()
        form.form_errors.append(str(error))
        form.renumber(next_number())
        return False
    return True
