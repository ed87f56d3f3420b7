"""The reviews API: country reviews and their stage history."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.reviews import queries
from services.reviews.api.schemas import ReviewDetailSchema, ReviewFilterSchema, ReviewSchema
from services.reviews.domain.facts import Actor
from shared.access import caller, visible_states
from shared.context import current
from shared.errors import Forbidden

blp = Blueprint("reviews", __name__, description="Country reviews and their stages")


def actor_of(data: dict) -> Actor:
    """Who acts: the name the history shows comes from the body; the State comes from the
    token for a State's officials (the secretariat may record on a State's behalf)."""
    principal = caller()
    state = data.get("actor_state")
    if not principal.is_secretariat:
        if state not in (None, principal.state):
            raise Forbidden(f"a {principal.role} of {principal.state} acts only for it",
                            field="actor_state")
        state = principal.state
    return Actor(data["actor"], state)


@blp.route("/reviews")
class Reviews(MethodView):
    @blp.arguments(ReviewFilterSchema, location="query")
    @blp.response(200, ReviewSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List the country reviews, by group, stage or State taking part"""
        own = visible_states()
        if own is not None:  # a State's officials see the reviews their State takes part in
            if filters.get("state") not in (None, own):
                pagination_parameters.item_count = 0
                return []
            filters["state"] = own
        return queries.list_reviews(current(), pagination_parameters, **filters)


@blp.route("/reviews/<int:review_id>")
class ReviewsById(MethodView):
    @blp.response(200, ReviewDetailSchema)
    def get(self, review_id):
        """Show one country review with its stage history, oldest change first"""
        return queries.get_review(current(), review_id)
