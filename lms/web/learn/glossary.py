"""The cross-sector glossary: every published course's terms A–Z with a search, a page per term,
and the links from lessons to them."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import Length

from lms import db
from lms.services import glossary
from lms.services.errors import InvalidInput
from lms.web.access import public
from lms.web.forms import show_invalid_input
from lms.web.learn.views import bp


class GlossarySearchForm(FlaskForm):
    """The glossary's search; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(
        "Search the glossary",
        validators=[
            Length(
                max=glossary.QUERY_LIMIT,
                message=f"Search for at most {glossary.QUERY_LIMIT} characters.",
            )
        ],
    )


@bp.route("/glossary")
@public
def glossary_index() -> ResponseReturnValue:
    """List every term A–Z, or those matching the search; none while the search is invalid."""
    form = GlossarySearchForm(request.args)
    entries = None
    if form.validate():
        try:
            entries = glossary.entries(db.get_session(), query=form.q.data or "")
        except InvalidInput as error:
            show_invalid_input(form, error)
    return render_template(
        "lms/learn/glossary.html", form=form, entries=entries, query=(form.q.data or "").strip()
    )


@bp.route("/glossary/<slug>")
@public
def glossary_term(slug: str) -> ResponseReturnValue:
    entries = glossary.find(db.get_session(), slug)
    if not entries:
        abort(404)
    return render_template("lms/learn/glossary_term.html", entries=entries)
