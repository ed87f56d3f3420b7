"""Request and response schemas of the lots API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from shared.events.payloads import INSTRUMENTS, REGIONAL_GROUPS, StateCode


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
        required=True, validate=validate.ContainsOnly(INSTRUMENTS),
    )
    registered_at = ma.fields.AwareDateTime(dump_only=True)


class StateFilterSchema(ma.Schema):
    regional_group = ma.fields.String(validate=validate.OneOf(REGIONAL_GROUPS))


class ReviewGroupSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    number = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=99))
    starts_on = ma.fields.Date(required=True)
    phase = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))
    cluster = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))
    states_under_review = ma.fields.List(StateCode(), required=True,
                                         validate=validate.Length(min=1, max=500))
    created_at = ma.fields.AwareDateTime(dump_only=True)
    draw_id = ma.fields.Function(lambda g: g.draw.id if g.draw else None, dump_only=True)


class DrawRequestSchema(ma.Schema):
    seed = ma.fields.String(load_default=None, allow_none=True,
                            validate=validate.Regexp(r"^[0-9a-f]{8,64}$",
                                                     error="must be 8 to 64 hex digits"))


class PickSchema(ma.Schema):
    state_under_review = ma.fields.String()
    reviewer = ma.fields.String()
    slot = ma.fields.String()
    pool = ma.fields.List(ma.fields.String())


class DrawSchema(ma.Schema):
    id = ma.fields.Integer()
    group_id = ma.fields.Integer()
    seed = ma.fields.String()
    drawn_at = ma.fields.AwareDateTime()
    reviews = ma.fields.Method("reviews_of")
    picks = ma.fields.List(ma.fields.Nested(PickSchema))

    def reviews_of(self, draw) -> list[dict]:
        reviewers: dict[str, list[str]] = {}
        for pick in draw.picks:
            reviewers.setdefault(pick.state_under_review, []).append(pick.reviewer)
        return [{"state_under_review": k, "reviewing_states": v}
                for k, v in sorted(reviewers.items())]
