"""Schemas of the status report, the phases and the deadline sweep."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.reviews.domain.stages import STAGES
from shared.fields import Day

F = ma.fields


class AsOfSchema(ma.Schema):
    as_of = Day(load_default=None, metadata={"description": "YYYY-MM-DD; default today"})


class ReportQuerySchema(AsOfSchema):
    format = F.String(load_default="json", validate=validate.OneOf(["json", "text"]),
                      metadata={"description": "json, or text (text/plain, as the note)"})


class PhaseQuerySchema(AsOfSchema):
    group_number = F.Integer(validate=validate.Range(min=1))


class SweepResultSchema(ma.Schema):
    published = F.Integer()


StageCountsSchema = ma.Schema.from_dict({stage: F.Integer() for stage in STAGES},
                                        name="StageCountsSchema")


class NotStartedSchema(ma.Schema):
    reviews = F.Integer()
    under_review = F.Integer(metadata={"description": "the State under review's focal "
                                                      "point is missing"})
    reviewing = F.Integer(metadata={"description": "only reviewing States' are missing"})
    all_nominated = F.Integer()


class CombinationSchema(ma.Schema):
    languages = F.List(F.String())
    reviews = F.Integer()


class LanguageCountSchema(ma.Schema):
    reviews = F.Integer()
    share = F.Integer(allow_none=True, metadata={"description": "whole per cent"})
    combinations = F.List(F.Nested(CombinationSchema))


class LanguagesSchema(ma.Schema):
    reviews = F.Integer(metadata={"description": "reviews that agreed their languages"})
    one = F.Nested(LanguageCountSchema)
    two = F.Nested(LanguageCountSchema)
    three = F.Nested(LanguageCountSchema)


class ConsultationFiguresSchema(ma.Schema):
    reviews = F.Integer(metadata={"description": "reviews whose consultation was held"})
    facilitated_meetings = F.Integer()


class OverrideSchema(ma.Schema):
    decided_by = F.String()
    reason = F.String()
    decided_on = F.Date()


class CompletionSchema(ma.Schema):
    foreseen = F.Integer()
    completed = F.Integer()
    percentage = F.Float()
    threshold = F.Integer()
    rule_met = F.Boolean()
    may_advance = F.Boolean()
    override = F.Nested(OverrideSchema, allow_none=True)


class SectionSchema(ma.Schema):
    reviews = F.Integer()
    advancing = F.Integer()
    stages = F.Nested(StageCountsSchema)
    not_started = F.Nested(NotStartedSchema)
    states_taking_part = F.Integer()
    consultations = F.Nested(ConsultationFiguresSchema)
    languages = F.Nested(LanguagesSchema)


class GroupSectionSchema(SectionSchema):
    group_number = F.Integer()
    phase = F.Integer()
    cluster = F.Integer()
    starts_on = F.Date()
    completion = F.Nested(CompletionSchema)
    nominations = F.Dict(allow_none=True,
                         metadata={"description": "the nominations service's group figures"})


class NominationsSchema(ma.Schema):
    available = F.Boolean()
    detail = F.String(allow_none=True)
    totals = F.Dict(allow_none=True)


class StatusReportSchema(ma.Schema):
    as_of = F.Date()
    threshold = F.Integer()
    groups = F.List(F.Nested(GroupSectionSchema))
    totals = F.Nested(SectionSchema)
    nominations = F.Nested(NominationsSchema)


class PhaseSchema(CompletionSchema):
    group_number = F.Integer()
    phase = F.Integer()
    cluster = F.Integer()
    starts_on = F.Date()
    as_of = F.Date()
