"""A survey's results as of a day: aggregates only, for the secretariat (and the service
role, through which the portal will show them). JSON, CSV and a printable document."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView

from services.survey.adapters.results_documents import results_as_of, to_csv, to_html
from services.survey.api.schemas import AsOfSchema, ResultsSchema
from shared.context import current
from shared.web.access import require_roles
from shared.web.blueprint import Blueprint

blp = Blueprint("results", __name__, description="A survey's results, as aggregates")


def results(survey_id: int, query: dict) -> dict:
    require_roles("secretariat", "service", what="read a survey's results")
    ctx = current()
    return results_as_of(ctx.session_factory, survey_id, query["as_of"] or ctx.clock.today())


@blp.route("/surveys/<int:survey_id>/results")
class Results(MethodView):
    @blp.arguments(AsOfSchema, location="query")
    @blp.response(200, ResultsSchema)
    def get(self, query, survey_id):
        """Per question and answer, how many States and what per cent, overall and per
        regional group; a count from fewer than three States hidden"""
        return results(survey_id, query)


@blp.route("/surveys/<int:survey_id>/results.csv")
class ResultsCsv(MethodView):
    @blp.arguments(AsOfSchema, location="query")
    @blp.response(200, description="one line per question, answer and regional group",
                  content_type="text/csv")
    def get(self, query, survey_id):
        """The results as CSV (a hidden figure is an empty cell)"""
        found = results(survey_id, query)
        return Response(to_csv(found), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="survey-{survey_id}-'
                                   f'{found["as_of"].isoformat()}.csv"'})


@blp.route("/surveys/<int:survey_id>/results.html")
class ResultsHtml(MethodView):
    @blp.arguments(AsOfSchema, location="query")
    @blp.response(200, description="a printable document", content_type="text/html")
    def get(self, query, survey_id):
        """The results as a printable document, in the note's words"""
        return Response(to_html(results(survey_id, query)), mimetype="text/html")
