"""What the nominations service reports: missing nominations, the sweep that announces
them, and the figures of the secretariat's status note."""

from __future__ import annotations

from flask.views import MethodView

from services.nominations.adapters import queries
from services.nominations.api.report_schemas import (
    AsOfSchema,
    FiguresSchema,
    MissingFilterSchema,
    MissingSchema,
    SweepResultSchema,
)
from services.nominations.api.resources import scope_to_own_state
from services.nominations.handlers.sweeps import sweep_missing
from shared.context import current
from shared.web.access import require_roles
from shared.web.blueprint import Blueprint

blp = Blueprint("nomination_reports", __name__,
                description="Missing nominations, reminders and the nomination figures")


@blp.route("/missing")
class Missing(MethodView):
    @blp.arguments(MissingFilterSchema, location="query")
    @blp.response(200, MissingSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List the focal points and experts missing as of a date, oldest due first"""
        if not scope_to_own_state(args, pagination_parameters):
            return []
        as_of = args.pop("as_of") or current().clock.today()
        return queries.list_missing(current(), pagination_parameters, as_of, **args)


@blp.route("/missing/sweep")
class MissingSweep(MethodView):
    @blp.arguments(AsOfSchema)
    @blp.response(200, SweepResultSchema)
    def post(self, args):
        """Publish the reminders due and not yet published (NominationMissing)"""
        as_of = args["as_of"] or current().clock.today()
        return {"published": sweep_missing(current(), as_of)}


@blp.route("/figures")
class Figures(MethodView):
    @blp.arguments(AsOfSchema, location="query")
    @blp.response(200, FiguresSchema)
    def get(self, args):
        """Nomination figures per group as of a date, counted as the secretariat counts"""
        require_roles("secretariat", "service", what="read the nomination figures")
        return queries.figures(current(), args["as_of"] or current().clock.today())
