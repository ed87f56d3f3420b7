"""Request and response schemas of the notifications API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.notifications.adapters.orm import STATUSES
from shared.events.payloads import LANGUAGES, StateCode


class MessageFilterSchema(ma.Schema):
    state_code = StateCode()
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    kind = ma.fields.String(validate=validate.Length(min=1, max=40))


class MessageSchema(ma.Schema):
    id = ma.fields.Integer()
    idempotency_key = ma.fields.String()
    kind = ma.fields.String()
    state_code = ma.fields.String()
    review_id = ma.fields.Integer(allow_none=True)
    recipients = ma.fields.List(ma.fields.String())
    language = ma.fields.String()
    subject = ma.fields.String()
    body_text = ma.fields.String()
    cause_event_id = ma.fields.String()
    correlation_id = ma.fields.String(allow_none=True)
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    attempts = ma.fields.Integer()
    next_attempt_at = ma.fields.AwareDateTime(allow_none=True)
    last_error = ma.fields.String(allow_none=True)
    smtp_message_id = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    sent_at = ma.fields.AwareDateTime(allow_none=True)


class MissionSchema(ma.Schema):
    state_code = ma.fields.String()
    state_name = ma.fields.String(allow_none=True)
    emails = ma.fields.List(ma.fields.String())
    language = ma.fields.String(validate=validate.OneOf(LANGUAGES))
    updated_at = ma.fields.AwareDateTime()
    cause_event_id = ma.fields.String()
