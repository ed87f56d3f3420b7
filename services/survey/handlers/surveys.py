"""The secretariat's commands on a survey: write it, open it to the States it chooses with a
deadline (SurveyOpened names the focal points and experts to invite), and close it."""

from __future__ import annotations

import datetime as dt
import logging

from services.survey.adapters.orm import InvitedStateRow, OptionRow, QuestionRow, SurveyRow
from services.survey.adapters.unit_of_work import SurveyUnitOfWork
from services.survey.domain import windows
from services.survey.domain.questions import definition_problems
from shared.events import new_event
from shared.web.errors import Conflict, NotFound, Unprocessable

log = logging.getLogger(__name__)


def refuse_all(problems: dict[str, str], error=Unprocessable) -> None:
    """One refusal naming every field at fault (problem+json `errors`)."""
    if problems:
        raise error("; ".join(f"{f}: {m}" for f, m in problems.items()),
                    errors={f: [m] for f, m in problems.items()})


def define_survey(ctx, title: str, introduction: str, questions: list[dict]) -> int:
    refuse_all(definition_problems(questions))
    with ctx.uow() as uow:
        survey = SurveyRow(title=title, introduction=introduction, status=windows.DRAFT,
                           created_at=ctx.clock.now())
        uow.add(survey)
        uow.flush()
        for position, q in enumerate(questions):
            question = QuestionRow(survey_id=survey.id, position=position, kind=q["kind"],
                                   text=q["text"], required=q.get("required", False))
            uow.add(question)
            uow.flush()
            uow.add(*(OptionRow(question_id=question.id, position=i, label=o["label"],
                                statement=o.get("statement")) for i, o in
                      enumerate(q.get("options", ()))))
        log.info("survey %s written with %d question(s)", survey.id, len(questions))
        return survey.id


def locked(uow: SurveyUnitOfWork, survey_id: int) -> SurveyRow:
    survey = uow.survey_for_update(survey_id)
    if survey is None:
        raise NotFound(f"no survey {survey_id}", field="survey_id")
    return survey


def open_survey(ctx, survey_id: int, states: list[str], deadline: dt.date) -> None:
    today, states = ctx.clock.today(), sorted(set(states))
    with ctx.uow() as uow:
        survey = locked(uow, survey_id)
        problem = windows.opening_problem(survey.status, deadline, today, states)
        if problem:
            raise (Conflict if problem[0] == "status" else Unprocessable)(
                problem[1], field=problem[0])
        unknown = sorted(set(states) - uow.known_states(states))
        if unknown:
            raise Unprocessable("not States parties known to the survey: " + ", ".join(unknown),
                                field="states")
        survey.status, survey.deadline, survey.opened_on = windows.OPEN, deadline, today
        uow.add(*(InvitedStateRow(survey_id=survey_id, state_code=s) for s in states))
        # a person nominated for several reviews of the State is invited once
        invitees = list({(p.state_code, p.email): {
            "state_code": p.state_code, "role": p.role, "name": p.name, "email": p.email}
            for p in uow.respondents(states)}.values())
        uow.record(new_event("SurveyOpened", {
            "survey_id": survey_id, "title": survey.title, "opened_on": today,
            "deadline": deadline, "states": states, "invitees": invitees}, ctx.clock.now()))
        log.info("survey %s opened to %d State(s), %d person(s), until %s", survey_id,
                 len(states), len(invitees), deadline)


def close_survey(ctx, survey_id: int) -> None:
    today = ctx.clock.today()
    with ctx.uow() as uow:
        survey = locked(uow, survey_id)
        if survey.status != windows.OPEN:
            raise Conflict(f"the survey is {survey.status}: only an open one is closed",
                           field="status")
        survey.status, survey.closed_on = windows.CLOSED, today
        answered = uow.states_answered(survey_id)
        uow.record(new_event("SurveyClosed", {"survey_id": survey_id, "closed_on": today,
                                              "states_answered": answered}, ctx.clock.now()))
        log.info("survey %s closed: %d State(s) answered", survey_id, answered)
