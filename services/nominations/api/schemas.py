"""Request and response schemas of the nominations API."""

from __future__ import annotations

import unicodedata

import marshmallow as ma
from marshmallow import validate

from services.nominations.domain.commands import GENDERS, STATUSES, Nominate, PersonDetails
from shared.events.payloads import LANGUAGES, ROLES, StateCode
from shared.fields import Day, Whole
from shared.web.personal import Personal, PersonalDataSchema


def no_line_breaks(value: str) -> None:
    """A CR or LF (or any control character) in a value that ends up in an e-mail header
    would let a sender inject headers; refuse it at the door."""
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise ma.ValidationError("must not contain line breaks or control characters")


def Text(max_length: int, **kw) -> ma.fields.String:  # noqa: N802 - reads like a field class
    return ma.fields.String(
        validate=[validate.Length(min=1, max=max_length), no_line_breaks], **kw
    )


def Email(**kw) -> ma.fields.Email:  # noqa: N802 - reads like the field class it builds
    return ma.fields.Email(validate=[validate.Length(max=254), no_line_breaks], **kw)


def Phone(**kw) -> ma.fields.String:  # noqa: N802 - reads like the field class it builds
    return ma.fields.String(validate=[no_line_breaks, Whole(
        r"^[0-9 +()\-]{3,40}$", error="only digits, spaces and + ( ) - are allowed")], **kw)


class MissionRequestSchema(ma.Schema):
    emails = ma.fields.List(Email(), required=True, validate=validate.Length(min=1, max=10))
    language = ma.fields.String(required=True, validate=validate.OneOf(LANGUAGES))


class MissionSchema(ma.Schema):
    state_code = ma.fields.String()
    emails = ma.fields.List(ma.fields.String())
    language = ma.fields.String()
    updated_at = ma.fields.AwareDateTime()


class PersonRequestSchema(ma.Schema):
    """The person as the note verbale names them, and the note itself."""

    name = Text(200, required=True)
    title = Text(200, required=True)
    email = Email(required=True)
    phone = Phone(load_default=None, allow_none=True)
    gender = ma.fields.String(required=True, validate=validate.OneOf(GENDERS))
    languages = ma.fields.List(ma.fields.String(validate=validate.OneOf(LANGUAGES)),
                               load_default=list, validate=validate.Length(max=6))
    nominated_on = Day(load_default=None, allow_none=True,
                                  metadata={"description": "default: today"})
    note_verbale_ref = Text(100, load_default=None, allow_none=True)
    note_verbale_date = Day(load_default=None, allow_none=True)


def person_details(data: dict) -> PersonDetails:
    """Take the person's own fields out of loaded request data."""
    return PersonDetails(
        name=data.pop("name"), title=data.pop("title"), email=data.pop("email"),
        gender=data.pop("gender"), phone=data.pop("phone"),
        languages=tuple(dict.fromkeys(data.pop("languages"))))


class NominationRequestSchema(PersonRequestSchema):
    state_code = StateCode(required=True)
    role = ma.fields.String(required=True, validate=validate.OneOf(ROLES))
    review_id = ma.fields.Integer(load_default=None, allow_none=True,
                                  metadata={"description": "absent: every review the State "
                                                           "takes part in now"})

    @ma.post_load
    def _to_command(self, data: dict, **kwargs) -> Nominate:
        person = person_details(data)
        return Nominate(person=person, **data)


class ReplacementRequestSchema(PersonRequestSchema):
    reason = Text(500, load_default=None, allow_none=True)


class WithdrawalRequestSchema(ma.Schema):
    withdrawn_on = Day(load_default=None, allow_none=True,
                                  metadata={"description": "default: today"})
    reason = Text(500, load_default=None, allow_none=True)


class PersonWithdrawalRequestSchema(WithdrawalRequestSchema):
    role = ma.fields.String(load_default=None, allow_none=True,
                            validate=validate.OneOf(ROLES),
                            metadata={"description": "absent: every role the person holds"})


class NominationSchema(PersonalDataSchema):
    id = ma.fields.Integer()
    person_id = ma.fields.Integer()
    state_code = ma.fields.String()
    review_id = ma.fields.Integer()
    group_number = ma.fields.Integer(attribute="participation.group_number")
    capacity = ma.fields.String(attribute="participation.capacity")
    role = ma.fields.String()
    status = ma.fields.String()
    nominated_on = ma.fields.Date()
    note_verbale_ref = ma.fields.String(allow_none=True)
    note_verbale_date = ma.fields.Date(allow_none=True)
    withdrawn_on = ma.fields.Date(allow_none=True)
    withdrawal_reason = ma.fields.String(allow_none=True)
    replaced_by = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.AwareDateTime(metadata={
        "description": "when the nomination was recorded (nominated_on: the day it was made)"})
    withdrawn_at = ma.fields.AwareDateTime(allow_none=True, metadata={
        "description": "when the withdrawal was recorded (withdrawn_on: the day it took "
                       "effect)"})
    name = ma.fields.String(attribute="person.name")
    title = ma.fields.String(attribute="person.title")
    gender = ma.fields.String(attribute="person.gender")
    languages = ma.fields.List(ma.fields.String(), attribute="person.languages")
    email = Personal(ma.fields.String(attribute="person.email"))
    phone = Personal(ma.fields.String(attribute="person.phone", allow_none=True))


class PersonNominationSchema(ma.Schema):
    """One of the roles a person holds: in which review, as which State's what."""

    id = ma.fields.Integer()
    review_id = ma.fields.Integer()
    group_number = ma.fields.Integer(attribute="participation.group_number")
    capacity = ma.fields.String(attribute="participation.capacity")
    role = ma.fields.String()
    status = ma.fields.String()
    nominated_on = ma.fields.Date()
    withdrawn_on = ma.fields.Date(allow_none=True)
    replaced_by = ma.fields.Integer(allow_none=True)


class StandingNominationSchema(ma.Schema):
    """A nomination for every review of the State: the reviews it is drawn into later are
    covered too, until it is withdrawn."""

    role = ma.fields.String()
    nominated_on = ma.fields.Date()
    withdrawn_on = ma.fields.Date(allow_none=True)


class PersonSchema(PersonalDataSchema):
    id = ma.fields.Integer()
    state_code = ma.fields.String()
    name = ma.fields.String()
    title = ma.fields.String()
    gender = ma.fields.String()
    languages = ma.fields.List(ma.fields.String())
    created_at = ma.fields.AwareDateTime()
    email = Personal(ma.fields.String())
    phone = Personal(ma.fields.String(allow_none=True))
    nominations = ma.fields.List(ma.fields.Nested(PersonNominationSchema))
    for_every_review = ma.fields.List(ma.fields.Nested(StandingNominationSchema),
                                      attribute="standing")


class NominationFilterSchema(ma.Schema):
    state_code = StateCode()
    role = ma.fields.String(validate=validate.OneOf(ROLES))
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    review_id = ma.fields.Integer()


class PersonFilterSchema(ma.Schema):
    state_code = StateCode()
    role = ma.fields.String(validate=validate.OneOf(ROLES),
                            metadata={"description": "persons who ever held this role"})


class ImportResultSchema(ma.Schema):
    rows = ma.fields.Integer()
    nominations = ma.fields.Integer()
