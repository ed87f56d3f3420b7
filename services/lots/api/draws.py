"""The lots API for trusting a draw: commitments, repetitions, verification, and the
published results as of any date."""

from __future__ import annotations

import json

from flask import Response
from flask.views import MethodView

from services.lots.adapters import queries, results
from services.lots.api.draw_schemas import (
    CommitmentSchema,
    RepetitionRequestSchema,
    RepetitionSchema,
    ResultsQuerySchema,
    VerificationSchema,
)
from services.lots.domain.commands import CommitDraw, RepeatDraw
from services.lots.handlers.draws import commit_draw
from services.lots.handlers.repetitions import repeat_draw
from shared.context import current
from shared.web.blueprint import Blueprint

blp = Blueprint("draws", __name__, description="Commitments, repetitions, verification, results")


@blp.route("/groups/<int:group_id>/commitment")
class GroupCommitment(MethodView):
    @blp.response(201, CommitmentSchema)
    def post(self, group_id):
        """Commit to the seed of a group's draw: publish its SHA-256, keep it secret"""
        commit_draw(current(), CommitDraw(group_id))
        return queries.get_commitment(current(), group_id)

    @blp.response(200, CommitmentSchema)
    def get(self, group_id):
        """Show a group's commitment (and its seed, once the lots are drawn)"""
        return queries.get_commitment(current(), group_id)


@blp.route("/draws/<int:draw_id>/repetitions")
class DrawRepetitions(MethodView):
    @blp.response(200, RepetitionSchema(many=True))
    def get(self, draw_id):
        """List the repetitions of a draw: who was replaced, by whom, when, why"""
        return queries.list_repetitions(current(), draw_id)

    @blp.arguments(RepetitionRequestSchema)
    @blp.response(201, RepetitionSchema)
    def post(self, data, draw_id):
        """Repeat the draw for one reviewing State of one review, at a State's request"""
        return repeat_draw(current(), RepeatDraw(draw_id=draw_id, **data))


@blp.route("/draws/<int:draw_id>/export")
class DrawExport(MethodView):
    @blp.response(200, description="the draw's record, for `python -m services.lots.cli "
                                   "verify FILE`", content_type="application/json")
    def get(self, draw_id):
        """Export a draw's record: inputs, seed, commitment, picks with pools, repetitions"""
        body = json.dumps(queries.draw_record(current(), draw_id), indent=1)
        return Response(body, mimetype="application/json", headers={
            "Content-Disposition": f'attachment; filename="draw-{draw_id}.json"'})


@blp.route("/draws/<int:draw_id>/verification")
class DrawVerification(MethodView):
    @blp.response(200, VerificationSchema)
    def get(self, draw_id):
        """Replay a draw from its seed and inputs; say whether the record matches"""
        return queries.verification(current(), draw_id)


@blp.route("/results.csv")
class ResultsCsv(MethodView):
    @blp.arguments(ResultsQuerySchema, location="query")
    @blp.response(200, description="one line per reviewing State in force",
                  content_type="text/csv")
    def get(self, query):
        """Results of the drawing of lots as of a date, as CSV"""
        as_of = query["as_of"] or current().clock.today()
        text = results.to_csv(results.results_as_of(current(), as_of, query["group"]))
        return Response(text, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="lots-{as_of.isoformat()}.csv"'})


@blp.route("/results.html")
class ResultsHtml(MethodView):
    @blp.arguments(ResultsQuerySchema, location="query")
    @blp.response(200, description="a printable document", content_type="text/html")
    def get(self, query):
        """Results of the drawing of lots as of a date, as a printable document"""
        as_of = query["as_of"] or current().clock.today()
        html = results.to_html(results.results_as_of(current(), as_of, query["group"]), as_of)
        return Response(html, mimetype="text/html")
