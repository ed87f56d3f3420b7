"""The commands that move a review from one stage to the next, or back.

Each answers with the review as it stands after the command (api/detail.py dumps it); a
refusal is a 409 (the review's state forbids it) or a 422 (the request breaks a rule),
naming the field.
"""

from __future__ import annotations

from flask.views import MethodView

from services.reviews.adapters.work_queries import consultations, feedback
from services.reviews.api.command_schemas import (
    ConsultationRequestSchema,
    FeedbackRequestSchema,
    NoAgreementRequestSchema,
    ReasonSchema,
    SendBackSchema,
)
from services.reviews.api.detail import detail_response
from services.reviews.api.resources import actor_of
from services.reviews.api.schemas import ConsultationSchema, FeedbackSchema, ReviewDetailSchema
from services.reviews.handlers.stages import (
    HoldConsultation,
    adopt_observations,
    complete_review,
    give_feedback,
    hold_consultation,
    hold_consultation_without_agreement,
    send_back,
    start_review,
    submit_questionnaire,
)
from shared.context import current
from shared.web.access import open_to_states
from shared.web.blueprint import Blueprint

blp = Blueprint("stages", __name__, description="Moving a country review through its stages")


@blp.route("/reviews/<int:review_id>/start")
class Start(MethodView):
    @blp.arguments(ReasonSchema)
    @blp.response(200, ReviewDetailSchema)
    def post(self, data, review_id):
        """Open the preliminary consultation once every focal point is nominated"""
        detail = start_review(current(), review_id, actor_of(data), data["reason"],
                              data["on"])
        return detail_response(detail)


@blp.route("/reviews/<int:review_id>/preliminary-consultation")
class PreliminaryConsultation(MethodView):
    @blp.response(200, ConsultationSchema(many=True))
    def get(self, review_id):
        """List the review's preliminary consultations, superseded ones included"""
        return consultations(current(), review_id)

    @blp.arguments(ConsultationRequestSchema)
    @blp.response(200, ReviewDetailSchema)
    def post(self, data, review_id):
        """Record the preliminary consultation: languages, time frames; on to the questionnaire"""
        cmd = HoldConsultation(
            held_on=data["held_on"], languages=tuple(data["languages"]),
            facilitated_by_secretariat=data["facilitated_by_secretariat"],
            exceptional_reason=data["exceptional_reason"], time_frames=data["time_frames"])
        detail = hold_consultation(current(), review_id, actor_of(data), cmd,
                                            data["reason"])
        return detail_response(detail)


@blp.route("/reviews/<int:review_id>/preliminary-consultation/no-agreement")
class ConsultationWithoutAgreement(MethodView):
    @blp.arguments(NoAgreementRequestSchema)
    @blp.response(200, ReviewDetailSchema)
    def post(self, data, review_id):
        """Record a consultation held without agreement on the languages; the review waits"""
        detail = hold_consultation_without_agreement(
            current(), review_id, actor_of(data), data["held_on"],
            data["facilitated_by_secretariat"])
        return detail_response(detail)


@blp.route("/reviews/<int:review_id>/questionnaire/submit")
class SubmitQuestionnaire(MethodView):
    @open_to_states
    @blp.arguments(ReasonSchema)
    @blp.response(200, ReviewDetailSchema)
    def post(self, data, review_id):
        """The State under review sends its answers; written feedback starts"""
        detail = submit_questionnaire(current(), review_id, actor_of(data), data["on"])
        return detail_response(detail)


@blp.route("/reviews/<int:review_id>/feedback")
class Feedback(MethodView):
    @blp.response(200, FeedbackSchema(many=True))
    def get(self, review_id):
        """List the written feedback given, superseded feedback included"""
        return feedback(current(), review_id)

    @open_to_states
    @blp.arguments(FeedbackRequestSchema)
    @blp.response(200, ReviewDetailSchema)
    def post(self, data, review_id):
        """A reviewing State gives its written feedback; the last one ends the stage"""
        detail = give_feedback(current(), review_id, actor_of(data), data["text"],
                               data["on"])
        return detail_response(detail)


@blp.route("/reviews/<int:review_id>/observations/adopt")
class AdoptObservations(MethodView):
    @blp.arguments(ReasonSchema)
    @blp.response(200, ReviewDetailSchema)
    def post(self, data, review_id):
        """The list of observations is agreed; the summary comes next"""
        detail = adopt_observations(current(), review_id, actor_of(data), data["reason"],
                                    data["on"])
        return detail_response(detail)


@blp.route("/reviews/<int:review_id>/complete")
class Complete(MethodView):
    @blp.arguments(ReasonSchema)
    @blp.response(200, ReviewDetailSchema)
    def post(self, data, review_id):
        """Complete the review: its summary is translated into the six languages"""
        detail = complete_review(current(), review_id, actor_of(data), data["reason"],
                                 data["on"])
        return detail_response(detail)


@blp.route("/reviews/<int:review_id>/send-back")
class SendBack(MethodView):
    @blp.arguments(SendBackSchema)
    @blp.response(200, ReviewDetailSchema)
    def post(self, data, review_id):
        """The secretariat sends the review back one stage, saying why"""
        detail = send_back(current(), review_id, actor_of(data), data["reason"], data["on"])
        return detail_response(detail)
