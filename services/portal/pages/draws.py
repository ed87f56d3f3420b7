"""The draws of lots: who reviews whom in each group, every repetition of a draw, and the
check that the published seed reproduces the draw (where the lots service offers them)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from services.portal.adapters.peers import Peers, in_parallel
from services.portal.domain.tables import takes_part
from services.portal.pages.common import state_names
from services.portal.pages.context import peers, viewer

blp = Blueprint("draws", __name__)


@blp.get("/draws")
def page():
    groups = sorted(peers().all("lots", "/groups"), key=lambda g: g["number"])
    return render_template("draws.html", groups=groups)


def repetitions_of(p: Peers, draw_id: int) -> list[dict] | None:
    """The draw's repetitions, oldest first; None where the lots service keeps none."""
    found = p.maybe("lots", f"/draws/{draw_id}/repetitions")
    return None if found is None else sorted(found, key=lambda r: r.get("number", 0))


@blp.get("/draws/<int:draw_id>")
def draw(draw_id: int):
    who, p = viewer(), peers()
    found = p.maybe("lots", f"/draws/{draw_id}", picks="false")
    if found is None:
        abort(404)
    # a result recorded as drawn at a meeting has no seed here, so nothing to replay
    verification, names, repetitions = in_parallel([
        lambda: None if found.get("recorded") else p.maybe(
            "lots", f"/draws/{draw_id}/verification"),
        lambda: state_names(p),
        lambda: repetitions_of(p, draw_id),
    ])
    pairs = [r for r in found.get("reviews", []) if not who.scoped or takes_part(r, who.state)]
    if repetitions is not None:
        repetitions = [r for r in repetitions
                       if who.sees(r.get("state_under_review"), r.get("replaced"),
                                   r.get("replacement"))]
    return render_template("draw.html", draw=found, group=found.get("group"), pairs=pairs,
                           names=names, repetitions=repetitions, verification=verification)
