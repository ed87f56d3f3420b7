"""The table of reviews: State under review, reviewing States, stage, days in stage, next
deadline and whether it is overdue; filtered by group, stage and regional group."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from services.portal.adapters.peers import Peers, in_parallel
from services.portal.domain import forms
from services.portal.domain.labels import REGION_LABELS, STAGES
from services.portal.domain.tables import in_region, paginate, review_line, visible_reviews
from services.portal.pages.common import states
from services.portal.pages.context import peers, today, viewer

blp = Blueprint("reviews", __name__)

PAGE_SIZE = 25


def read_filters(args) -> dict:
    return {
        "group": forms.whole_number("group", args.get("group"), high=99),
        "stage": forms.choice("stage", args.get("stage"), STAGES),
        "region": forms.choice("region", args.get("region"), REGION_LABELS),
    }


def _render(status: int = 200, **page):
    page.setdefault("error", None)
    return render_template("reviews.html", stages=STAGES, regions=REGION_LABELS,
                           **page), status


def group_numbers(p: Peers) -> list[int]:
    return sorted(g["number"] for g in p.all("lots", "/groups"))


@blp.get("/reviews")
def page():
    who, p, day = viewer(), peers(), today()
    try:
        filters = read_filters(request.args)
    except forms.BadField as bad:
        return _render(400, error=bad, filters=dict(request.args), groups=group_numbers(p),
                       lines=[], page=paginate([], 1, PAGE_SIZE), names={})
    groups, found, parties = in_parallel([
        lambda: group_numbers(p),
        lambda: p.all("reviews", "/reviews", group_number=filters["group"],
                      stage=filters["stage"], state=who.state if who.scoped else None),
        lambda: states(p),
    ])
    region_of = {s["code"]: s.get("regional_group") for s in parties}
    chosen = in_region(visible_reviews(found, who), region_of, filters["region"])
    shown = paginate(chosen, forms.page_number(request.args.get("page")), PAGE_SIZE)
    lines = [review_line(r, day) for r in shown.items]
    return _render(filters=filters, groups=groups, lines=lines, page=shown,
                   names={s["code"]: s["name"] for s in parties})
