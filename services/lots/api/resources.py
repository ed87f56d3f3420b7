"""The lots API: States parties, review groups, draws."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView

from services.lots.adapters import queries
from services.lots.api.draw_schemas import DivisionRequestSchema
from services.lots.api.schemas import (
    DrawRequestSchema,
    DrawSchema,
    DrawViewSchema,
    ReviewGroupSchema,
    StateFilterSchema,
    StatePartySchema,
)
from services.lots.domain.commands import (
    CreateReviewGroup,
    DivideIntoGroups,
    DrawLots,
    RegisterStateParty,
)
from services.lots.handlers.draws import draw_lots
from services.lots.handlers.groups import create_review_group, divide_into_groups
from services.lots.handlers.parties import register_state_parties
from shared.context import current
from shared.web.blueprint import Blueprint

blp = Blueprint("lots", __name__, description="States parties, review groups and draws of lots")


@blp.route("/states")
class States(MethodView):
    @blp.arguments(StateFilterSchema, location="query")
    @blp.response(200, StatePartySchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List the registered States parties"""
        return queries.list_states(current(), pagination_parameters, **filters)

    @blp.arguments(StatePartySchema)
    @blp.response(201, StatePartySchema)
    def post(self, data):
        """Register a State party (or update it)"""
        data["instruments"] = tuple(data["instruments"])
        register_state_parties(current(), [RegisterStateParty(**data)])
        return queries.get_state(current(), data["code"])


@blp.route("/states/<string:code>")
class StatesByCode(MethodView):
    @blp.response(200, StatePartySchema)
    def get(self, code):
        """Show one State party"""
        return queries.get_state(current(), code)


@blp.route("/groups")
class Groups(MethodView):
    @blp.response(200, ReviewGroupSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List the review groups"""
        return queries.list_groups(current(), pagination_parameters)

    @blp.arguments(ReviewGroupSchema)
    @blp.response(201, ReviewGroupSchema)
    def post(self, data):
        """Create a review group with its start date and States under review"""
        data["states_under_review"] = tuple(data["states_under_review"])
        group = create_review_group(current(), CreateReviewGroup(**data))
        return queries.get_group(current(), group.id)


@blp.route("/groups/division")
class GroupDivision(MethodView):
    @blp.arguments(DivisionRequestSchema)
    @blp.response(201, ReviewGroupSchema(many=True))
    def post(self, data):
        """Divide States parties into review groups by lot, with their start dates"""
        data["starts_on"] = tuple(data["starts_on"])
        if data["states"] is not None:
            data["states"] = tuple(data["states"])
        groups = divide_into_groups(current(), DivideIntoGroups(**data))
        return [queries.get_group(current(), g.id) for g in groups]


@blp.route("/groups/<int:group_id>")
class GroupsById(MethodView):
    @blp.response(200, ReviewGroupSchema)
    def get(self, group_id):
        """Show one review group"""
        return queries.get_group(current(), group_id)


@blp.route("/groups/<int:group_id>/draw")
class GroupDraw(MethodView):
    @blp.arguments(DrawRequestSchema)
    @blp.response(201, DrawSchema)
    def post(self, data, group_id):
        """Draw lots: the reviewing States of each State under review in the group

        Uses the seed committed to with POST /groups/{group_id}/commitment, if any;
        otherwise commits to the given (or a random) seed and draws in one step.
        """
        draw = draw_lots(current(), DrawLots(group_id=group_id, **data))
        return queries.get_draw(current(), draw.id)


@blp.route("/draws/<int:draw_id>")
class DrawsById(MethodView):
    @blp.arguments(DrawViewSchema, location="query")
    @blp.response(200, DrawSchema)
    def get(self, view, draw_id):
        """Show a draw: the reviewers of each State and the pool of every pick"""
        if view["picks"]:
            return queries.get_draw(current(), draw_id)
        return jsonify(DrawSchema(exclude=("picks",)).dump(
            queries.get_draw(current(), draw_id, whole=False)))
