"""Trainee pages of accreditation pathways: every stage with its bars and evidence, the next step,
and the ethics commitment to sign."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from lms import db
from lms.models import Pathway, utcnow
from lms.services import ethics, pathway_progress
from lms.web.access import require_account, signed_in
from lms.web.forms import commit_or_explain
from lms.web.learn.pathway_links import step_links
from lms.web.learn.views import bp


class SignatureForm(FlaskForm):
    """The trainee's full name, typed under the commitment."""

    typed_name = StringField(
        "Type your full name to sign",
        validators=[InputRequired("Type your full name to sign."), Length(max=200)],
    )


def pathway_or_404(session: Session, slug: str) -> Pathway:
    pathway = pathway_progress.find_pathway(session, slug)
    if pathway is None:
        abort(404)
    return pathway


@bp.route("/pathways")
@signed_in
def pathways() -> ResponseReturnValue:
    """List the accreditation pathways with the trainee's current stage on each."""
    session = db.get_session()
    found = pathway_progress.of_pathways(
        session, require_account().id, pathway_progress.pathways(session)
    )
    return render_template("lms/learn/pathways.html", pathways=found)


@bp.route("/pathways/<slug>")
@signed_in
def pathway(slug: str) -> ResponseReturnValue:
    """Show every stage and requirement with its status, evidence and bar, and the next step."""
    session = db.get_session()
    found = pathway_progress.of_pathway(
        session, require_account().id, pathway_or_404(session, slug)
    )
    links = step_links(session, found.pathway, found.spec.requirements())
    return render_template("lms/learn/pathway.html", progress=found, links=links)


@bp.route("/pathways/<slug>/ethics", methods=["GET", "POST"])
@signed_in
def pathway_ethics(slug: str) -> ResponseReturnValue:
    """Show the commitment and sign its current wording, or the signature once signed."""
    session = db.get_session()
    pathway = pathway_or_404(session, slug)
    account = require_account()
    form = SignatureForm()
    if form.validate_on_submit() and commit_or_explain(
        form,
        lambda: ethics.sign(
            session, account, pathway, typed_name=form.typed_name.data or "", now=utcnow()
        ),
        done="You have signed the ethics commitment.",
    ):
        return redirect(url_for(".pathway_ethics", slug=slug))
    signature = ethics.current_signature(session, account, pathway)
    return render_template(
        "lms/learn/pathway_ethics.html",
        pathway=pathway,
        version=pathway.current_version,
        signature=signature,
        form=form,
    )
