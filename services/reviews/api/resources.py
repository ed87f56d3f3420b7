"""The reviews API: country reviews and their stage history."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.reviews import queries
from services.reviews.api.schemas import ReviewDetailSchema, ReviewFilterSchema, ReviewSchema
from services.reviews.domain.facts import Actor
from shared.context import current

blp = Blueprint("reviews", __name__, description="Country reviews and their stages")


def actor_of(data: dict) -> Actor:
    """Who acts, from the request body (from the token once access control exists)."""
    return Actor(data["actor"], data.get("actor_state"))


@blp.route("/reviews")
class Reviews(MethodView):
    @blp.arguments(ReviewFilterSchema, location="query")
    @blp.response(200, ReviewSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List the country reviews, by group, stage or State taking part"""
        return queries.list_reviews(current(), pagination_parameters, **filters)


@blp.route("/reviews/<int:review_id>")
class ReviewsById(MethodView):
    @blp.response(200, ReviewDetailSchema)
    def get(self, review_id):
        """Show one country review with its stage history, oldest change first"""
        return queries.get_review(current(), review_id)
