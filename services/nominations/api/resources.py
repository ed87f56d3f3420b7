"""The nominations API: Permanent Mission contacts, nominations and the persons they name."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from werkzeug.exceptions import UnsupportedMediaType

from services.nominations.adapters import queries
from services.nominations.api.nominations_csv import COLUMNS, parse_nominations_csv
from services.nominations.api.schemas import (
    ImportResultSchema,
    MissionRequestSchema,
    MissionSchema,
    NominationFilterSchema,
    NominationRequestSchema,
    NominationSchema,
    PersonFilterSchema,
    PersonSchema,
    PersonWithdrawalRequestSchema,
    ReplacementRequestSchema,
    WithdrawalRequestSchema,
    person_details,
)
from services.nominations.domain.commands import (
    ActivateNomination,
    ReplaceFocalPoint,
    SetMissionContact,
    WithdrawNomination,
    WithdrawPerson,
)
from services.nominations.handlers.changes import (
    activate_nomination,
    replace_focal_point,
    withdraw_nomination,
)
from services.nominations.handlers.file_import import import_nominations
from services.nominations.handlers.missions import set_mission_contacts
from services.nominations.handlers.nominations import nominate
from services.nominations.handlers.withdraw_person import withdraw_person
from shared.context import current
from shared.fields import is_state_code
from shared.web.access import caller, open_to_states, require_own_state, visible_states
from shared.web.blueprint import Blueprint
from shared.web.errors import Forbidden, NotFound, Unprocessable

blp = Blueprint("nominations", __name__,
                description="Permanent Mission contacts, persons and their nominations")

_CSV_BODY = {"required": True, "description": f"header: {','.join(COLUMNS)}",
             "content": {"text/csv": {"schema": {"type": "string"}}}}


def scope_to_own_state(filters: dict, pagination) -> bool:
    """A State's officials list only their own State's rows; False when they asked for
    another State's (the answer is then an empty page)."""
    own = visible_states()
    if own is None:
        return True
    if filters.get("state_code") not in (None, own):
        pagination.item_count = 0
        return False
    filters["state_code"] = own
    return True


def own_state_only(row, what: str, field: str):
    """Another State's row answers 404, as one that does not exist."""
    own = visible_states()
    if own is not None and row.state_code != own:
        raise NotFound(f"{what} does not exist", field=field)
    return row


@blp.route("/missions")
class Missions(MethodView):
    @blp.response(200, MissionSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List the Permanent Mission contacts"""
        own = visible_states()
        if own is not None:  # a State's officials see their own Mission's contact only
            pagination_parameters.item_count = 1
            return [queries.get_mission(current(), own)]
        return queries.list_missions(current(), pagination_parameters)


@blp.route("/missions/<string:code>")
class MissionsByCode(MethodView):
    @blp.response(200, MissionSchema)
    def get(self, code):
        """Show one Permanent Mission's contact"""
        if visible_states() not in (None, code):
            raise NotFound(f"no Permanent Mission contact for {code}", field="code")
        return queries.get_mission(current(), code)

    @blp.arguments(MissionRequestSchema)
    @blp.response(200, MissionSchema)
    def put(self, data, code):
        """Set a Permanent Mission's e-mails and language (published only if changed)"""
        if not is_state_code(code):
            raise Unprocessable("must be an ISO 3166-1 alpha-3 code", field="code")
        set_mission_contacts(
            current(), [SetMissionContact(code, tuple(data["emails"]), data["language"])]
        )
        return queries.get_mission(current(), code)


@blp.route("/nominations")
class Nominations(MethodView):
    @blp.arguments(NominationFilterSchema, location="query")
    @blp.response(200, NominationSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List nominations, by State, role, status or review"""
        if not scope_to_own_state(filters, pagination_parameters):
            return []
        return queries.list_nominations(current(), pagination_parameters, **filters)

    @open_to_states
    @blp.arguments(NominationRequestSchema)
    @blp.response(201, NominationSchema(many=True))
    def post(self, command):
        """Register a nomination received by note verbale: one per review it covers"""
        principal = caller()
        if not principal.is_secretariat and (
                principal.role != "focal_point" or command.role == "focal_point"):
            raise Forbidden("a State's focal point nominates its own experts and observers; "
                            "focal points are registered by the secretariat", field="role")
        require_own_state(command.state_code, "nominate")
        rows = nominate(current(), command)
        return queries.get_nominations(current(), [row.id for row in rows])


@blp.route("/nominations/import")
class NominationsImport(MethodView):
    @blp.doc(requestBody=_CSV_BODY)
    @blp.response(201, ImportResultSchema)
    def post(self):
        """Import nominations from a CSV file, all of it or, with every bad row listed, none"""
        if request.mimetype != "text/csv":
            raise UnsupportedMediaType("send the file as text/csv")
        try:
            text = request.get_data().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise Unprocessable(f"the file is not UTF-8 ({exc.reason} at byte {exc.start})",
                                field="file") from exc
        return import_nominations(current(), parse_nominations_csv(text))


@blp.route("/nominations/<int:nomination_id>")
class NominationsById(MethodView):
    @blp.response(200, NominationSchema)
    def get(self, nomination_id):
        """Show one nomination"""
        return own_state_only(queries.get_nomination(current(), nomination_id),
                              f"nomination {nomination_id}", "nomination_id")


@blp.route("/nominations/<int:nomination_id>/replacement")
class FocalPointReplacement(MethodView):
    @blp.arguments(ReplacementRequestSchema)
    @blp.response(201, NominationSchema)
    def post(self, data, nomination_id):
        """Replace a focal point: the nomination named leaves, the person given takes over"""
        person = person_details(data)
        new = replace_focal_point(
            current(), ReplaceFocalPoint(nomination_id, person, **data))
        return queries.get_nomination(current(), new.id)


@blp.route("/nominations/<int:nomination_id>/withdrawal")
class NominationWithdrawal(MethodView):
    @blp.arguments(WithdrawalRequestSchema)
    @blp.response(200, NominationSchema)
    def post(self, data, nomination_id):
        """Withdraw a nomination; its record stays"""
        withdraw_nomination(current(), WithdrawNomination(nomination_id, **data))
        return queries.get_nomination(current(), nomination_id)


@blp.route("/nominations/<int:nomination_id>/activation")
class NominationActivation(MethodView):
    @blp.response(200, NominationSchema)
    def post(self, nomination_id):
        """Mark a nomination active: the person was given access to REVMOD"""
        activate_nomination(current(), ActivateNomination(nomination_id))
        return queries.get_nomination(current(), nomination_id)


@blp.route("/persons")
class Persons(MethodView):
    @blp.arguments(PersonFilterSchema, location="query")
    @blp.response(200, PersonSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List the persons States named, with the roles they hold in each review"""
        if not scope_to_own_state(filters, pagination_parameters):
            return []
        return queries.list_persons(current(), pagination_parameters, **filters)


@blp.route("/persons/<int:person_id>")
class PersonsById(MethodView):
    @blp.response(200, PersonSchema)
    def get(self, person_id):
        """Show one person and every nomination they hold or held"""
        return own_state_only(queries.get_person(current(), person_id), f"person {person_id}",
                              "person_id")


@blp.route("/persons/<int:person_id>/withdrawal")
class PersonWithdrawal(MethodView):
    @blp.arguments(PersonWithdrawalRequestSchema)
    @blp.response(200, NominationSchema(many=True))
    def post(self, data, person_id):
        """Withdraw a person from every review they serve in (one event per nomination)"""
        rows = withdraw_person(current(), WithdrawPerson(person_id, **data))
        return queries.get_nominations(current(), [row.id for row in rows])
