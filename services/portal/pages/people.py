"""A State's focal points, governmental experts and observers as the nominations service
holds them: a State's own people see their State's (personal data only where the service
shows it: to the State's focal point), the secretariat any State's.

Nominations reach the secretariat by note verbale from the Permanent Mission, and the
secretariat records them (DOMAIN.md, Nominations; docs/portal-work.md says why the portal
offers focal points no form of their own): this page only shows them, and offers the
secretariat the form that records one.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext

from services.portal.adapters.peers import in_parallel
from services.portal.domain.secretariat_forms import people_by_role
from services.portal.pages.common import states
from services.portal.pages.context import peers, viewer

blp = Blueprint("people", __name__)


@blp.get("/people")
def page():
    who, p = viewer(), peers()
    parties = states(p)
    names = {s["code"]: s["name"] for s in parties}
    state = who.state if who.scoped else (request.args.get("state") or "").upper() or None
    if state is not None and state not in names:
        abort(404)
    persons, reviews = in_parallel([
        lambda: p.all("nominations", "/persons", state_code=state) if state else [],
        lambda: p.all("reviews", "/reviews", state=state) if state else [],
    ])
    return render_template("people.html", state=state, names=names, parties=parties,
                           roles=people_by_role(persons), review_names={
                               r["id"]: gettext("No. %(number)s, %(state)s under review",
                                                number=r["id"],
                                                state=r["state_under_review"])
                               for r in reviews})
