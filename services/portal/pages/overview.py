"""The home page: what the signed-in person has to do next (pages/tasks.py), then, for
each review group, the stage funnel, the reviews not started and whose
focal point holds them up, and the completion against the 70 per cent rule, as of a day."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext
from markupsafe import Markup

from services.portal.adapters.peers import in_parallel
from services.portal.domain import charts, forms
from services.portal.domain.labels import ordered_stages, stage_label
from services.portal.domain.tables import visible_reviews, waiting_reviews
from services.portal.pages.common import state_names
from services.portal.pages.context import peers, today, viewer
from services.portal.pages.localised import voice
from services.portal.pages.tasks import open_tasks

blp = Blueprint("overview", __name__)


def funnel(group: dict) -> Markup:
    bars = [charts.Bar(stage, gettext(stage_label(stage)), count)
            for stage, count in ordered_stages(group["stages"])]
    number = group["group_number"]
    return Markup(charts.bar_chart(
        f"funnel-{number}", gettext("Reviews per stage, group %(number)s", number=number),
        bars, say=voice()))


def gauge(group: dict) -> Markup:
    c = group["completion"]
    return Markup(charts.completion_gauge(
        f"completion-{group['group_number']}", c["completed"], c["foreseen"],
        c["percentage"], c["threshold"], say=voice()))


def group_sections(report: dict | None, waiting: list, reviews: list[dict]) -> list[dict]:
    """One section per group: its figures, its charts and its reviews waiting."""
    group_of = {r["id"]: r["group_number"] for r in reviews}
    sections = []
    for group in (report or {}).get("groups", []):
        number = group["group_number"]
        sections.append({
            "group": group, "funnel": funnel(group), "gauge": gauge(group),
            "stages": ordered_stages(group["stages"]),
            "waiting": [w for w in waiting if group_of.get(w.review_id) == number],
        })
    return sections


@blp.get("/")
def page():
    who = viewer()
    try:
        day = forms.as_of(request.args.get("as_of"), today())
    except forms.BadField as bad:
        return render_template("overview.html", as_of=request.args.get("as_of", ""),
                               error=bad, sections=[], report=None, names={}), 400
    state = who.state if who.scoped else None
    p = peers()
    report, missing, reviews, names = in_parallel([
        # without the nominations service's figures, which the page does not show
        lambda: p.permitted("reviews", "/reports/status", as_of=day.isoformat(),
                            nominations="false"),
        # every State's, then only those of the reviews the viewer sees: a focal point
        # learns whose nomination holds up its own review, and nothing more
        lambda: p.all("nominations", "/missing", as_of=day.isoformat(), role="focal_point"),
        lambda: visible_reviews(p.all("reviews", "/reviews", state=state), who),
        lambda: state_names(p),
    ])
    waiting = waiting_reviews(missing, {r["id"] for r in reviews})
    return render_template("overview.html", as_of=day.isoformat(), error=None, report=report,
                           sections=group_sections(report, waiting, reviews), names=names,
                           waiting=waiting, tasks=open_tasks(p, who, reviews, today()))
