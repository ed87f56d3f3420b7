"""Response schemas of the reviews API (and the list filter)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.reviews.domain.stages import STAGES
from shared.events.payloads import StateCode
from shared.web.personal import Personal, PersonalDataSchema


class ReviewFilterSchema(ma.Schema):
    group_number = ma.fields.Integer(validate=validate.Range(min=1))
    stage = ma.fields.String(validate=validate.OneOf(STAGES))
    state = StateCode(metadata={"description": "a State under review or a reviewing State"})


class StageChangeSchema(ma.Schema):
    """Dumped through FlatDump (api/detail.py), which takes no dump hook: the detail hides
    `changed_by` itself, by the rule of `actor_state`."""

    from_stage = ma.fields.String(allow_none=True)
    to_stage = ma.fields.String()
    changed_on = ma.fields.Date(metadata={"description": "the day it happened"})
    changed_at = ma.fields.AwareDateTime(metadata={"description": "when it was recorded"})
    changed_by = Personal(ma.fields.String())
    actor_state = ma.fields.String(allow_none=True)
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
    stage_entered_at = ma.fields.AwareDateTime()
    stage_entered_on = ma.fields.Date()
    questionnaire_received_on = ma.fields.Date(allow_none=True)
    deadline = ma.fields.Date(allow_none=True,
                              metadata={"description": "when the present stage is due"})
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


class ReviewDetailSchema(ReviewSchema):
    stage_history = ma.fields.List(ma.fields.Nested(StageChangeSchema), attribute="history")
    focal_points = ma.fields.List(ma.fields.String())
    missing_focal_points = ma.fields.List(ma.fields.String())
    languages = ma.fields.List(ma.fields.String())
    consultation_without_agreement = ma.fields.Boolean(metadata={
        "description": "a consultation was held without agreement on the working languages"})
    exceptional_reason = ma.fields.String(allow_none=True)
    questions = ma.fields.Integer()
    answered = ma.fields.Integer()
    feedback_from = ma.fields.List(ma.fields.String())
    observation_versions = ma.fields.Integer()
    summary_versions = ma.fields.Integer()
    translated = ma.fields.List(ma.fields.String())


class ConsultationSchema(ma.Schema):
    id = ma.fields.Integer()
    held_on = ma.fields.Date()
    languages_agreed = ma.fields.Boolean()
    languages = ma.fields.List(ma.fields.String())
    exceptional_reason = ma.fields.String(allow_none=True)
    time_frames = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    facilitated_by_secretariat = ma.fields.Boolean()
    recorded_by = ma.fields.String()
    actor_state = ma.fields.String(allow_none=True)
    recorded_at = ma.fields.AwareDateTime()
    superseded_at = ma.fields.AwareDateTime(allow_none=True)
    superseded_on = ma.fields.Date(allow_none=True)


class FeedbackSchema(PersonalDataSchema):
    id = ma.fields.Integer()
    state_code = ma.fields.String()
    text = ma.fields.String()
    given_by = Personal(ma.fields.String())
    given_at = ma.fields.AwareDateTime()
    superseded_at = ma.fields.AwareDateTime(allow_none=True)


class DocumentSchema(ma.Schema):
    version = ma.fields.Integer()
    text = ma.fields.String()
    word_count = ma.fields.Integer()
    written_by = ma.fields.String()
    actor_state = ma.fields.String(allow_none=True)
    written_at = ma.fields.AwareDateTime()


class TranslationSchema(ma.Schema):
    language = ma.fields.String()
    summary_version = ma.fields.Integer(allow_none=True)
    status = ma.fields.String()
    updated_by = ma.fields.String(allow_none=True)
    updated_at = ma.fields.AwareDateTime(allow_none=True)
