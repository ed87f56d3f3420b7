"""The secretariat's status report as of any date (JSON, text, printable HTML), the
phases against the 70 per cent rule, and the deadline sweep."""

from __future__ import annotations

import datetime as dt

from flask import Response
from flask.views import MethodView

from services.reviews.api.command_schemas import EndDecisionRequestSchema, OverrideRequestSchema
from services.reviews.api.report_schemas import (
    AsOfSchema,
    PhaseQuerySchema,
    PhaseSchema,
    ReportQuerySchema,
    StatusReportSchema,
    SweepResultSchema,
)
from services.reviews.api.resources import actor_of
from services.reviews.domain.report.document import as_text
from services.reviews.domain.report.html import as_html
from services.reviews.domain.report.table import as_csv
from services.reviews.handlers import phases
from services.reviews.handlers.phase_end import record_end_decision
from services.reviews.handlers.report import status_document, status_figures
from services.reviews.handlers.starts import start_due_reviews
from services.reviews.handlers.sweeps import sweep_deadlines
from shared.context import current
from shared.web.access import require_roles
from shared.web.blueprint import Blueprint
from shared.web.errors import Unprocessable

blp = Blueprint("reports", __name__,
                description="The status report, the phases and the deadline sweep")


def _as_of(args: dict) -> dt.date:
    """The date asked for, or today; a report of a day not yet over would change."""
    today = current().clock.today()
    as_of = args.get("as_of") or today
    if as_of > today:
        raise Unprocessable(f"as_of cannot be after today ({today})", field="as_of")
    return as_of


def _figures(as_of: dt.date, nominations: bool = True) -> dict:
    require_roles("secretariat", "service", what="read the status report")
    ctx = current()
    return status_figures(ctx, as_of, ctx.nominations if nominations else _not_asked)


def _not_asked(_as_of: dt.date) -> dict:
    return {"available": False, "detail": "not asked for (nominations=false)", "figures": None}


@blp.route("/reports/status")
class StatusReport(MethodView):
    @blp.arguments(ReportQuerySchema, location="query")
    @blp.response(200, StatusReportSchema)
    @blp.doc(responses={"200": {
        "description": "the figures (JSON), with format=text the note's wording, with "
                       "format=csv a row per group and phase",
        "content": {"application/json": {"schema": StatusReportSchema},
                    "text/plain": {"schema": {"type": "string"}},
                    "text/csv": {"schema": {"type": "string"}}}}})
    def get(self, args):
        """The status of the country reviews as of a date, as data or as the note's text"""
        figures = _figures(_as_of(args), args["nominations"] or args["format"] != "json")
        if args["format"] == "text":
            document = status_document(figures, current().settings.phase_clusters)
            return Response(as_text(document), mimetype="text/plain")
        if args["format"] == "csv":
            return Response(as_csv(figures), mimetype="text/csv")
        return figures


@blp.route("/reports/status.html")
class StatusReportPage(MethodView):
    @blp.arguments(AsOfSchema, location="query")
    @blp.doc(responses={"200": {"description": "a printable page, no external assets",
                                "content": {"text/html": {"schema": {"type": "string"}}}}})
    def get(self, args):
        """The status report as a printable HTML page"""
        figures = _figures(_as_of(args))
        document = status_document(figures, current().settings.phase_clusters)
        return Response(as_html(document, figures), mimetype="text/html")


@blp.route("/phases")
class Phases(MethodView):
    @blp.arguments(PhaseQuerySchema, location="query")
    @blp.response(200, PhaseSchema(many=True))
    def get(self, args):
        """Each group's phases: completion against the reviews foreseen, the 70 per cent rule"""
        return phases.phase_completions(current(), _as_of(args), args.get("group_number"))


@blp.route("/phases/<int:group_number>/<int:phase>")
class PhaseById(MethodView):
    @blp.arguments(AsOfSchema, location="query")
    @blp.response(200, PhaseSchema)
    def get(self, args, group_number, phase):
        """One group's phase against the 70 per cent rule"""
        return phases.phase_completions(current(), _as_of(args), group_number, phase)[0]


@blp.route("/phases/<int:group_number>/<int:phase>/override")
class PhaseOverride(MethodView):
    @blp.arguments(OverrideRequestSchema)
    @blp.response(200, PhaseSchema)
    def post(self, data, group_number, phase):
        """Record that the Conference decided the group advances whatever its completion"""
        phases.record_override(current(), group_number, phase, actor_of(data), data["reason"],
                               data["decided_on"])
        return phases.phase_completions(current(), current().clock.today(), group_number,
                                        phase)[0]


@blp.route("/phases/<int:group_number>/<int:phase>/end")
class PhaseEndDecision(MethodView):
    @blp.arguments(EndDecisionRequestSchema)
    @blp.response(200, PhaseSchema)
    def post(self, data, group_number, phase):
        """Record that the Conference set another end for the group's phase (note, para. 18)"""
        record_end_decision(current(), group_number, phase, actor_of(data), data["reason"],
                            data["decided_on"], data["ends_on"])
        return phases.phase_completions(current(), current().clock.today(), group_number,
                                        phase)[0]


@blp.route("/deadlines/sweep")
class DeadlineSweep(MethodView):
    @blp.arguments(AsOfSchema)
    @blp.response(200, SweepResultSchema)
    def post(self, args):
        """Start the reviews due by a date, then announce each deadline missed, once"""
        as_of = _as_of(args)
        started = start_due_reviews(current(), as_of)
        return {"started": started, "published": sweep_deadlines(current(), as_of)}
