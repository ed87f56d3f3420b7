"""What the survey API reads: the surveys, a State's answers, and the answers in force on a
day that the results count. Reads only; the handlers write."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.survey.adapters.orm import InvitedStateRow, ResponseRow, StateRow, SurveyRow
from services.survey.domain.questions import Option, Question
from services.survey.domain.results import Reply
from shared.web.errors import NotFound


def survey_of(session: Session, survey_id: int) -> SurveyRow:
    survey = session.get(SurveyRow, survey_id)
    if survey is None:
        raise NotFound(f"no survey {survey_id}", field="survey_id")
    return survey


def questions_of(survey: SurveyRow) -> list[Question]:
    return [Question(id=q.id, kind=q.kind, text=q.text, required=q.required,
                     options=tuple(Option(o.id, o.label, o.statement) for o in q.options))
            for q in survey.questions]


def invited_states(session: Session, survey_id: int) -> list[str]:
    return list(session.scalars(select(InvitedStateRow.state_code).where(
        InvitedStateRow.survey_id == survey_id).order_by(InvitedStateRow.state_code)))


def surveys_seen_by(session: Session, state: str | None) -> list[SurveyRow]:
    """Every survey for the secretariat; a State's people see those opened to their State."""
    query = select(SurveyRow).order_by(SurveyRow.id)
    if state is not None:
        query = query.join(InvitedStateRow).where(InvitedStateRow.state_code == state)
    return list(session.scalars(query))


def answers_of(session: Session, survey_id: int, state: str) -> list[ResponseRow]:
    """A State's answers, the one in force last (it replaced those before it)."""
    return list(session.scalars(select(ResponseRow).where(
        ResponseRow.survey_id == survey_id, ResponseRow.state_code == state)
        .order_by(ResponseRow.id)))


def in_force_on(survey_id: int, as_of: dt.date):
    """Each State's latest answer given on or before `as_of` (a later one replaced it)."""
    return (select(func.max(ResponseRow.id).label("id"))
            .where(ResponseRow.survey_id == survey_id, ResponseRow.answered_on <= as_of)
            .group_by(ResponseRow.state_code).subquery())


def replies_as_of(session: Session, survey_id: int, as_of: dt.date) -> list[Reply]:
    """The answers in force on `as_of`, one per State, with the State's regional group and
    nothing that names it."""
    latest = in_force_on(survey_id, as_of)
    rows = session.execute(
        select(ResponseRow.parts, StateRow.regional_group)
        .join(latest, latest.c.id == ResponseRow.id)
        .outerjoin(StateRow, StateRow.code == ResponseRow.state_code))
    return [reply_of(parts, group) for parts, group in rows]


def reply_of(parts: list[dict], group: str | None) -> Reply:
    return Reply(regional_group=group,
                 chosen={p["question_id"]: frozenset(p["option_ids"])
                         for p in parts if p["option_ids"]},
                 written=frozenset(p["question_id"] for p in parts if p.get("text")))
