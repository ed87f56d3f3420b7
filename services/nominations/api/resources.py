"""The nominations API: Permanent Mission contacts, nominations, missing nominations."""

from __future__ import annotations

import re

from flask.views import MethodView
from flask_smorest import Blueprint

from services.nominations import handlers, queries
from services.nominations.api.schemas import (
    AsOfSchema,
    MissingSchema,
    MissionRequestSchema,
    MissionSchema,
    NominationFilterSchema,
    NominationRequestSchema,
    NominationSchema,
    SweepResultSchema,
)
from services.nominations.domain.commands import Nominate, SetMissionContact
from shared.context import current
from shared.errors import Unprocessable

blp = Blueprint("nominations", __name__,
                description="Permanent Mission contacts, nominations and their deadlines")

_STATE_CODE = re.compile(r"^[A-Z]{3}$")


@blp.route("/missions")
class Missions(MethodView):
    @blp.response(200, MissionSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List the Permanent Mission contacts"""
        return queries.list_missions(current(), pagination_parameters)


@blp.route("/missions/<string:code>")
class MissionsByCode(MethodView):
    @blp.response(200, MissionSchema)
    def get(self, code):
        """Show one Permanent Mission's contact"""
        return queries.get_mission(current(), code)

    @blp.arguments(MissionRequestSchema)
    @blp.response(200, MissionSchema)
    def put(self, data, code):
        """Set a Permanent Mission's e-mails and language (published only if changed)"""
        if not _STATE_CODE.match(code):
            raise Unprocessable("must be an ISO 3166-1 alpha-3 code", field="code")
        handlers.set_mission_contacts(
            current(), [SetMissionContact(code, tuple(data["emails"]), data["language"])]
        )
        return queries.get_mission(current(), code)


@blp.route("/nominations")
class Nominations(MethodView):
    @blp.arguments(NominationFilterSchema, location="query")
    @blp.response(200, NominationSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List nominations, by State, role or review"""
        return queries.list_nominations(current(), pagination_parameters, **filters)

    @blp.arguments(NominationRequestSchema)
    @blp.response(201, NominationSchema(many=True))
    def post(self, data):
        """Register a nomination received by note verbale: one per review it covers"""
        return handlers.nominate(current(), Nominate(**data))


@blp.route("/nominations/<int:nomination_id>")
class NominationsById(MethodView):
    @blp.response(200, NominationSchema)
    def get(self, nomination_id):
        """Show one nomination"""
        return queries.get_nomination(current(), nomination_id)


@blp.route("/missing")
class Missing(MethodView):
    @blp.arguments(AsOfSchema, location="query")
    @blp.response(200, MissingSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List the focal points missing as of a date, oldest due first"""
        as_of = args["as_of"] or current().clock.today()
        return queries.list_missing(current(), pagination_parameters, as_of)


@blp.route("/missing/sweep")
class MissingSweep(MethodView):
    @blp.arguments(AsOfSchema)
    @blp.response(200, SweepResultSchema)
    def post(self, args):
        """Announce the missing focal points not yet announced (NominationMissing)"""
        as_of = args["as_of"] or current().clock.today()
        return {"published": handlers.sweep_missing(current(), as_of)}
