"""The survey handlers' unit of work: one transaction, the rows read and written through
it, and the outbox written in it. Event handlers run in the consumer's transaction:
`with_sessions` hands them its session wrapped in one."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.survey.adapters.orm import (
    InvitedStateRow,
    PersonRow,
    ResponseRow,
    StateRow,
    SurveyRow,
)
from shared.db.engine import transaction
from shared.db.unit_of_work import SessionUnitOfWork, on_consumer_session
from shared.events import Envelope


class SurveyUnitOfWork(SessionUnitOfWork):
    def survey_for_update(self, survey_id: int) -> SurveyRow | None:
        """The survey, locked: its opening, closing and answers take turns, so that one
        answer of a State is in force at a time."""
        return self.session.get(SurveyRow, survey_id, with_for_update=True)

    def is_invited(self, survey_id: int, state_code: str) -> bool:
        return self.session.get(InvitedStateRow, (survey_id, state_code)) is not None

    def known_states(self, codes: list[str]) -> set[str]:
        return set(self.session.scalars(select(StateRow.code).where(StateRow.code.in_(codes))))

    def respondents(self, codes: list[str]) -> list[PersonRow]:
        """The focal points and experts in office of these States."""
        return list(self.session.scalars(select(PersonRow).where(
            PersonRow.state_code.in_(codes), PersonRow.withdrawn_on.is_(None))
            .order_by(PersonRow.state_code, PersonRow.nomination_id)))

    def answer_in_force(self, survey_id: int, state_code: str) -> ResponseRow | None:
        return self.session.scalar(select(ResponseRow).where(
            ResponseRow.survey_id == survey_id, ResponseRow.state_code == state_code,
            ResponseRow.replaced_at.is_(None)))

    def states_answered(self, survey_id: int) -> int:
        return self.session.scalar(select(func.count()).select_from(ResponseRow).where(
            ResponseRow.survey_id == survey_id, ResponseRow.replaced_at.is_(None))) or 0


@contextmanager
def unit_of_work(session_factory: sessionmaker[Session]) -> Iterator[SurveyUnitOfWork]:
    """Commit on success, roll back on any error."""
    with transaction(session_factory) as session:
        yield SurveyUnitOfWork(session)


def with_sessions(handlers: Mapping[str, Callable]) -> dict[str, Callable[[Session, Envelope],
                                                                        None]]:
    """The consumer's map (`handler(session, event)`) from the handlers' (`handler(uow,
    event)`)."""
    return on_consumer_session(handlers, SurveyUnitOfWork)
