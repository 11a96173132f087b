"""A trainee's certificates with their downloads and status, and the CPD log toward renewal."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from lms import db
from lms.content.pathway_sync import spec_of
from lms.models import Pathway, utcnow
from lms.services import certificate_register, cpd
from lms.web.access import require_account, signed_in
from lms.web.forms import RequestKeyField, commit_or_explain
from lms.web.learn.views import bp


class CpdForm(FlaskForm):
    """One CPD activity; the rules on hours and dates live in the service."""

    request_key = RequestKeyField()
    pathway = SelectField("Accreditation", coerce=int)
    activity = StringField("Activity", validators=[InputRequired("Name the activity.")])
    done_on = DateField(
        "Date of the activity", validators=[InputRequired("Enter the date, such as 2026-11-30.")]
    )
    hours = StringField("Hours", validators=[InputRequired("Enter the hours, such as 1.5.")])
    reflection = TextAreaField(
        "Reflection",
        validators=[InputRequired("Write what you took from the activity.")],
        render_kw={"rows": 4},
    )


@bp.route("/certificates")
@signed_in
def certificates() -> ResponseReturnValue:
    """The signed-in person's certificates, newest first, each with its status and downloads."""
    mine = certificate_register.of_holder(db.get_session(), require_account())
    return render_template(
        "lms/learn/certificates.html",
        certificates=mine,
        standing=certificate_register.standing,
        now=utcnow(),
    )


@bp.route("/certificates/cpd", methods=["GET", "POST"])
@signed_in
def cpd_log() -> ResponseReturnValue:
    """Log a CPD activity, and show the hours logged against those renewal needs."""
    session = db.get_session()
    account = require_account()
    pathways = [
        p
        for p in session.scalars(
            select(Pathway).options(selectinload(Pathway.current_version)).order_by(Pathway.title)
        )
        if p.current_version
    ]
    form = CpdForm()
    form.pathway.choices = [(p.id, p.title) for p in pathways]
    if form.validate_on_submit():
        chosen = next(p for p in pathways if p.id == form.pathway.data)
        if commit_or_explain(
            form,
            lambda: cpd.log_entry(
                session,
                account,
                chosen,
                request_key=form.request_key.data or "",
                activity=form.activity.data or "",
                done_on=form.done_on.data,
                hours=form.hours.data or "",
                reflection=form.reflection.data or "",
                now=utcnow(),
            ),  # fmt: skip
            done="Activity logged.",
        ):
            return redirect(url_for(".cpd_log"))
    required = {
        p: spec_of(p.current_version).renewal.cpd_hours
        for p in pathways
        if p.current_version is not None
    }
    totals, entries = cpd.overview(session, account, required)
    return render_template(
        "lms/learn/cpd.html", form=form, totals=totals, entries=entries, pathways=pathways
    )
