"""Schemas of the lots API for meetings and for results drawn at a meeting."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.lots.domain.recorded import RecordedReview
from shared.events.payloads import INSTRUMENTS, StateCode
from shared.fields import Day, MeetingName


class MeetingSchema(ma.Schema):
    name = MeetingName(required=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=300))
    held_on = Day(required=True, metadata={"description": "never in the future"})
    recorded_at = ma.fields.AwareDateTime(dump_only=True)


class RecordedReviewSchema(ma.Schema):
    state_under_review = StateCode(required=True)
    reviewing_states = ma.fields.List(StateCode(), required=True,
                                      validate=validate.Length(min=1, max=8), metadata={
                                          "description": "the two reviewing States drawn"})
    additional_reviewers = ma.fields.Dict(
        keys=StateCode(), values=ma.fields.List(
            ma.fields.String(validate=validate.OneOf(INSTRUMENTS)),
            validate=validate.Length(min=1)),
        load_default=dict, metadata={
            "description": "reviewers added by an additional draw, with the instruments "
                           "they review"})
    exception_reason = ma.fields.String(load_default=None, allow_none=True,
                                        validate=validate.Length(max=2000), metadata={
        "description": "set only where the review departs from a rule as an agreed exception"})

    @ma.post_load
    def as_review(self, data, **_):
        return RecordedReview(
            data["state_under_review"], tuple(data["reviewing_states"]),
            {code: tuple(i) for code, i in data["additional_reviewers"].items()},
            (data["exception_reason"] or "").strip() or None)


class RecordedDrawSchema(ma.Schema):
    group_number = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=99))
    phase = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))
    meeting = MeetingName(required=True, metadata={
        "description": "the meeting the lots were drawn at (a name from GET /meetings)"})
    drawn_on = Day(load_default=None, metadata={
        "description": "the day they were drawn (default: the meeting's; never in the future)"})
    reviews = ma.fields.List(ma.fields.Nested(RecordedReviewSchema), required=True,
                             validate=validate.Length(min=1, max=500))
