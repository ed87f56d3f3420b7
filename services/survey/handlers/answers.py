"""A State answers a survey: once per State, a later answer replacing the one in force
(which is kept, with when it was replaced). Nothing is written unless the whole answer
holds: the survey open, the State invited, the deadline not passed, every question and
option the survey's."""

from __future__ import annotations

import logging

from services.survey.adapters.orm import ChoiceRow, ResponseRow
from services.survey.adapters.queries import questions_of
from services.survey.domain import windows
from services.survey.domain.questions import Given, answer_problems
from services.survey.handlers.surveys import locked, refuse_all
from shared.events import new_event
from shared.web.errors import Conflict, Unprocessable

log = logging.getLogger(__name__)


def answer_survey(ctx, survey_id: int, state_code: str, given: list[Given], *,
                  respondent: str, role: str) -> int:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        survey = locked(uow, survey_id)
        problem = windows.answering_problem(survey.status, survey.deadline, ctx.clock.today(),
                                            uow.is_invited(survey_id, state_code))
        if problem:
            raise (Conflict if problem[0] == "survey_id" else Unprocessable)(
                problem[1], field=problem[0])
        refuse_all(answer_problems(questions_of(survey), given))
        earlier = uow.answer_in_force(survey_id, state_code)
        if earlier is not None:
            earlier.replaced_at = now
        response = ResponseRow(
            survey_id=survey_id, state_code=state_code, answered_on=now.date(),
            recorded_at=now, respondent=respondent, role=role, replaced_at=None,
            parts=[{"question_id": g.question_id, "option_ids": list(g.option_ids),
                    "text": g.text} for g in given])
        uow.add(response)
        uow.flush()
        uow.add(*(ChoiceRow(response_id=response.id, option_id=o, question_id=g.question_id)
                  for g in given for o in g.option_ids))
        uow.record(new_event("SurveyAnswered", {
            "survey_id": survey_id, "state_code": state_code, "response_id": response.id,
            "answered_on": response.answered_on,
            "replaces": earlier.id if earlier else None}, now))
        log.info("survey %s answered for %s (response %s, replaces %s)", survey_id,
                 state_code, response.id, earlier.id if earlier else None)
        return response.id


