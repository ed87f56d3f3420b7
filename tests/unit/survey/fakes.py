"""An in-memory unit of work for the survey handlers: the reads of adapters/unit_of_work.py
answered from rows kept by class and key, and the events of each committed transaction."""

from __future__ import annotations

import datetime as dt

from services.survey.adapters.orm import (
    ChoiceRow,
    InvitedStateRow,
    OptionRow,
    PersonRow,
    QuestionRow,
    ResponseRow,
    StateRow,
    SurveyRow,
)
from services.survey.bootstrap import SurveyContext
from services.survey.settings import Settings
from shared.clock import FixedClock
from tests.support.fake_unit_of_work import FakeUnitOfWork as SharedFake

COMPOSITE = {InvitedStateRow: ("survey_id", "state_code"), ChoiceRow: ("response_id", "option_id")}


class FakeUnitOfWork(SharedFake):
    keys = {StateRow: "code", PersonRow: "nomination_id", InvitedStateRow: "survey_id",
            ChoiceRow: "response_id"}

    def _key(self, row):
        if type(row) in COMPOSITE:
            return tuple(getattr(row, a) for a in COMPOSITE[type(row)])
        return super()._key(row)

    def link(self, row) -> None:
        """The children the ORM would load with their parent (a survey's questions, a
        question's options)."""
        if isinstance(row, QuestionRow):
            self.rows[SurveyRow][row.survey_id].questions.append(row)
        elif isinstance(row, OptionRow):
            self.rows[QuestionRow][row.question_id].options.append(row)

    def survey_for_update(self, survey_id):
        return self.rows[SurveyRow].get(survey_id)

    def is_invited(self, survey_id, state_code):
        return (survey_id, state_code) in self.rows[InvitedStateRow]

    def known_states(self, codes):
        return set(codes) & set(self.rows[StateRow])

    def respondents(self, codes):
        return sorted((p for p in self.rows[PersonRow].values()
                       if p.state_code in codes and p.withdrawn_on is None),
                      key=lambda p: (p.state_code, p.nomination_id))

    def answer_in_force(self, survey_id, state_code):
        return next((r for r in self.rows[ResponseRow].values()
                     if (r.survey_id, r.state_code) == (survey_id, state_code)
                     and r.replaced_at is None), None)

    def states_answered(self, survey_id):
        return sum(1 for r in self.rows[ResponseRow].values()
                   if r.survey_id == survey_id and r.replaced_at is None)


def fake_context(now: dt.datetime) -> tuple[SurveyContext, FakeUnitOfWork]:
    uow = FakeUnitOfWork()
    ctx = SurveyContext(settings=Settings(service="survey", database_url="sqlite://"),
                        engine=None, session_factory=None, clock=FixedClock(now), uow=uow)
    return ctx, uow
