"""Request and response schemas of the notifications API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.notifications.adapters.orm import STATUSES
from services.notifications.domain.letters import KINDS, PERSONAL_KINDS
from shared.events.payloads import LANGUAGES, StateCode
from shared.fields import Day
from shared.web.personal import Personal, PersonalDataSchema


class ReviewIds(ma.fields.List):
    """One review (review_id=7) or several at once (review_id=7&review_id=9): the portal's
    page of missing nominations reads the letters about all its reviews in one request."""

    def __init__(self) -> None:
        super().__init__(ma.fields.Integer(validate=validate.Range(min=1)),
                         validate=validate.Length(min=1, max=100))


class MessageFilterSchema(ma.Schema):
    state_code = StateCode()
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    kind = ma.fields.String(validate=validate.Length(min=1, max=40))
    review_id = ReviewIds()
    #: created on or after this day (UTC)
    created_from = Day()
    #: created on or before this day (UTC)
    created_to = Day()
    body = ma.fields.Boolean(load_default=True, metadata={
        "description": "false leaves each letter's text out: a list of what was sent to "
                       "whom and when, about a seventh of the size (the portal's lists)"})

    @ma.validates_schema
    def range_in_order(self, data, **kwargs):
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and end < start:
            raise ma.ValidationError("must not be before created_from", "created_to")


def _readable(message, body: str | None) -> str | None:
    """A personal letter's body holds a single-use link: whoever read it could use it
    first."""
    if message.kind in PERSONAL_KINDS:
        return "(withheld: this letter holds a single-use link for its addressee only)"
    return body


class MessageSchema(PersonalDataSchema):
    id = ma.fields.Integer()
    idempotency_key = ma.fields.String()
    kind = ma.fields.String()
    state_code = ma.fields.String()
    review_id = ma.fields.Integer(allow_none=True)
    recipients = ma.fields.List(ma.fields.String())
    #: the State's focal points (and the secretariat) in copy
    cc = Personal(ma.fields.Function(lambda m: list(m.cc or [])))
    language = ma.fields.String()
    subject = ma.fields.String()
    role = ma.fields.Function(lambda m: (m.render_context or {}).get("role"), allow_none=True,
                              metadata={"description": "for a letter about a nomination due "
                                        "or missing: which one (focal_point or expert)"})
    body_text = ma.fields.Function(lambda m: _readable(m, m.body_text))
    body_html = ma.fields.Function(lambda m: _readable(m, m.body_html), allow_none=True)
    cause_event_id = ma.fields.String()
    correlation_id = ma.fields.String(allow_none=True)
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    attempts = ma.fields.Integer()
    next_attempt_at = ma.fields.AwareDateTime(allow_none=True)
    #: names the addresses a server refused
    last_error = Personal(ma.fields.String(allow_none=True))
    smtp_message_id = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    sent_at = ma.fields.AwareDateTime(allow_none=True)


#: what `body=false` leaves out of a list of messages
BODY_FIELDS = ("body_text", "body_html")


class MissionSchema(ma.Schema):
    state_code = ma.fields.String()
    state_name = ma.fields.String(allow_none=True)
    emails = ma.fields.List(ma.fields.String())
    language = ma.fields.String(validate=validate.OneOf(LANGUAGES))
    updated_at = ma.fields.AwareDateTime()
    cause_event_id = ma.fields.String()


class ItemFilterSchema(ma.Schema):
    state_code = StateCode()
    review_id = ReviewIds()
    is_open = ma.fields.Boolean(data_key="open")


class ReminderSchema(ma.Schema):
    slot = ma.fields.String()
    day = ma.fields.Date()
    message_id = ma.fields.Integer()
    source = ma.fields.String()


class ItemSchema(ma.Schema):
    id = ma.fields.Integer()
    state_code = ma.fields.String()
    review_id = ma.fields.Integer()
    topic = ma.fields.String()
    round = ma.fields.Integer()
    capacity = ma.fields.String()
    state_under_review = ma.fields.String()
    deadline = ma.fields.Date()
    opened_at = ma.fields.AwareDateTime()
    opened_by = ma.fields.String()
    closed_at = ma.fields.AwareDateTime(allow_none=True)
    closed_by = ma.fields.String(allow_none=True)
    history = ma.fields.Boolean(metadata={
        "description": "opened by an event of the mechanism's past (a history import): if "
                       "its deadline had passed by then, nobody is reminded of it"})
    reminders = ma.fields.List(ma.fields.Nested(ReminderSchema))


class TemplateKindSchema(ma.Schema):
    kind = ma.fields.String()
    languages = ma.fields.List(ma.fields.String())


class PreviewQuerySchema(ma.Schema):
    language = ma.fields.String(load_default="en", validate=validate.OneOf(LANGUAGES))


class PreviewSchema(ma.Schema):
    kind = ma.fields.String(validate=validate.OneOf(KINDS))
    language = ma.fields.String()
    subject = ma.fields.String()
    text = ma.fields.String()
    html = ma.fields.String()
    context = ma.fields.Dict()
