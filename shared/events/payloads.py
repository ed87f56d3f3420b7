"""Payload schemas of the event contracts (marshmallow), shared by producers and consumers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.fields import StateCode, Whole

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
REGIONAL_GROUPS = (
    "african",
    "asia_pacific",
    "eastern_european",
    "latin_american_caribbean",
    "western_european_others",
)
INSTRUMENTS = ("convention", "trafficking", "smuggling", "firearms")
ROLES = ("focal_point", "expert", "observer")
CAPACITIES = ("under_review", "reviewing")


class StatePartySchema(Schema):
    code = StateCode(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    regional_group = fields.String(
        required=True, allow_none=True, validate=validate.OneOf(REGIONAL_GROUPS)
    )
    legal_system = fields.String(required=True, allow_none=True)
    instruments = fields.List(
        fields.String(validate=validate.OneOf(INSTRUMENTS)), required=True
    )
    #: the day it became party to each instrument, None where unknown (and in messages
    #: from before parties carried their dates)
    convention_on = fields.Date(load_default=None, allow_none=True)
    trafficking_on = fields.Date(load_default=None, allow_none=True)
    smuggling_on = fields.Date(load_default=None, allow_none=True)
    firearms_on = fields.Date(load_default=None, allow_none=True)
    #: whether it takes part in the country reviews (None in older messages: it did), and
    #: why not when it does not
    takes_part = fields.Boolean(load_default=None, allow_none=True)
    kept_out_reason = fields.String(load_default=None, allow_none=True)


class DrawnReviewSchema(Schema):
    state_under_review = StateCode(required=True)
    reviewing_states = fields.List(StateCode(), required=True, validate=validate.Length(min=1))
    #: reviewers added by an additional draw, with the only instruments they review
    additional_reviewers = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()), load_default=dict
    )


class LotsDrawnSchema(Schema):
    draw_id = fields.Integer(required=True)
    group_id = fields.Integer(required=True)
    group_number = fields.Integer(required=True)
    starts_on = fields.Date(required=True)
    phase = fields.Integer(required=True)
    cluster = fields.Integer(required=True)
    reviews = fields.List(fields.Nested(DrawnReviewSchema), required=True)
    #: the meeting at which the lots were drawn (its short name), and the day they were
    #: drawn; None in messages from before draws carried them
    meeting = fields.String(load_default=None, allow_none=True)
    drawn_on = fields.Date(load_default=None, allow_none=True)


class DrawCommittedSchema(Schema):
    group_id = fields.Integer(required=True)
    group_number = fields.Integer(required=True)
    commitment = fields.String(required=True, validate=Whole(r"^[0-9a-f]{64}$"))


class DrawRepeatedSchema(Schema):
    draw_id = fields.Integer(required=True)
    group_number = fields.Integer(required=True)
    phase = fields.Integer(required=True)
    state_under_review = StateCode(required=True)
    replaced = StateCode(required=True)
    replacement = StateCode(required=True)
    reviewing_states = fields.List(StateCode(), required=True)
    requested_by = StateCode(required=True)
    reason = fields.String(required=True, allow_none=True)
    exceptional = fields.Boolean(required=True)
    repetition = fields.Integer(required=True, validate=validate.Range(min=1))
    #: the meeting at which the draw was repeated (its short name), and the day; None in
    #: messages from before repetitions carried them
    meeting = fields.String(load_default=None, allow_none=True)
    repeated_on = fields.Date(load_default=None, allow_none=True)


class ReviewScheduledSchema(Schema):
    review_id = fields.Integer(required=True)
    draw_id = fields.Integer(required=True)
    group_number = fields.Integer(required=True)
    state_under_review = StateCode(required=True)
    reviewing_states = fields.List(StateCode(), required=True)
    starts_on = fields.Date(required=True)
    phase = fields.Integer(required=True)
    cluster = fields.Integer(required=True)
    stage = fields.String(required=True)
    #: the day the States were drawn into the review (the draw's, from LotsDrawn): no
    #: nomination for the review is dated before it; None when the draw did not say
    drawn_on = fields.Date(load_default=None, allow_none=True)


class MissionContactSchema(Schema):
    state_code = StateCode(required=True)
    emails = fields.List(fields.Email(), required=True, validate=validate.Length(min=1))
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))


class NominatedSchema(Schema):
    """A focal point, an expert or an observer nominated for one review."""

    nomination_id = fields.Integer(required=True)
    state_code = StateCode(required=True)
    review_id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.Email(required=True)
    nominated_on = fields.Date(required=True)


class NominationWithdrawnSchema(Schema):
    nomination_id = fields.Integer(required=True)
    state_code = StateCode(required=True)
    review_id = fields.Integer(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    withdrawn_on = fields.Date(required=True)
    replaced_by = fields.Integer(required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)


class NominationMissingSchema(Schema):
    state_code = StateCode(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    review_id = fields.Integer(required=True)
    capacity = fields.String(required=True, validate=validate.OneOf(CAPACITIES))
    state_under_review = StateCode(required=True)
    due_on = fields.Date(required=True)
    as_of = fields.Date(required=True)
    days_overdue = fields.Integer(required=True)
    reminder = fields.Integer(required=True, validate=validate.Range(min=1))


class ReviewStageChangedSchema(Schema):
    review_id = fields.Integer(required=True)
    group_number = fields.Integer(required=True)
    state_under_review = StateCode(required=True)
    reviewing_states = fields.List(StateCode(), required=True)
    from_stage = fields.String(required=True, allow_none=True)
    to_stage = fields.String(required=True)
    changed_by = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    #: the deadline of the stage entered, if the stage has one
    deadline = fields.Date(required=True, allow_none=True)
    #: the day the stage was entered (the envelope's `occurred_at` is when it was
    #: recorded); None from a producer that does not say, when the two are the same day
    on = fields.Date(load_default=None, allow_none=True)


class ReviewDeadlineMissedSchema(Schema):
    review_id = fields.Integer(required=True)
    group_number = fields.Integer(required=True)
    state_under_review = StateCode(required=True)
    stage = fields.String(required=True)
    deadline = fields.Date(required=True)
    as_of = fields.Date(required=True)
    days_overdue = fields.Integer(required=True)
    #: the States whose action the stage waits for
    responsible = fields.List(StateCode(), required=True)


class ReviewCompletedSchema(Schema):
    review_id = fields.Integer(required=True)
    group_number = fields.Integer(required=True)
    phase = fields.Integer(required=True)
    state_under_review = StateCode(required=True)
    completed_on = fields.Date(required=True)


class ObservationsAdoptedSchema(Schema):
    """A review's list of observations per article was adopted (issue 19, item 3): which
    version, on which day, over which articles ("<instrument> <article>"); its content stays
    in the reviews service, seen by the review's States and the secretariat only."""

    review_id = fields.Integer(required=True)
    group_number = fields.Integer(required=True)
    phase = fields.Integer(required=True)
    cluster = fields.Integer(required=True)
    state_under_review = StateCode(required=True)
    reviewing_states = fields.List(StateCode(), required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    adopted_on = fields.Date(required=True)
    articles = fields.List(fields.String(), required=True)
    #: whether the State under review agreed that its good practices be published
    good_practices_public = fields.Boolean(required=True)


class PhaseOverrideRecordedSchema(Schema):
    """The Conference decided that a group's phase may be followed by the next one before
    70 per cent of its reviews are completed (note, para. 17)."""

    group_number = fields.Integer(required=True)
    phase = fields.Integer(required=True)
    decided_on = fields.Date(required=True)
    decided_by = fields.String(required=True)
    reason = fields.String(required=True)


class QuestionnaireSubmittedSchema(Schema):
    """The State under review sent its answers to the self-assessment questionnaire: the
    bank version and the instruments they answer on (issue 19)."""

    review_id = fields.Integer(required=True)
    state_under_review = StateCode(required=True)
    reviewing_states = fields.List(StateCode(), required=True)
    cluster = fields.Integer(required=True)
    bank_version = fields.Integer(required=True)
    instruments = fields.List(fields.String(validate=validate.OneOf(INSTRUMENTS)),
                              required=True)
    answers = fields.Integer(required=True)
    submitted_by = fields.String(required=True)
    submitted_on = fields.Date(required=True)


class FeedbackGivenSchema(Schema):
    """A reviewing State commented on one answer or asked for clarification of it; the
    State under review is to reply."""

    review_id = fields.Integer(required=True)
    feedback_id = fields.Integer(required=True)
    question_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    kind = fields.String(required=True,
                         validate=validate.OneOf(("comment", "clarification_request")))
    reviewing_state = StateCode(required=True)
    state_under_review = StateCode(required=True)
    given_on = fields.Date(required=True)


class NotificationOutcomeSchema(Schema):
    message_id = fields.Integer(required=True)
    recipient = fields.String(required=True)
    kind = fields.String(required=True)
    cause_event_id = fields.String(required=True)
    detail = fields.String(required=True, allow_none=True)


LINK_PURPOSES = ("invitation", "reset")


class AccountInvitedSchema(Schema):
    """A letter to send: the link where a person sets a password, to an invitation (after
    a nomination, or the secretariat's command) or to a reset; it works once, until
    `expires_at`. The notifications service writes it in the State's Mission's language."""

    account_id = fields.Integer(required=True)
    email = fields.Email(required=True)
    name = fields.String(required=True)
    state_code = StateCode(required=True, allow_none=True)
    purpose = fields.String(required=True, validate=validate.OneOf(LINK_PURPOSES))
    link = fields.Url(required=True, require_tld=False)
    expires_at = fields.DateTime(required=True)


class AccountActivatedSchema(Schema):
    account_id = fields.Integer(required=True)
    activated_at = fields.DateTime(required=True)


class SignInFailedSchema(Schema):
    """For the audit: an attempt refused. `account_id` is None when no account has the
    address typed (which the answer to the attempt never says)."""

    account_id = fields.Integer(required=True, allow_none=True)
    reason = fields.String(required=True, validate=validate.OneOf(
        ("password", "second_factor", "no_role", "slowed", "locked")))
    at = fields.DateTime(required=True)


class AccountChangedSchema(Schema):
    """For the audit: a password set again (a reset), or the second factor enrolled, its
    recovery codes renewed or one of them used."""

    account_id = fields.Integer(required=True)
    change = fields.String(required=True, validate=validate.OneOf(
        ("password_reset", "second_factor_enrolled", "recovery_code_used")))
    at = fields.DateTime(required=True)


class SurveyInviteeSchema(Schema):
    state_code = StateCode(required=True)
    role = fields.String(required=True, validate=validate.OneOf(("focal_point", "expert")))
    name = fields.String(required=True)
    email = fields.Email(required=True)


class SurveyOpenedSchema(Schema):
    """A survey of the secretariat opened to the focal points and governmental experts of
    `states`, until `deadline` (inclusive): the notifications service invites `invitees`,
    a letter per State in its Mission's language, and reminds those who have not answered."""

    survey_id = fields.Integer(required=True)
    title = fields.String(required=True)
    opened_on = fields.Date(required=True)
    deadline = fields.Date(required=True)
    states = fields.List(StateCode(), required=True)
    invitees = fields.List(fields.Nested(SurveyInviteeSchema), required=True)


class SurveyAnsweredSchema(Schema):
    """A State answered (its answer's content stays in the survey service): a later answer
    of the same State replaces the one named by `replaces`."""

    survey_id = fields.Integer(required=True)
    state_code = StateCode(required=True)
    response_id = fields.Integer(required=True)
    answered_on = fields.Date(required=True)
    replaces = fields.Integer(required=True, allow_none=True)


class SurveyClosedSchema(Schema):
    survey_id = fields.Integer(required=True)
    closed_on = fields.Date(required=True)
    states_answered = fields.Integer(required=True)
