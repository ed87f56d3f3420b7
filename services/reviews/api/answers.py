"""The questionnaire: the questions a review's State answers, its answers (a new version
each time, drafts until sent), and the feedback per question with the replies to it.

Reads are open to the review's States (api/scope.py hides the review from any other) and
the secretariat; each caller sees what its State may see (adapters/questionnaire_queries).
"""

from __future__ import annotations

from flask.views import MethodView

from services.reviews.adapters import questionnaire_queries as queries
from services.reviews.api.answer_schemas import (
    AnswerRequestSchema,
    AnswerVersionSchema,
    QuestionFeedbackRequestSchema,
    QuestionFeedbackSchema,
    QuestionnaireSchema,
    ReplyRequestSchema,
)
from services.reviews.api.resources import actor_of
from services.reviews.handlers.answers import (
    AnswerDraft,
    give_question_feedback,
    reply_to_feedback,
    save_answer,
)
from shared.context import current
from shared.web.access import open_to_states, visible_states
from shared.web.blueprint import Blueprint

blp = Blueprint("answers", __name__,
                description="The self-assessment questionnaire, its answers and feedback")


@blp.route("/reviews/<int:review_id>/questionnaire")
class Questionnaire(MethodView):
    @blp.response(200, QuestionnaireSchema)
    def get(self, review_id):
        """The questions the State under review answers, with the latest answers you see"""
        return queries.questionnaire(current(), review_id, visible_states())


@blp.route("/reviews/<int:review_id>/questionnaire/answers/<string:question_id>")
class Answer(MethodView):
    @blp.response(200, AnswerVersionSchema(many=True))
    def get(self, review_id, question_id):
        """Every version of one answer you see, oldest first"""
        return queries.answer_versions(current(), review_id, question_id, visible_states())

    @open_to_states
    @blp.arguments(AnswerRequestSchema)
    @blp.response(200, AnswerVersionSchema(many=True))
    def put(self, data, review_id, question_id):
        """The State under review saves a new version of one answer (a draft until sent)"""
        draft = AnswerDraft(data["answer"], tuple(data["legislation"]), tuple(data["cases"]),
                            data["on"])
        save_answer(current(), review_id, actor_of(data), question_id, draft)
        return queries.answer_versions(current(), review_id, question_id, visible_states())


@blp.route("/reviews/<int:review_id>/questionnaire/feedback")
class Feedback(MethodView):
    @blp.response(200, QuestionFeedbackSchema(many=True))
    def get(self, review_id):
        """The reviewing States' feedback per question, each with its replies"""
        return queries.feedback(current(), review_id)


@blp.route("/reviews/<int:review_id>/questionnaire/answers/<string:question_id>/feedback")
class GiveFeedback(MethodView):
    @open_to_states
    @blp.arguments(QuestionFeedbackRequestSchema)
    @blp.response(201, QuestionFeedbackSchema(many=True))
    def post(self, data, review_id, question_id):
        """A reviewing State comments on an answer or asks for clarification"""
        give_question_feedback(current(), review_id, actor_of(data), question_id,
                               data["kind"], data["text"], data["on"])
        return queries.feedback(current(), review_id)


@blp.route("/reviews/<int:review_id>/questionnaire/feedback/<int:feedback_id>/replies")
class Replies(MethodView):
    @open_to_states
    @blp.arguments(ReplyRequestSchema)
    @blp.response(201, QuestionFeedbackSchema(many=True))
    def post(self, data, review_id, feedback_id):
        """The State under review replies to one item of feedback"""
        reply_to_feedback(current(), review_id, actor_of(data), feedback_id, data["text"],
                          data["on"])
        return queries.feedback(current(), review_id)
