"""A State's answer to a survey: given by its focal point or a governmental expert (or by
the secretariat for it), seen by that State's people and the secretariat only."""

from __future__ import annotations

from flask.views import MethodView

from services.survey.adapters.queries import answers_of
from services.survey.api.schemas import AnswerInSchema, AnswerSchema
from services.survey.api.surveys import survey_seen
from services.survey.domain.questions import Given
from services.survey.handlers.answers import answer_survey
from shared.context import current
from shared.web.access import open_to_states, require_own_state, require_roles
from shared.web.blueprint import Blueprint
from shared.web.errors import NotFound

blp = Blueprint("answers", __name__, description="The States' answers to a survey")

RESPONDENT_ROLES = ("secretariat", "focal_point", "expert")


def answers_seen(survey_id: int, state_code: str) -> list:
    require_own_state(state_code, "read the answers")
    survey_seen(survey_id)
    with current().session_factory() as session:
        return answers_of(session, survey_id, state_code)


@blp.route("/surveys/<int:survey_id>/answers/<string:state_code>")
class Answer(MethodView):
    @blp.response(200, AnswerSchema)
    def get(self, survey_id, state_code):
        """The State's answer in force"""
        found = answers_seen(survey_id, state_code)
        if not found:
            raise NotFound(f"{state_code} has not answered survey {survey_id}",
                           field="state_code")
        return found[-1]

    @open_to_states
    @blp.arguments(AnswerInSchema)
    @blp.response(200, AnswerSchema)
    def put(self, body, survey_id, state_code):
        """Answer for a State, once per State: a later answer replaces the one in force
        (which stays in the history)"""
        principal = require_roles(*RESPONDENT_ROLES, what="answer a survey")
        require_own_state(state_code, "answer")
        given = [Given(p["question_id"], tuple(p["option_ids"]), p["text"])
                 for p in body["answers"]]
        answer_survey(current(), survey_id, state_code, given,
                      respondent=principal.subject, role=principal.role)
        return answers_seen(survey_id, state_code)[-1]


@blp.route("/surveys/<int:survey_id>/answers/<string:state_code>/history")
class AnswerHistory(MethodView):
    @blp.response(200, AnswerSchema(many=True))
    def get(self, survey_id, state_code):
        """Every answer the State gave, the one in force last"""
        return answers_seen(survey_id, state_code)
