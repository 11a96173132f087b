"""Assessment forms (field checks only; the grading rules live in the services)."""

from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import DecimalField, Field, TextAreaField
from wtforms.form import BaseForm
from wtforms.validators import InputRequired, Length, StopValidation

MARK_PLACES = 4  # the precision question marks are authored in


def plain_mark(form: BaseForm, field: Field) -> None:
    """Take only ordinary numbers from nought up, with at most four decimal places.

    ``Decimal`` also reads "NaN" and "Infinity", which no mark can be and which compare badly.
    """
    mark: Decimal | None = field.data
    if mark is None:
        return
    if not mark.is_finite():
        raise StopValidation("Enter the mark as a number, such as 3 or 2.5.")
    if mark < 0:
        raise StopValidation("The mark cannot be below 0.")
    exponent = mark.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MARK_PLACES:
        raise StopValidation(f"Give the mark with at most {MARK_PLACES} decimal places.")


class GradeForm(FlaskForm):
    """A trainer's mark and comment on one essay answer."""

    mark = DecimalField(
        "Mark",
        places=None,
        validators=[InputRequired("Enter a mark."), plain_mark],
        invalid_value_message="Enter the mark as a number, such as 3 or 2.5.",
    )
    comment = TextAreaField("Comment for the trainee", validators=[Length(max=5000)])
