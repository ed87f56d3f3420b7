"""Request and response schemas of the nominations API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from shared.events.payloads import LANGUAGES, ROLES, StateCode

GENDERS = ("female", "male", "other", "undisclosed")


def no_line_breaks(value: str) -> None:
    """A CR or LF in a value that ends up in an e-mail header would let a sender inject
    headers; refuse it at the door."""
    if "\r" in value or "\n" in value:
        raise ma.ValidationError("must not contain line breaks")


def Text(max_length: int, **kw) -> ma.fields.String:  # noqa: N802 - reads like a field class
    return ma.fields.String(
        validate=[validate.Length(min=1, max=max_length), no_line_breaks], **kw
    )


def Email(**kw) -> ma.fields.Email:  # noqa: N802 - reads like the field class it builds
    return ma.fields.Email(validate=[validate.Length(max=254), no_line_breaks], **kw)


class MissionRequestSchema(ma.Schema):
    emails = ma.fields.List(Email(), required=True, validate=validate.Length(min=1, max=10))
    language = ma.fields.String(required=True, validate=validate.OneOf(LANGUAGES))


class MissionSchema(ma.Schema):
    state_code = ma.fields.String()
    emails = ma.fields.List(ma.fields.String())
    language = ma.fields.String()
    updated_at = ma.fields.AwareDateTime()


class NominationRequestSchema(ma.Schema):
    state_code = StateCode(required=True)
    role = ma.fields.String(required=True, validate=validate.OneOf(ROLES))
    review_id = ma.fields.Integer(load_default=None, allow_none=True,
                                  metadata={"description": "absent: every review the State "
                                                           "takes part in now"})
    name = Text(200, required=True)
    title = Text(200, required=True)
    email = Email(required=True)
    phone = ma.fields.String(
        load_default=None, allow_none=True,
        validate=validate.Regexp(r"^[0-9 +()\-]{3,40}$",
                                 error="only digits, spaces and + ( ) - are allowed"),
    )
    gender = ma.fields.String(required=True, validate=validate.OneOf(GENDERS))
    nominated_on = ma.fields.Date(load_default=None, allow_none=True,
                                  metadata={"description": "default: today"})
    note_verbale_ref = Text(100, load_default=None, allow_none=True)


class NominationSchema(ma.Schema):
    id = ma.fields.Integer()
    person_id = ma.fields.Integer()
    state_code = ma.fields.String()
    review_id = ma.fields.Integer()
    role = ma.fields.String()
    status = ma.fields.String()
    nominated_on = ma.fields.Date()
    note_verbale_ref = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    # personal data, shown to every caller until access control arrives
    name = ma.fields.String(attribute="person.name")
    title = ma.fields.String(attribute="person.title")
    email = ma.fields.String(attribute="person.email")
    phone = ma.fields.String(attribute="person.phone", allow_none=True)
    gender = ma.fields.String(attribute="person.gender")


class NominationFilterSchema(ma.Schema):
    state_code = StateCode()
    role = ma.fields.String(validate=validate.OneOf(ROLES))
    review_id = ma.fields.Integer()


class AsOfSchema(ma.Schema):
    as_of = ma.fields.Date(load_default=None, metadata={"description": "default: today"})


class MissingSchema(ma.Schema):
    state_code = ma.fields.String()
    role = ma.fields.String()
    review_id = ma.fields.Integer()
    capacity = ma.fields.String()
    state_under_review = ma.fields.String()
    due_on = ma.fields.Date()
    days_overdue = ma.fields.Integer()


class SweepResultSchema(ma.Schema):
    published = ma.fields.Integer()
