"""Trainee pages of written role-plays: the role, the brief and the rubric, the answer form, and
every submission with its assessments."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from lms import db
from lms.models import Roleplay, RoleplayKind, utcnow
from lms.services import written_roleplays
from lms.services.errors import InvalidInput, NotPermitted
from lms.services.written_roleplays import ANSWER_LIMIT, REFLECTION_LIMIT
from lms.web.access import require_account, signed_in
from lms.web.forms import show_invalid_input
from lms.web.learn.views import bp
from lms.web.roleplays import roleplay_of_kind_or_404

# Beyond any submission number a trainee reaches, and within every database's integers.
LARGEST_NUMBER = 10_000


class SubmissionForm(FlaskForm):
    """A trainee's answer to a written role-play, and an optional reflection on it."""

    number = IntegerField(
        widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=LARGEST_NUMBER)]
    )
    answer = TextAreaField(
        "Your answer",
        render_kw={"rows": 16, "maxlength": False},  # too long gets a message, not a cut
        validators=[
            InputRequired("Write your answer before you submit it."),
            Length(max=ANSWER_LIMIT, message=f"Keep your answer to {ANSWER_LIMIT:,} characters."),
        ],
    )
    reflection = TextAreaField(
        "Your reflection (optional)",
        render_kw={"rows": 6},
        validators=[
            Length(
                max=REFLECTION_LIMIT,
                message=f"Keep your reflection to {REFLECTION_LIMIT:,} characters.",
            )
        ],
    )


def _page(session: Session, roleplay: Roleplay, form: SubmissionForm) -> str:
    """The role-play's page for the signed-in trainee, with ``form`` as it stands."""
    status = written_roleplays.status(session, roleplay, require_account())
    if status.next_number is not None:  # the page says where the trainee stands now
        form.number.data = status.next_number
        form.number.raw_data = [str(status.next_number)]
    return render_template(
        "lms/learn/written.html",
        status=status,
        form=form,
        answer_limit=ANSWER_LIMIT,
    )


@bp.route("/roleplays/<int:roleplay_id>/written")
@signed_in
def written(roleplay_id: int) -> ResponseReturnValue:
    """Show the role, the brief, the rubric, the answer form and every submission so far."""
    session = db.get_session()
    roleplay = roleplay_of_kind_or_404(session, roleplay_id, RoleplayKind.WRITTEN)
    return _page(session, roleplay, SubmissionForm(formdata=None))


@bp.route("/roleplays/<int:roleplay_id>/submissions", methods=["POST"])
@signed_in
def submit_written(roleplay_id: int) -> ResponseReturnValue:
    """Store the trainee's answer; on any refusal the page comes back with the text typed.

    A role-play withdrawn while the trainee wrote is still loaded, so that its refusal shows
    them their text rather than a missing page.
    """
    session = db.get_session()
    roleplay = roleplay_of_kind_or_404(
        session, roleplay_id, RoleplayKind.WRITTEN, include_withdrawn=True
    )
    form = SubmissionForm()
    if form.validate_on_submit():
        try:
            written_roleplays.submit(
                session,
                roleplay,
                require_account(),
                number=form.number.data,
                answer=form.answer.data or "",
                reflection=form.reflection.data or "",
                now=utcnow(),
            )
        except InvalidInput as error:
            show_invalid_input(form, error)
        except NotPermitted as error:
            session.rollback()
            form.form_errors.append(str(error))
        else:
            session.commit()
            flash("Your answer is submitted; a trainer will assess it.", "success")
            return redirect(url_for(".written", roleplay_id=roleplay_id))
    return _page(session, roleplay, form)
