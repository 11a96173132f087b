"""Trainee pages of the Level 2 practicum: applying, the logbook week by week, and submitting it.

A trainee sees only their own logbook: every page reads the practicum of the signed-in account.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from lms import db
from lms.models import Pathway, Practicum, PracticumStatus, Sector, utcnow
from lms.services import accreditation, logbook, pathway_progress, practicum
from lms.services.errors import NotFound, ServiceError
from lms.services.logbook import FIELD_LIMIT, WeekText
from lms.services.practicum import PARTNERSHIP_LIMIT, PracticumTerms
from lms.web.access import require_account, signed_in
from lms.web.forms import commit_or_explain
from lms.web.learn.views import bp


def _text(label: str, limit: int, required: str) -> TextAreaField:
    message = f"Keep it to {limit:,} characters."
    return TextAreaField(
        label,
        render_kw={"rows": 5},
        validators=[InputRequired(required), Length(max=limit, message=message)],
    )


class ApplicationForm(FlaskForm):
    """A trainee's application: their Level 1 course, their sector and their partnership."""

    foundation_course = SelectField("Your Level 1 course", validators=[InputRequired()])
    sector = SelectField(
        "The sector you work in",
        choices=[SelectChoice(sector.value, sector.label) for sector in Sector],
        validators=[InputRequired()],
    )
    partnership = _text(
        "The partnership you will work on", PARTNERSHIP_LIMIT, "Describe the partnership."
    )


class WeekForm(FlaskForm):
    """One week of the logbook, in its four parts."""

    aims = _text("Aims", FIELD_LIMIT, "Say what you aimed to do this week.")
    strategies = _text("Strategies", FIELD_LIMIT, "Say which strategies you used.")
    activities = _text("Activities", FIELD_LIMIT, "Say what you did.")
    reflection = _text("Reflection", FIELD_LIMIT, "Reflect on what you learnt.")


def _pathway_or_404(session: Session, slug: str) -> tuple[Pathway, PracticumTerms]:
    pathway = pathway_progress.find_pathway(session, slug)
    if pathway is None:
        abort(404)
    try:
        return pathway, practicum.terms_of(pathway_progress.current_version(pathway))
    except NotFound:
        abort(404)


def _own_practicum_or_404(session: Session, slug: str) -> Practicum:
    """The signed-in trainee's accepted practicum on the pathway, or 404."""
    pathway, _terms = _pathway_or_404(session, slug)
    case = practicum.practicum_of(session, require_account(), pathway)
    if case is None or case.status in {PracticumStatus.APPLIED, PracticumStatus.DECLINED}:
        abort(404)
    return case


@bp.route("/pathways/<slug>/practicum", methods=["GET", "POST"], endpoint="practicum")
@signed_in
def practicum_page(slug: str) -> ResponseReturnValue:
    """Apply for the practicum, or follow the application and the logbook once applied."""
    session = db.get_session()
    pathway, terms = _pathway_or_404(session, slug)
    trainee = require_account()
    case = practicum.practicum_of(session, trainee, pathway)
    form = ApplicationForm()
    form.foundation_course.choices = [
        SelectChoice(slug, title) for slug, title in practicum.foundation_choices(session, terms)
    ]
    may_apply = case is None or case.status is PracticumStatus.DECLINED
    if (
        may_apply
        and form.validate_on_submit()
        and commit_or_explain(
            form,
            lambda: practicum.apply(
                session, pathway, trainee=trainee, now=utcnow(), **_details(form)
            ),
            done="Your application has been sent.",
        )
    ):
        return redirect(url_for(".practicum", slug=slug))
    return render_template(
        "lms/learn/practicum.html",
        pathway=pathway,
        terms=terms,
        case=case,
        form=form,
        is_eligible=may_apply
        and accreditation.stage_complete(session, trainee.id, pathway, terms.foundation.slug),
        entries=logbook.entries(session, case) if case else {},
        begins_on=logbook.begins_on,
        has_begun=logbook.has_begun,
        today=utcnow().date(),
        submission=logbook.latest_submission(session, case) if case else None,
    )


def _details(form: ApplicationForm) -> dict[str, str]:
    return {
        "foundation_course": form.foundation_course.data,
        "sector": form.sector.data,
        "partnership": form.partnership.data,
    }


@bp.route("/pathways/<slug>/practicum/weeks/<int:week>", methods=["GET", "POST"])
@signed_in
def logbook_week(slug: str, week: int) -> ResponseReturnValue:
    """Write or revise a week of the logbook; shows earlier revisions and the mentor's comments."""
    session = db.get_session()
    case = _own_practicum_or_404(session, slug)
    if not 1 <= week <= case.weeks:
        abort(404)
    entry = logbook.entries(session, case).get(week)
    form = WeekForm(obj=entry.revisions[-1] if entry else None)
    if form.validate_on_submit():
        text = WeekText(
            form.aims.data, form.strategies.data, form.activities.data, form.reflection.data
        )
        if commit_or_explain(
            form,
            lambda: logbook.write_week(session, case, week=week, text=text, now=utcnow()),
            done=f"Week {week} saved.",
        ):
            return redirect(url_for(".practicum", slug=slug))
    return render_template(
        "lms/learn/logbook_week.html",
        case=case,
        week=week,
        entry=entry,
        comments=logbook.comments(session, case).get(week, []),
        is_writable=logbook.is_writable(case),
        begins_on=logbook.begins_on(case, week),
        has_begun=logbook.has_begun(case, week, today=utcnow().date()),
        form=form,
    )


@bp.route("/pathways/<slug>/practicum/submit", methods=["POST"])
@signed_in
def submit_logbook(slug: str) -> ResponseReturnValue:
    """Close the logbook and send it to the mentor and the examiner for marking."""
    session = db.get_session()
    case = _own_practicum_or_404(session, slug)
    try:
        submission = logbook.submit(session, case, trainee=require_account(), now=utcnow())
    except ServiceError as error:
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"Logbook submitted for marking (submission {submission.number}).", "success")
    return redirect(url_for(".practicum", slug=slug))
