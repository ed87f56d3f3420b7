"""Request and response schemas of the reviews API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.reviews.domain.stages import STAGES
from shared.events.payloads import StateCode


class ReviewFilterSchema(ma.Schema):
    group_number = ma.fields.Integer(validate=validate.Range(min=1))
    stage = ma.fields.String(validate=validate.OneOf(STAGES))
    state = StateCode(metadata={"description": "a State under review or a reviewing State"})


class StageChangeSchema(ma.Schema):
    from_stage = ma.fields.String(allow_none=True)
    to_stage = ma.fields.String()
    changed_at = ma.fields.AwareDateTime()
    changed_by = ma.fields.String()
    reason = ma.fields.String()


class ReviewSchema(ma.Schema):
    id = ma.fields.Integer()
    draw_id = ma.fields.Integer()
    group_number = ma.fields.Integer()
    phase = ma.fields.Integer()
    cluster = ma.fields.Integer()
    state_under_review = ma.fields.String()
    reviewing_states = ma.fields.List(ma.fields.String())
    starts_on = ma.fields.Date()
    stage = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


class ReviewDetailSchema(ReviewSchema):
    stage_history = ma.fields.List(ma.fields.Nested(StageChangeSchema), attribute="history")
