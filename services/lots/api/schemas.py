"""Request and response schemas of the lots API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.lots.adapters import repository
from services.lots.domain.party_checks import by_field, party_problems
from services.lots.domain.repetition import reviewing_states
from services.lots.domain.rules import ADDITIONAL
from shared.events.payloads import INSTRUMENTS, REGIONAL_GROUPS, StateCode
from shared.fields import Day, MeetingName, Whole


class StatePartySchema(ma.Schema):
    code = StateCode(required=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    regional_group = ma.fields.String(
        required=True, allow_none=True, validate=validate.OneOf(REGIONAL_GROUPS)
    )
    legal_system = ma.fields.String(load_default=None, allow_none=True,
                                    validate=validate.Length(max=40))
    instruments = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(INSTRUMENTS)),
        required=True, metadata={"description": "with as_of: those it was party to then"},
    )
    convention_on = Day(load_default=None, allow_none=True)
    trafficking_on = Day(load_default=None, allow_none=True)
    smuggling_on = Day(load_default=None, allow_none=True)
    firearms_on = Day(load_default=None, allow_none=True)
    takes_part = ma.fields.Boolean(load_default=True, metadata={
        "description": "whether it takes part in the country reviews (drawn, reviewed)"})
    kept_out_reason = ma.fields.String(load_default=None, allow_none=True,
                                       validate=validate.Length(max=2000))
    source = ma.fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=2000))
    confirmed = ma.fields.Boolean(load_default=None, allow_none=True, metadata={
        "description": "whether its source confirmed the row"})
    registered_at = ma.fields.AwareDateTime(dump_only=True)

    @ma.validates_schema
    def coherent(self, data, **_):
        problems = party_problems(
            tuple(data["instruments"]), {i: data[f"{i}_on"] for i in INSTRUMENTS},
            data["takes_part"], data["kept_out_reason"])
        if problems:
            raise ma.ValidationError(by_field(problems))


class StateFilterSchema(ma.Schema):
    regional_group = ma.fields.String(validate=validate.OneOf(REGIONAL_GROUPS))
    as_of = Day(metadata={"description": "the parties as they stood on that day: those "
                                         "party by then, with the instruments of then"})


HEX_SEED = Whole(r"^[0-9a-f]{8,64}$", error="must be 8 to 64 hex digits")


class ReviewGroupSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    number = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=99))
    starts_on = Day(required=True)
    phase = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))
    cluster = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))
    states_under_review = ma.fields.List(StateCode(), required=True,
                                         validate=validate.Length(min=1, max=500))
    #: States under review that agreed to another maximum number of reviewing States
    reviewing_state_limits = ma.fields.Dict(
        keys=StateCode(), values=ma.fields.Integer(validate=validate.Range(min=2, max=8)),
        load_default=dict)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    division_seed = ma.fields.String(dump_only=True, allow_none=True)
    balanced_regions = ma.fields.Boolean(dump_only=True, allow_none=True)
    commitment = ma.fields.Function(
        lambda g: g.commitment.commitment if g.commitment else None, dump_only=True)
    draw_id = ma.fields.Function(lambda g: g.draw.id if g.draw else None, dump_only=True)


class DrawRequestSchema(ma.Schema):
    seed = ma.fields.String(load_default=None, allow_none=True, validate=HEX_SEED)
    drawn_on = Day(load_default=None, metadata={
        "description": "the day the lots are drawn (default: today; never in the future)"})
    meeting = MeetingName(load_default=None, allow_none=True, metadata={
        "description": "the meeting they are drawn at (a name from GET /meetings)"})


class DrawViewSchema(ma.Schema):
    picks = ma.fields.Boolean(load_default=True, metadata={
        "description": "false leaves the picks and their pools out: the reviews in force "
                       "alone, about 5 KB instead of 90 for 48 States (the portal's page "
                       "of a draw)"})


class PickSchema(ma.Schema):
    state_under_review = ma.fields.String()
    reviewer = ma.fields.String()
    slot = ma.fields.String()
    instruments = ma.fields.List(ma.fields.String())
    completes = ma.fields.String(allow_none=True)
    pool = ma.fields.List(ma.fields.String())


class DrawGroupSchema(ma.Schema):
    id = ma.fields.Integer()
    number = ma.fields.Integer()
    phase = ma.fields.Integer()
    cluster = ma.fields.Integer()
    starts_on = ma.fields.Date()


class DrawSchema(ma.Schema):
    id = ma.fields.Integer()
    group_id = ma.fields.Integer()
    group = ma.fields.Nested(DrawGroupSchema, metadata={
        "description": "the review group drawn: its number, phase, cluster and start"})
    seed = ma.fields.String(allow_none=True, metadata={
        "description": "none for a result recorded as drawn at a meeting"})
    commitment = ma.fields.String(allow_none=True)
    drawn_at = ma.fields.AwareDateTime(metadata={"description": "when it was recorded"})
    drawn_on = ma.fields.Date(metadata={"description": "the day the lots were drawn"})
    meeting = ma.fields.String(allow_none=True)
    recorded = ma.fields.Boolean(metadata={
        "description": "drawn at a meeting and recorded here, not drawn by this service"})
    exceptions = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(),
                                allow_none=True, metadata={
                                    "description": "reviews agreed as exceptions to a rule, "
                                                   "with the reason"})
    reviews = ma.fields.Method("reviews_of", metadata={
        "description": "the reviews in force: the draw with its repetitions"})
    picks = ma.fields.List(ma.fields.Nested(PickSchema))
    repetitions = ma.fields.Function(lambda d: len(d.repetitions))

    def reviews_of(self, draw) -> list[dict]:
        return reviews_payload(repository.draw_reviews(draw))


def reviews_payload(reviews: dict) -> list[dict]:
    """Reviews in the shape of the LotsDrawn payload."""
    return [{"state_under_review": state, "reviewing_states": reviewing_states(placements),
             "additional_reviewers": {p.reviewer: list(p.instruments) for p in placements
                                      if p.slot == ADDITIONAL}}
            for state, placements in sorted(reviews.items())]
