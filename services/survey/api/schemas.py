"""The survey API's request and answer bodies. Bounds keep a survey and an answer small:
more options, questions or text than they allow is a 422 naming the field, never a 500."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.survey.domain.questions import KINDS, MAX_OPTIONS, MAX_QUESTIONS, MAX_TEXT
from shared.fields import Day, StateCode

MAX_STATES = 250


class OptionInSchema(Schema):
    label = fields.String(required=True, validate=validate.Length(min=1, max=300))
    statement = fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=300), metadata={
                                  "description": "how a result is stated: '95 per cent of "
                                                 "States <statement>'"})


class QuestionInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    text = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    required = fields.Boolean(load_default=False)
    options = fields.List(fields.Nested(OptionInSchema), load_default=list,
                          validate=validate.Length(max=MAX_OPTIONS))


class SurveyInSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    introduction = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    questions = fields.List(fields.Nested(QuestionInSchema), required=True,
                            validate=validate.Length(min=1, max=MAX_QUESTIONS))


class OpeningSchema(Schema):
    states = fields.List(StateCode(), required=True,
                         validate=validate.Length(min=1, max=MAX_STATES))
    deadline = Day(required=True)


class OptionSchema(Schema):
    id = fields.Integer()
    label = fields.String()
    statement = fields.String(allow_none=True)


class QuestionSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    text = fields.String()
    required = fields.Boolean()
    options = fields.List(fields.Nested(OptionSchema))


class SurveySummarySchema(Schema):
    id = fields.Integer()
    title = fields.String()
    status = fields.String()
    deadline = fields.Date(allow_none=True)
    opened_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)


class SurveySchema(SurveySummarySchema):
    introduction = fields.String()
    questions = fields.List(fields.Nested(QuestionSchema))
    states = fields.List(fields.String(), metadata={"description": "the States invited"})


class PartSchema(Schema):
    question_id = fields.Integer(required=True, strict=True)
    option_ids = fields.List(fields.Integer(strict=True), load_default=list,
                             validate=validate.Length(max=MAX_OPTIONS))
    text = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(max=MAX_TEXT))


class AnswerInSchema(Schema):
    answers = fields.List(fields.Nested(PartSchema), required=True,
                          validate=validate.Length(min=1, max=MAX_QUESTIONS))


class AnswerSchema(Schema):
    id = fields.Integer()
    state_code = fields.String()
    answered_on = fields.Date()
    recorded_at = fields.DateTime()
    respondent = fields.String()
    role = fields.String()
    replaced_at = fields.DateTime(allow_none=True)
    answers = fields.List(fields.Nested(PartSchema), attribute="parts")


class AsOfSchema(Schema):
    as_of = Day(load_default=None, metadata={"description": "the answers in force that day "
                                                            "(default: today)"})


class OptionFiguresSchema(Schema):
    option_id = fields.Integer()
    label = fields.String()
    states = fields.Integer(allow_none=True)
    per_cent = fields.Float(allow_none=True)
    hidden = fields.Boolean(metadata={"description": "drawn from fewer than three States"})
    sentence = fields.String(allow_none=True)


class GroupFiguresSchema(Schema):
    regional_group = fields.String()
    states_answered = fields.Integer(allow_none=True)
    options = fields.List(fields.Nested(OptionFiguresSchema))


class QuestionFiguresSchema(Schema):
    question_id = fields.Integer()
    kind = fields.String()
    text = fields.String()
    states_answered = fields.Integer(allow_none=True)
    options = fields.List(fields.Nested(OptionFiguresSchema))
    by_regional_group = fields.List(fields.Nested(GroupFiguresSchema))


class ResultsSchema(Schema):
    survey_id = fields.Integer()
    title = fields.String()
    status = fields.String()
    deadline = fields.Date(allow_none=True)
    as_of = fields.Date()
    states_invited = fields.Integer()
    states_answered = fields.Integer(allow_none=True)
    summary = fields.String()
    questions = fields.List(fields.Nested(QuestionFiguresSchema))
