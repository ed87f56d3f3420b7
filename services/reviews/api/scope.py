"""A State's officials (focal points, experts, observers) see only the reviews their State
takes part in; any other review answers 404, exactly as one that does not exist, so that
not even its existence is revealed. One check covers every /reviews/<id>/... route."""

from __future__ import annotations

from flask import Flask, g, request

from services.reviews.adapters.orm import ReviewRow
from shared.context import current
from shared.web.access import visible_states
from shared.web.errors import problem


def install(app: Flask) -> None:
    @app.before_request
    def hide_other_states_reviews():
        review_id = (request.view_args or {}).get("review_id")
        principal = g.get("principal")
        if review_id is None or principal is None:
            return None
        own = visible_states(principal)
        if own is None or _takes_part(review_id, own):
            return None
        return problem(404, "Not found", f"review {review_id} does not exist",
                       errors={"review_id": [f"review {review_id} does not exist"]})


def _takes_part(review_id: int, state: str) -> bool:
    with current().session_factory() as session:
        review = session.get(ReviewRow, review_id)
    return review is not None and (
        review.state_under_review == state or state in review.reviewing_states)
