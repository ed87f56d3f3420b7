"""The reports of what the reviews find (issue 19, item 4 and 5): the general report of
trends as of a day, for a cluster and phase or for all, and each technical assistance
survey's results. Both are aggregates the services read to the secretariat alone (and the
service role): anyone else is shown that the report is not theirs to read, as the service
answered. The pages print as they are (the layout's print rules drop the forms)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from services.portal.domain import forms
from services.portal.pages.context import peers, today

#: two sections of the navigation, so each is marked current on its own pages
trends_blp = Blueprint("trends", __name__, url_prefix="/reports")
surveys_blp = Blueprint("survey_results", __name__, url_prefix="/reports")

CLUSTERS = ("1", "2", "3", "4")


def _trends_query() -> dict:
    """as_of, cluster and phase as the page was asked; BadField names a bad one."""
    args = request.args
    return {"as_of": forms.as_of(args.get("as_of"), today()),
            "cluster": forms.choice("cluster", args.get("cluster"), CLUSTERS),
            "phase": forms.whole_number("phase", args.get("phase"), high=10)}


@trends_blp.get("/trends", endpoint="page")
def trends():
    asked = {k: request.args.get(k, "") for k in ("as_of", "cluster", "phase")}
    try:
        query = _trends_query()
    except forms.BadField as bad:
        return render_template("reports_trends.html", asked=asked, error=bad, report=None), 400
    report = peers().permitted("reviews", "/reports/trends",
                               **{**query, "as_of": query["as_of"].isoformat()})
    asked["as_of"] = query["as_of"].isoformat()
    shown = render_template("reports_trends.html", asked=asked, error=None, report=report)
    return shown, 200 if report is not None else 403


@surveys_blp.get("/surveys", endpoint="page")
def surveys():
    found = peers().get("survey", "/surveys")
    return render_template("reports_surveys.html", surveys=sorted(found, key=lambda s: -s["id"]))


@surveys_blp.get("/surveys/<int:survey_id>")
def results(survey_id: int):
    p = peers()
    survey = p.maybe("survey", f"/surveys/{survey_id}")
    if survey is None:
        abort(404)
    try:
        day = forms.as_of(request.args.get("as_of"), today())
    except forms.BadField as bad:
        return render_template("reports_survey.html", survey=survey, results=None,
                               as_of=request.args.get("as_of", ""), error=bad), 400
    results = p.permitted("survey", f"/surveys/{survey_id}/results", as_of=day.isoformat())
    shown = render_template("reports_survey.html", survey=survey, results=results,
                            as_of=day.isoformat(), error=None)
    return shown, 200 if results is not None else 403
