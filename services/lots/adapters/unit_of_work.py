"""The lots handlers' unit of work: one transaction, the tables read and written through it,
and the outbox written in it.

A handler touches the database only through its unit of work, so its unit tests run on an
in-memory fake (tests/unit/lots/fakes.py) and its integration tests on the real databases.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.lots.adapters import repository
from services.lots.adapters.orm import (
    CompletedReviewRow,
    MeetingRow,
    PhaseOverrideRow,
    ReviewGroupRow,
    StatePartyRow,
)
from services.lots.domain.gate import PhaseStanding
from services.lots.domain.parties import StateParty
from shared.db.engine import transaction
from shared.db.unit_of_work import SessionUnitOfWork
from shared.events import Envelope


class LotsUnitOfWork(SessionUnitOfWork):
    def refresh(self, row) -> None:
        self.session.refresh(row)

    def party_rows(self) -> dict[str, StatePartyRow]:
        return {row.code: row for row in self.session.scalars(select(StatePartyRow))}

    def parties(self) -> dict[str, StateParty]:
        return repository.parties(self.session)

    def group_numbered(self, number: int, phase: int) -> ReviewGroupRow | None:
        return self.session.scalar(select(ReviewGroupRow).where(
            ReviewGroupRow.number == number, ReviewGroupRow.phase == phase))

    def meetings(self) -> list[MeetingRow]:
        return list(self.session.scalars(select(MeetingRow)))

    def repetition_recorded(self, key: tuple[int, int], line: dict) -> bool:
        """Whether the draw of group-phase `key` has this repetition already."""
        return repository.repetition_recorded(self.session, key, line)

    def completed_review(self, group_number: int, phase: int, state: str
                         ) -> CompletedReviewRow | None:
        return self.session.scalar(select(CompletedReviewRow).where(
            CompletedReviewRow.group_number == group_number, CompletedReviewRow.phase == phase,
            CompletedReviewRow.state_under_review == state))

    def phase_override(self, group_number: int, phase: int) -> PhaseOverrideRow | None:
        return self.session.scalar(select(PhaseOverrideRow).where(
            PhaseOverrideRow.group_number == group_number, PhaseOverrideRow.phase == phase))

    def phase_standing(self, number: int, phase: int) -> PhaseStanding | None:
        return repository.phase_standing(self.session, number, phase)

    def last_group_number(self) -> int:
        return self.session.scalar(select(func.max(ReviewGroupRow.number))) or 0

    def phase_pairs(self, phase: int, *, except_draw: int | None = None) -> set[tuple[str, str]]:
        return repository.phase_pairs(self.session, phase, except_draw=except_draw)

    def requests_in_phase(self, phase: int, state: str) -> int:
        return repository.requests_in_phase(self.session, phase, state)


@contextmanager
def unit_of_work(session_factory: sessionmaker[Session]) -> Iterator[LotsUnitOfWork]:
    """Commit on success, roll back on any error."""
    with transaction(session_factory) as session:
        yield LotsUnitOfWork(session)


def with_sessions(handlers: dict[str, Callable[[LotsUnitOfWork, Envelope], None]]
                  ) -> dict[str, Callable[[Session, Envelope], None]]:
    """The consumer's map (`handler(session, event)`, in its transaction) from the
    handlers' map (`handler(uow, event)`)."""
    return {event_type: functools.partial(_on_session, handler)
            for event_type, handler in handlers.items()}


def _on_session(handler: Callable[[LotsUnitOfWork, Envelope], None], session: Session,
                event: Envelope) -> None:
    handler(LotsUnitOfWork(session), event)
