"""One review: its stage history, working languages, documents, and the e-mails sent about
it. A review of another State answers the same 404 as a review that does not exist."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from services.portal.adapters.peers import in_parallel
from services.portal.domain.labels import parse_day
from services.portal.domain.tables import days_in_stage, days_overdue, takes_part
from services.portal.pages.common import state_names
from services.portal.pages.context import peers, today, viewer

blp = Blueprint("review", __name__)


@blp.get("/reviews/<int:review_id>")
def page(review_id: int):
    who, p = viewer(), peers()
    detail = p.maybe("reviews", f"/reviews/{review_id}")
    if detail is None or (who.scoped and not takes_part(detail, who.state)):
        abort(404)
    messages, names = in_parallel([
        # a State's people see the letters to their own Mission, not to the others'
        lambda: p.all("notifications", "/messages", review_id=review_id,
                      state_code=who.state if who.scoped else None, body="false"),
        lambda: state_names(p),
    ])
    messages = [m for m in messages if who.sees(m.get("state_code"))]
    deadline = parse_day(detail.get("deadline"))
    return render_template(
        "review.html", review=detail, names=names, deadline=deadline,
        overdue_days=days_overdue(deadline, detail["stage"], today()),
        in_stage=days_in_stage(detail.get("stage_entered_at"), today()),
        messages=sorted(messages, key=lambda m: (m.get("created_at") or "", m["id"])))
