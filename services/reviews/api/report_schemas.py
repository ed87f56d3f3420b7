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
    format = F.String(load_default="json", validate=validate.OneOf(["json", "text", "csv"]),
                      metadata={"description": "json, text (text/plain, as the note) or csv "
                                               "(text/csv, a row per group and phase)"})
    nominations = F.Boolean(load_default=True, metadata={
        "description": "false leaves out the nominations service's figures (not asked for: "
                       "the report is then the reviews' own, as the portal's overview "
                       "shows it); text and csv always hold them"})


class PhaseQuerySchema(AsOfSchema):
    group_number = F.Integer(validate=validate.Range(min=1))


class SweepResultSchema(ma.Schema):
    started = F.Integer(metadata={"description": "reviews started, dated on the day they "
                                                "became ready (their group's start at the "
                                                "earliest)"})
    published = F.Integer(metadata={"description": "ReviewDeadlineMissed announced"})


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
    reviews = F.Integer(metadata={"description": "reviews whose consultation was held, "
                                                 "with or without agreement: the shares' base"})
    without_agreement = F.Integer(metadata={"description": "held without agreement on the "
                                                           "working languages"})
    one = F.Nested(LanguageCountSchema)
    two = F.Nested(LanguageCountSchema)
    three = F.Nested(LanguageCountSchema)


class ConsultationFiguresSchema(ma.Schema):
    reviews = F.Integer(metadata={"description": "reviews whose consultation was held"})
    without_agreement = F.Integer(metadata={"description": "of which without agreement on "
                                                           "the working languages"})
    facilitated_meetings = F.Integer()


class FocalPointFiguresSchema(ma.Schema):
    """Each State counted once, whatever its capacities and reviews."""

    states = F.Integer(metadata={"description": "States taking part"})
    states_without_focal_point = F.Integer(metadata={
        "description": "States lacking a focal point for one of their reviews"})
    states_with_focal_point = F.Integer(metadata={
        "description": "States that had nominated a focal point by the date"})
    states_nominated_for_earlier_group = F.Integer(allow_none=True, metadata={
        "description": "of those, States that had nominated one for an earlier group"})


class EndDecisionSchema(ma.Schema):
    ends_on = F.Date()
    reason = F.String()
    decided_on = F.Date()


class PhaseEndSchema(ma.Schema):
    ends_on = F.Date(metadata={"description": "two years from the start unless the "
                                              "Conference decided otherwise"})
    ended = F.Boolean()
    open = F.Integer(metadata={"description": "reviews not completed on the end day, or on "
                                              "the report's date if the end is to come"})
    decision = F.Nested(EndDecisionSchema, allow_none=True)


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
    focal_points = F.Nested(FocalPointFiguresSchema)
    consultations = F.Nested(ConsultationFiguresSchema)
    languages = F.Nested(LanguagesSchema)


class GroupSectionSchema(SectionSchema):
    group_number = F.Integer()
    phase = F.Integer()
    cluster = F.Integer()
    starts_on = F.Date()
    completion = F.Nested(CompletionSchema)
    end = F.Nested(PhaseEndSchema)
    nominations = F.Dict(allow_none=True,
                         metadata={"description": "the nominations service's group figures"})


class NominationsSchema(ma.Schema):
    available = F.Boolean()
    detail = F.String(allow_none=True)
    totals = F.Dict(allow_none=True)


class MeetingSchema(ma.Schema):
    meeting = F.String(allow_none=True, metadata={"description": "its short name, if known"})
    held_on = F.Date()
    groups_drawn = F.List(F.Integer())
    repetitions = F.Integer()


class DrawFiguresSchema(ma.Schema):
    group_number = F.Integer()
    phase = F.Integer()
    starts_on = F.Date()
    meeting = F.String(allow_none=True)
    drawn_on = F.Date()
    states = F.Integer(metadata={"description": "States selected to take part"})
    reviews = F.Integer()


class RepetitionFiguresSchema(ma.Schema):
    granted = F.Integer(metadata={"description": "repetitions asked for and granted"})
    exceptional = F.Integer(metadata={"description": "of which beyond the four allowed"})
    reviews = F.Integer()
    states_requesting = F.Integer()


class LotsSchema(ma.Schema):
    meetings = F.List(F.Nested(MeetingSchema))
    draws = F.List(F.Nested(DrawFiguresSchema))
    repetitions = F.Nested(RepetitionFiguresSchema)


class StatusReportSchema(ma.Schema):
    as_of = F.Date()
    threshold = F.Integer()
    lots = F.Nested(LotsSchema)
    groups = F.List(F.Nested(GroupSectionSchema))
    totals = F.Nested(SectionSchema)
    nominations = F.Nested(NominationsSchema)


class PhaseSchema(CompletionSchema):
    group_number = F.Integer()
    phase = F.Integer()
    cluster = F.Integer()
    starts_on = F.Date()
    ends_on = F.Date(metadata={"description": "two years from the start unless the "
                                              "Conference decided otherwise by as_of"})
    end_decision = F.Nested(EndDecisionSchema, allow_none=True)
    as_of = F.Date()
