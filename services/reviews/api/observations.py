"""The lists of observations per article of a review (issue 19, item 3), the categories of
technical assistance, and the general report of trends (item 4).

Access: a review's lists are under /reviews/<id>/..., which scope.py hides from any State
not taking part in the review; the secretariat sees all. The report of trends is
aggregates naming no State, read by the secretariat (and services acting for it).
"""

from __future__ import annotations

from flask import Response
from flask.views import MethodView

from services.reviews.api.observation_schemas import (
    AdoptRequestSchema,
    AgreeRequestSchema,
    CategoryRequestSchema,
    CategorySchema,
    DraftRequestSchema,
    ListVersionSchema,
    TrendQuerySchema,
)
from services.reviews.api.reports import _as_of
from services.reviews.api.resources import actor_of
from services.reviews.domain import observations as o
from services.reviews.domain.report.document import as_text
from services.reviews.domain.trends.page import as_trends_html
from services.reviews.domain.trends.table import as_csv
from services.reviews.domain.trends.wording import trends_document
from services.reviews.handlers import observations as h
from services.reviews.handlers.trends import trend_report
from shared.context import current
from shared.web.access import open_to_states, require_roles
from shared.web.blueprint import Blueprint

blp = Blueprint("observations", __name__,
                description="Lists of observations per article and the report of trends")


def _articles(data: dict) -> list[o.ArticleObservations]:
    return [o.ArticleObservations(a["instrument"], a["article"], (
        *(o.Item(o.SUCCESS, t) for t in a["successes"]),
        *(o.Item(o.CHALLENGE, t) for t in a["challenges"]),
        *(o.Item(o.NEED, n["text"], n["category"]) for n in a["needs"])))
        for a in data["articles"]]


@blp.route("/reviews/<int:review_id>/observation-lists")
class ObservationLists(MethodView):
    @blp.response(200, ListVersionSchema(many=True))
    def get(self, review_id):
        """Every version of the review's list of observations per article, oldest first"""
        return h.observation_versions(current(), review_id)

    @open_to_states
    @blp.arguments(DraftRequestSchema)
    @blp.response(201, ListVersionSchema(many=True))
    def post(self, data, review_id):
        """A reviewing State drafts a new version of the list of observations"""
        h.draft_observations(current(), review_id, actor_of(data), _articles(data), data["on"])
        return h.observation_versions(current(), review_id)


@blp.route("/reviews/<int:review_id>/observation-lists/<int:version>/agree")
class AgreeList(MethodView):
    @open_to_states
    @blp.arguments(AgreeRequestSchema)
    @blp.response(200, ListVersionSchema(many=True))
    def post(self, data, review_id, version):
        """The State under review agrees with the latest draft, and on publishing good practices"""
        h.agree_observations(current(), review_id, actor_of(data), version,
                             data["good_practices_public"], data["on"])
        return h.observation_versions(current(), review_id)


@blp.route("/reviews/<int:review_id>/observation-lists/<int:version>/adopt")
class AdoptList(MethodView):
    @blp.arguments(AdoptRequestSchema)
    @blp.response(200, ListVersionSchema(many=True))
    def post(self, data, review_id, version):
        """The secretariat records that the agreed list was adopted, on the day it was"""
        h.adopt_observations_list(current(), review_id, actor_of(data), version, data["on"])
        return h.observation_versions(current(), review_id)


@blp.route("/need-categories")
class NeedCategories(MethodView):
    @blp.response(200, CategorySchema(many=True))
    def get(self):
        """The categories of technical assistance needs"""
        return h.need_categories(current())

    @blp.arguments(CategoryRequestSchema)
    @blp.response(201, CategorySchema(many=True))
    def post(self, data):
        """The secretariat adds a category of technical assistance needs"""
        h.add_need_category(current(), actor_of(data), data["code"], data["label"])
        return h.need_categories(current())


@blp.route("/reports/trends")
class TrendsReport(MethodView):
    @blp.arguments(TrendQuerySchema, location="query")
    @blp.doc(responses={"200": {
        "description": "the figures (JSON), the note's text, CSV or a printable page",
        "content": {"application/json": {"schema": {"type": "object"}},
                    "text/plain": {"schema": {"type": "string"}},
                    "text/csv": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}}}}})
    def get(self, args):
        """The general report of trends as of a date, for a cluster and phase or for all"""
        require_roles("secretariat", "service", what="read the general report of trends")
        as_of = _as_of(args)
        figures = trend_report(current(), as_of, args["cluster"], args["phase"])
        if args["format"] == "json":
            return {**figures, "as_of": as_of.isoformat()}
        if args["format"] == "csv":
            return Response(as_csv(figures), mimetype="text/csv")
        document = trends_document(figures, as_of, args["cluster"], args["phase"])
        if args["format"] == "text":
            return Response(as_text(document), mimetype="text/plain")
        return Response(as_trends_html(document, figures), mimetype="text/html")
