"""Request and response bodies of the questionnaire: answers with their citations and
versions, feedback per question and the replies to it.

Bounds keep every body well under the web layer's 2 MiB: an answer of more than
ANSWER_LIMIT characters, or more than CITATION_LIMIT laws or cases, is a 422 naming the
field (a body over 2 MiB is a 413 before it is read).
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.reviews.api.command_schemas import ActorSchema, On
from services.reviews.domain.question_feedback import KINDS
from shared.web.personal import Personal, PersonalDataSchema

ANSWER_LIMIT = 50_000
FEEDBACK_LIMIT = 20_000
CITATION_LIMIT = 50
_URL = ma.fields.Url(load_default=None, allow_none=True, schemes={"http", "https"},
                     validate=validate.Length(max=2000))


def _text(limit: int, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=validate.Length(min=1, max=limit), **kwargs)


class LegislationSchema(ma.Schema):
    title = _text(500, required=True)
    provision = _text(500, required=True, metadata={"description": "e.g. art. 278 (2)"})
    link = _URL


class CaseSchema(ma.Schema):
    reference = _text(500, required=True)
    summary = _text(5000, load_default=None, allow_none=True)
    link = _URL


class AnswerRequestSchema(ActorSchema):
    answer = _text(ANSWER_LIMIT, required=True)
    legislation = ma.fields.List(ma.fields.Nested(LegislationSchema), load_default=list,
                                 validate=validate.Length(max=CITATION_LIMIT))
    cases = ma.fields.List(ma.fields.Nested(CaseSchema), load_default=list,
                           validate=validate.Length(max=CITATION_LIMIT))
    on = On()


class QuestionFeedbackRequestSchema(ActorSchema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    text = _text(FEEDBACK_LIMIT, required=True)
    on = On()


class ReplyRequestSchema(ActorSchema):
    text = _text(FEEDBACK_LIMIT, required=True)
    on = On()


class AnswerVersionSchema(PersonalDataSchema):
    STATE_FIELD = "actor_state"

    version = ma.fields.Integer()
    status = ma.fields.String(metadata={"description": "draft, or submitted with the "
                                                       "questionnaire"})
    text = ma.fields.String()
    legislation = ma.fields.List(ma.fields.Nested(LegislationSchema))
    cases = ma.fields.List(ma.fields.Nested(CaseSchema))
    written_by = Personal(ma.fields.String())
    actor_state = ma.fields.String(allow_none=True)
    written_on = ma.fields.Date(metadata={"description": "the day it was written"})
    written_at = ma.fields.AwareDateTime(metadata={"description": "when it was recorded"})
    submitted_at = ma.fields.AwareDateTime(allow_none=True)


class QuestionSchema(ma.Schema):
    question_id = ma.fields.String()
    instrument = ma.fields.String()
    article = ma.fields.String()
    subject = ma.fields.String()
    cites = ma.fields.String()
    text = ma.fields.String()
    answer = ma.fields.Nested(AnswerVersionSchema, allow_none=True)


class QuestionnaireSchema(ma.Schema):
    cluster = ma.fields.Integer()
    version = ma.fields.Integer(allow_none=True, metadata={
        "description": "the question bank's version the review answers on"})
    instruments = ma.fields.List(ma.fields.String(), metadata={
        "description": "the instruments the State was party to when the review started"})
    fixed = ma.fields.Boolean(metadata={
        "description": "fixed by the first answer; until then a newer bank may replace it"})
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema))


class ReplySchema(PersonalDataSchema):
    STATE_FIELD = "actor_state"

    id = ma.fields.Integer()
    text = ma.fields.String()
    written_by = Personal(ma.fields.String())
    actor_state = ma.fields.String(allow_none=True)
    written_on = ma.fields.Date()
    written_at = ma.fields.AwareDateTime()


class QuestionFeedbackSchema(PersonalDataSchema):
    id = ma.fields.Integer()
    question_id = ma.fields.String()
    state_code = ma.fields.String()
    kind = ma.fields.String()
    text = ma.fields.String()
    given_by = Personal(ma.fields.String())
    given_on = ma.fields.Date()
    given_at = ma.fields.AwareDateTime()
    replies = ma.fields.List(ma.fields.Nested(ReplySchema))
