"""The results' counts by one SQL query: the benchmark's baseline (bench/survey.py), and a
check that the service's figures are the database's. Per question, option and regional
group: how many States' answers in force on a day chose the option."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.survey.adapters.orm import ChoiceRow, ResponseRow, StateRow
from services.survey.adapters.queries import in_force_on


def choice_counts(session: Session, survey_id: int,
                  as_of: dt.date) -> dict[tuple[int, int, str | None], int]:
    latest = in_force_on(survey_id, as_of)
    rows = session.execute(
        select(ChoiceRow.question_id, ChoiceRow.option_id, StateRow.regional_group,
               func.count())
        .join(latest, latest.c.id == ChoiceRow.response_id)
        .join(ResponseRow, ResponseRow.id == ChoiceRow.response_id)
        .outerjoin(StateRow, StateRow.code == ResponseRow.state_code)
        .group_by(ChoiceRow.question_id, ChoiceRow.option_id, StateRow.regional_group))
    return {(q, o, g): n for q, o, g, n in rows}
