"""The lots API for meetings and for the results of draws held at a meeting."""

from __future__ import annotations

from flask.views import MethodView

from services.lots.adapters import queries
from services.lots.api.meeting_schemas import MeetingSchema, RecordedDrawSchema
from services.lots.api.schemas import DrawSchema
from services.lots.domain.commands import RecordDraw, RegisterMeeting
from services.lots.handlers.meetings import register_meeting
from services.lots.handlers.recorded_draws import record_draw
from shared.context import current
from shared.web.blueprint import Blueprint

blp = Blueprint("meetings", __name__, description="Meetings and the draws held at them")


@blp.route("/meetings")
class Meetings(MethodView):
    @blp.response(200, MeetingSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List the meetings at which lots were drawn"""
        return queries.list_meetings(current(), pagination_parameters)

    @blp.arguments(MeetingSchema)
    @blp.response(201, MeetingSchema)
    def post(self, data):
        """Register a meeting (the same one again changes nothing)"""
        return register_meeting(current(), RegisterMeeting(**data))


@blp.route("/draws/recorded")
class RecordedDraws(MethodView):
    @blp.arguments(RecordedDrawSchema)
    @blp.response(201, DrawSchema)
    def post(self, data):
        """Record the result of a draw held at a meeting (the system does not draw it)

        Each review is checked against every rule of the draw; a result that breaks one is
        refused (422, `breaches` naming the rule and the review) unless that review carries
        an `exception_reason`. The next phase of a group also waits for the 70 per cent rule.
        """
        data["reviews"] = tuple(data["reviews"])
        draw = record_draw(current(), RecordDraw(**data))
        return queries.get_draw(current(), draw.id)
