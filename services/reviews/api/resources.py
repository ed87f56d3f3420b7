"""The reviews API: country reviews and their stage history."""

from __future__ import annotations

from flask import Flask, current_app
from flask.views import MethodView

from services.reviews.adapters import queries
from services.reviews.api.detail import detail_response
from services.reviews.api.schemas import ReviewDetailSchema, ReviewFilterSchema, ReviewSchema
from services.reviews.domain.facts import Actor
from shared.context import current
from shared.web.access import caller, visible_states
from shared.web.blueprint import Blueprint
from shared.web.errors import Forbidden, Unprocessable
from shared.web.flat_dump import FlatDump
from shared.web.page_cache import PageCache

blp = Blueprint("reviews", __name__, description="Country reviews and their stages")
LIST_ITEMS = FlatDump(ReviewSchema())


def install(app: Flask) -> None:
    """The list's pages, kept per process while the reviews table has not changed."""
    app.extensions["review_pages"] = PageCache("reviews")


def actor_of(data: dict) -> Actor:
    """Who acts. A State's official acts as its token's subject, for its token's State; the
    secretariat names who acts (a person or an office), and may act on a State's behalf."""
    principal = caller()
    if principal.is_secretariat:
        if data["actor"] is None:
            raise Unprocessable("name who acts: a person or an office", field="actor")
        return Actor(data["actor"], data.get("actor_state"))
    if data.get("actor_state") not in (None, principal.state):
        raise Forbidden(f"a {principal.role} of {principal.state} acts only for it",
                        field="actor_state")
    if data["actor"] not in (None, principal.subject):
        raise Forbidden(f"a {principal.role} acts in its own name, {principal.subject}",
                        field="actor")
    return Actor(principal.subject, principal.state)


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
        return current_app.extensions["review_pages"].respond(
            current().engine, tuple(sorted(filters.items())), pagination_parameters,
            lambda conn: LIST_ITEMS(queries.with_deadlines(
                queries.list_reviews(conn, pagination_parameters, **filters),
                current().settings.deadlines)))


@blp.route("/reviews/<int:review_id>")
class ReviewsById(MethodView):
    @blp.response(200, ReviewDetailSchema)
    def get(self, review_id):
        """Show one country review with its stage history, oldest change first"""
        return detail_response(queries.get_review(current(), review_id))
