"""Schemas of the lots API for dividing States into groups, commitments, repetitions,
verification and the published results."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.lots.api.schemas import HEX_SEED
from shared.events.payloads import StateCode
from shared.fields import Day, MeetingName


class DivisionRequestSchema(ma.Schema):
    states = ma.fields.List(StateCode(), load_default=None, allow_none=True,
                            validate=validate.Length(min=1, max=500), metadata={
                                "description": "the States to divide; if absent, every party "
                                "taking part in the reviews that was party on the first "
                                "start date"})
    groups = ma.fields.Integer(load_default=3, validate=validate.Range(min=1, max=10))
    starts_on = ma.fields.List(Day(), required=True,
                               validate=validate.Length(min=1, max=10),
                               metadata={"description": "one start date per group, in order"})
    balance_regions = ma.fields.Boolean(load_default=False, metadata={
        "description": "give every group its share of each regional group"})
    seed = ma.fields.String(load_default=None, allow_none=True, validate=HEX_SEED)
    phase = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))
    cluster = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))


class CommitmentSchema(ma.Schema):
    group_id = ma.fields.Integer()
    commitment = ma.fields.String(metadata={"description": "SHA-256 of the seed, in hex"})
    committed_at = ma.fields.AwareDateTime()
    seed = ma.fields.String(allow_none=True,
                            metadata={"description": "revealed once the lots are drawn"})


class RepetitionRequestSchema(ma.Schema):
    state_under_review = StateCode(required=True)
    replaced = StateCode(required=True, metadata={"description": "the reviewer to replace"})
    requested_by = StateCode(required=True)
    reason = ma.fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=2000))
    exceptional = ma.fields.Boolean(load_default=False, metadata={
        "description": "an exceptional redraw, beyond the repetitions allowed; needs a reason"})
    seed = ma.fields.String(load_default=None, allow_none=True, validate=HEX_SEED)
    repeated_on = Day(load_default=None, metadata={
        "description": "the day the draw is repeated (default: today; never in the future)"})
    meeting = MeetingName(load_default=None, allow_none=True, metadata={
        "description": "the meeting it is repeated at (a name from GET /meetings)"})


class RepetitionSchema(ma.Schema):
    number = ma.fields.Integer()
    draw_id = ma.fields.Integer()
    state_under_review = ma.fields.String()
    slot = ma.fields.String()
    replaced = ma.fields.String()
    replacement = ma.fields.String()
    instruments = ma.fields.List(ma.fields.String())
    requested_by = ma.fields.String()
    request_count = ma.fields.Integer(metadata={
        "description": "the requester's repetitions in the phase, this one included"})
    reason = ma.fields.String(allow_none=True)
    exceptional = ma.fields.Boolean()
    requested_at = ma.fields.AwareDateTime(metadata={"description": "when it was recorded"})
    repeated_on = ma.fields.Date(metadata={"description": "the day it was repeated"})
    meeting = ma.fields.String(allow_none=True)
    seed = ma.fields.String(allow_none=True, metadata={
        "description": "none for a repetition recorded as made at a meeting"})
    pool = ma.fields.List(ma.fields.String())


class VerificationSchema(ma.Schema):
    matches = ma.fields.Boolean()
    commitment_matches = ma.fields.Boolean()
    picks_match = ma.fields.Boolean()
    repetitions_match = ma.fields.Boolean()
    differences = ma.fields.List(ma.fields.String())


class ResultsQuerySchema(ma.Schema):
    as_of = Day(load_default=None, metadata={
        "description": "the reviews in force at the end of this day (default: today)"})
    group = ma.fields.Integer(load_default=None, validate=validate.Range(min=1, max=99),
                              metadata={"description": "one review group's number"})
