"""Request bodies of the commands on a review.

A State's official acts as its token's subject and for its token's State; the secretariat
may name who acts (`actor`) and the State it records for (`actor_state`).
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.reviews.domain.rules import OFFICIAL_LANGUAGES, TRANSLATION_STATUSES
from services.reviews.domain.stages import STAGES
from shared.events.payloads import StateCode
from shared.fields import Day

TEXT_LIMIT = 200_000


class ActorSchema(ma.Schema):
    actor = ma.fields.String(
        load_default=None, validate=validate.Length(min=1, max=120),
        metadata={"description": "who acts: a person or an office, named by the "
                                 "secretariat; a State's official always acts as its "
                                 "token's subject"})
    actor_state = StateCode(load_default=None, allow_none=True,
                            metadata={"description": "the actor's State party; none for "
                                                     "the secretariat"})


def On(**kw) -> Day:  # noqa: N802 - reads like the field class it builds
    """The day the fact happened: today unless said; never after today, nor before the
    fact it follows (domain/dates.py)."""
    return Day(load_default=None, metadata={
        "description": "YYYY-MM-DD, the day it happened (default today); the time it is "
                       "recorded is kept beside it"}, **kw)


class ReasonSchema(ActorSchema):
    reason = ma.fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(min=1, max=500),
                              metadata={"description": "why, in the history's words"})
    on = On()


class SendBackSchema(ActorSchema):
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=500))
    on = On()


class ConsultationRequestSchema(ReasonSchema):
    held_on = Day(required=True)
    languages = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(OFFICIAL_LANGUAGES)), required=True,
        metadata={"description": "one or two working languages; three only with an "
                                 "exceptional_reason (note, para. 24)"})
    exceptional_reason = ma.fields.String(load_default=None, allow_none=True,
                                          validate=validate.Length(max=500))
    time_frames = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.OneOf(STAGES[2:-1])),
        values=Day(), load_default=dict,
        metadata={"description": "the date agreed for each stage to come"})
    facilitated_by_secretariat = ma.fields.Boolean(required=True)


class NoAgreementRequestSchema(ActorSchema):
    """A consultation held that found no agreement on the working languages (note,
    para. 27): its day is `held_on`."""

    held_on = Day(required=True)
    facilitated_by_secretariat = ma.fields.Boolean(required=True)


class FeedbackRequestSchema(ActorSchema):
    actor_state = StateCode(required=True, metadata={"description": "the reviewing State"})
    text = ma.fields.String(required=True, validate=validate.Length(min=1, max=TEXT_LIMIT))
    on = On()


class DocumentRequestSchema(ActorSchema):
    text = ma.fields.String(required=True, validate=validate.Length(min=1, max=TEXT_LIMIT))


class TranslationRequestSchema(ActorSchema):
    status = ma.fields.String(required=True, validate=validate.OneOf(TRANSLATION_STATUSES))


class OverrideRequestSchema(ActorSchema):
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=500),
                              metadata={"description": "the Conference's decision"})
    decided_on = Day(required=True)


class EndDecisionRequestSchema(OverrideRequestSchema):
    """The Conference set another end for a group's phase than two years from its start."""

    ends_on = Day(required=True, metadata={"description": "the phase's new end"})
