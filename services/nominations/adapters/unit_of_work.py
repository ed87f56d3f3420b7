"""The nominations handlers' unit of work: one transaction, the tables read and written
through it, and the outbox written in it.

A handler touches the database only through its unit of work, so its unit tests run on an
in-memory fake (tests/unit/nominations/fakes.py) and its integration tests on the real
databases. Event handlers run in the consumer's transaction: `with_sessions` hands them
the consumer's session wrapped in a unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.nominations.adapters import repository
from services.nominations.adapters.orm import (
    MissionRow,
    NominationRow,
    ParticipationRow,
    PersonRow,
    RepetitionRow,
    StandingNominationRow,
    StatePartyRow,
)
from services.nominations.domain.commands import UNDER_REVIEW, WITHDRAWN
from services.nominations.domain.deadlines import NominationPolicy
from services.nominations.domain.missing import Key, MissingNomination
from shared.db.engine import transaction
from shared.db.unit_of_work import SessionUnitOfWork, on_consumer_session
from shared.events import Envelope
from shared.web.errors import Conflict


class NominationsUnitOfWork(SessionUnitOfWork):
    def missions(self) -> dict[str, MissionRow]:
        return {r.state_code: r for r in self.session.scalars(select(MissionRow))}

    def party_for_update(self, code: str) -> StatePartyRow | None:
        """The State's row, locked until the commit: a nomination for every review of the
        State and a review the State is drawn into wait for each other, so that the one
        committed second sees the other (the review is covered either way)."""
        return self.session.get(StatePartyRow, code, with_for_update=True)

    def nomination_for_update(self, nomination_id: int) -> NominationRow | None:
        return self.session.get(NominationRow, nomination_id, with_for_update=True)

    def person(self, state_code: str, email: str) -> PersonRow | None:
        return self.session.scalar(select(PersonRow).where(PersonRow.state_code == state_code,
                                                           PersonRow.email == email))

    def current_nominations(self, state_code: str, reviews: list[int], role: str | None = None,
                            email: str | None = None) -> list[NominationRow]:
        """The State's nominations not withdrawn in these reviews (of a role, a person)."""
        query = select(NominationRow).join(PersonRow).where(
            NominationRow.state_code == state_code, NominationRow.status != WITHDRAWN,
            NominationRow.review_id.in_(reviews))
        if role is not None:
            query = query.where(NominationRow.role == role)
        if email is not None:
            query = query.where(PersonRow.email == email)
        return list(self.session.scalars(query))

    def nominations_of_person_for_update(self, person_id: int,
                                         role: str | None) -> list[NominationRow]:
        """The person's nominations not withdrawn (in a role), locked, oldest first."""
        query = select(NominationRow).where(
            NominationRow.person_id == person_id, NominationRow.status != WITHDRAWN)
        if role is not None:
            query = query.where(NominationRow.role == role)
        return list(self.session.scalars(query.order_by(NominationRow.id).with_for_update()))

    def nominations_held_by(self, person_id: int, role: str) -> list[NominationRow]:
        """Every nomination the person ever held in the role, withdrawn or not."""
        return list(self.session.scalars(select(NominationRow).where(
            NominationRow.person_id == person_id, NominationRow.role == role)
            .order_by(NominationRow.id)))

    def standing_nominations_of(self, person_id: int) -> list[StandingNominationRow]:
        """The person's nominations for every review, withdrawn or not."""
        return list(self.session.scalars(select(StandingNominationRow).where(
            StandingNominationRow.person_id == person_id)))

    def review_named(self, phase: int, state_under_review: str) -> int | None:
        """The review of `state_under_review` in `phase`, as the bundle names it."""
        return self.session.scalar(select(ParticipationRow.review_id).where(
            ParticipationRow.capacity == UNDER_REVIEW, ParticipationRow.phase == phase,
            ParticipationRow.state_under_review == state_under_review))

    def standing_nominations(self, state_code: str) -> list[StandingNominationRow]:
        """The State's nominations for every review, not withdrawn, oldest first."""
        return list(self.session.scalars(select(StandingNominationRow).where(
            StandingNominationRow.state_code == state_code,
            StandingNominationRow.withdrawn_on.is_(None)).order_by(StandingNominationRow.id)))

    def participations_of_state(self, state_code: str) -> dict[int, ParticipationRow]:
        """The State's participations, by review."""
        return {r.review_id: r for r in self.session.scalars(
            select(ParticipationRow).where(ParticipationRow.state_code == state_code))}

    def participations_in(self, review_id: int) -> dict[str, ParticipationRow]:
        """The review's participations, by State."""
        return {r.state_code: r for r in self.session.scalars(
            select(ParticipationRow).where(ParticipationRow.review_id == review_id))}

    def review_of(self, group_number: int, phase: int, state_under_review: str) -> int | None:
        return self.session.scalar(select(ParticipationRow.review_id).where(
            ParticipationRow.capacity == UNDER_REVIEW,
            ParticipationRow.group_number == group_number, ParticipationRow.phase == phase,
            ParticipationRow.state_under_review == state_under_review))

    def pending_repetitions(self, group_number: int, phase: int,
                            state_under_review: str) -> list[RepetitionRow]:
        """Repetitions heard before their review, oldest first."""
        return list(self.session.scalars(select(RepetitionRow).where(
            RepetitionRow.review_id.is_(None), RepetitionRow.group_number == group_number,
            RepetitionRow.phase == phase, RepetitionRow.state_under_review == state_under_review,
        ).order_by(RepetitionRow.repeated_on, RepetitionRow.id)))

    def missing_as_of(self, as_of: dt.date,
                      policy: NominationPolicy) -> list[MissingNomination]:
        return repository.missing_as_of(self.session, as_of, policy)

    def reminders_sent(self, review_ids: set[int]) -> dict[Key, int]:
        return repository.reminders_sent(self.session, review_ids)


@contextmanager
def unit_of_work(session_factory: sessionmaker[Session]) -> Iterator[NominationsUnitOfWork]:
    """Commit on success, roll back on any error."""
    with transaction(session_factory) as session:
        yield NominationsUnitOfWork(session)


@contextmanager
def conflict_if_raced(detail: str, field: str) -> Iterator[None]:
    """A transaction whose checks passed but whose writes hit a unique key: a concurrent
    one committed first, and the client is told to look again (409)."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict(detail, field=field) from exc


def with_sessions(handlers: dict[str, Callable]) -> dict[str, Callable[[Session, Envelope], None]]:
    """The consumer's map (`handler(session, event)`, in its transaction) from the
    handlers' map (`handler(uow, event)`)."""
    return on_consumer_session(handlers, NominationsUnitOfWork)
