"""Schemas of what the nominations service reports: missing nominations, the sweep, and the
figures the secretariat's status note gives (note, para. 9-11 and 21)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.nominations.domain.commands import DUE_ROLES
from shared.events.payloads import StateCode
from shared.fields import Day


class AsOfSchema(ma.Schema):
    as_of = Day(load_default=None, metadata={"description": "default: today"})


class MissingFilterSchema(AsOfSchema):
    role = ma.fields.String(validate=validate.OneOf(DUE_ROLES),
                            metadata={"description": "default: focal points and experts"})
    state_code = StateCode()


class MissingSchema(ma.Schema):
    state_code = ma.fields.String()
    role = ma.fields.String()
    review_id = ma.fields.Integer()
    capacity = ma.fields.String()
    state_under_review = ma.fields.String()
    due_on = ma.fields.Date()
    days_overdue = ma.fields.Integer()
    reminder = ma.fields.Integer(metadata={"description": "the reminder due as of the date"})


class SweepResultSchema(ma.Schema):
    published = ma.fields.Integer()


class ByCapacitySchema(ma.Schema):
    under_review = ma.fields.Integer()
    reviewing = ma.fields.Integer()


class _PersonsSchema(ma.Schema):
    focal_points = ma.fields.Integer(metadata={"description": "persons, each counted once"})
    experts = ma.fields.Integer()
    observers = ma.fields.Integer()
    states_with_observers = ma.fields.Integer()
    women_share = ma.fields.Float(allow_none=True, metadata={
        "description": "women among the focal points and experts, counted as persons; "
                       "null when there are none"})


class GroupFiguresSchema(_PersonsSchema):
    group_number = ma.fields.Integer()
    states_with_focal_point = ma.fields.Integer()
    states_missing_focal_point = ma.fields.Nested(ByCapacitySchema, metadata={
        "description": "States taking part without a focal point, by the capacity in which "
                       "they lack it (a State may count in both)"})
    reviews_missing_focal_point = ma.fields.Nested(ByCapacitySchema, metadata={
        "description": "reviews waiting for a focal point: the State under review's, or "
                       "else a reviewing State's (the two add up)"})


class TotalsSchema(_PersonsSchema):
    states_in_several_groups = ma.fields.Integer(metadata={
        "description": "States whose focal points serve in more than one group"})


class FiguresSchema(ma.Schema):
    as_of = ma.fields.Date()
    groups = ma.fields.List(ma.fields.Nested(GroupFiguresSchema))
    totals = ma.fields.Nested(TotalsSchema)
