"""An in-memory unit of work for the nominations handlers: rows kept by class and key, a
nomination's person linked as the ORM would, and the events of each committed
transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import ClassVar

from services.nominations.adapters.orm import (
    MissingNoticeRow,
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
from services.nominations.domain.missing import Key, MissingNomination, missing_nominations
from services.nominations.domain.participation import Participation
from services.nominations.settings import Settings
from shared.clock import Clock
from tests.support.fake_unit_of_work import FakeUnitOfWork as SharedFake


class FakeUnitOfWork(SharedFake):
    keys: ClassVar[dict[type, str]] = {StatePartyRow: "code", MissionRow: "state_code"}

    def link(self, row) -> None:
        if isinstance(row, NominationRow | StandingNominationRow):
            row.person_id = row.person.id

    def missions(self) -> dict[str, MissionRow]:
        return dict(self.rows[MissionRow])

    def party_for_update(self, code: str) -> StatePartyRow | None:
        return self.rows[StatePartyRow].get(code)

    def nomination_for_update(self, nomination_id: int) -> NominationRow | None:
        return self.rows[NominationRow].get(nomination_id)

    def person(self, state_code: str, email: str) -> PersonRow | None:
        return next((p for p in self.rows[PersonRow].values()
                     if p.state_code == state_code and p.email == email), None)

    def current_nominations(self, state_code: str, reviews: list[int], role: str | None = None,
                            email: str | None = None) -> list[NominationRow]:
        return [n for n in self.rows[NominationRow].values()
                if n.state_code == state_code and n.status != WITHDRAWN
                and n.review_id in reviews and role in (None, n.role)
                and email in (None, n.person.email)]

    def nominations_of_person_for_update(self, person_id: int,
                                         role: str | None) -> list[NominationRow]:
        return [n for n in self.rows[NominationRow].values()
                if n.person_id == person_id and n.status != WITHDRAWN and role in (None, n.role)]

    def standing_nominations(self, state_code: str) -> list[StandingNominationRow]:
        return [s for s in self.rows[StandingNominationRow].values()
                if s.state_code == state_code and s.withdrawn_on is None]

    def participations_of_state(self, state_code: str) -> dict[int, ParticipationRow]:
        return {r.review_id: r for r in self.rows[ParticipationRow].values()
                if r.state_code == state_code}

    def participations_in(self, review_id: int) -> dict[str, ParticipationRow]:
        return {r.state_code: r for r in self.rows[ParticipationRow].values()
                if r.review_id == review_id}

    def review_of(self, group_number: int, phase: int, state_under_review: str) -> int | None:
        return next((r.review_id for r in self.rows[ParticipationRow].values()
                     if r.capacity == UNDER_REVIEW and r.group_number == group_number
                     and r.phase == phase and r.state_under_review == state_under_review), None)

    def pending_repetitions(self, group_number: int, phase: int,
                            state_under_review: str) -> list[RepetitionRow]:
        return sorted((r for r in self.rows[RepetitionRow].values()
                       if r.review_id is None and r.group_number == group_number
                       and r.phase == phase and r.state_under_review == state_under_review),
                      key=lambda r: (r.repeated_on, r.id))

    def missing_as_of(self, as_of: dt.date,
                      policy: NominationPolicy) -> list[MissingNomination]:
        current = [Participation(**{f.name: getattr(r, f.name) for f in fields(Participation)})
                   for r in self.rows[ParticipationRow].values()]
        nominated = {(n.state_code, n.role, n.review_id)
                     for n in self.rows[NominationRow].values()
                     if n.nominated_on <= as_of
                     and (n.withdrawn_on is None or n.withdrawn_on > as_of)}
        return missing_nominations(current, nominated, as_of, policy)

    def reminders_sent(self, review_ids: set[int]) -> dict[Key, int]:
        sent: dict[Key, int] = {}
        for n in self.rows[MissingNoticeRow].values():
            if n.review_id in review_ids:
                key = (n.state_code, n.role, n.review_id)
                sent[key] = max(sent.get(key, 0), n.reminder)
        return sent


@dataclass
class FakeContext:
    """What a nominations handler reads of its context, with the fake unit of work."""

    clock: Clock
    settings: Settings = field(
        default_factory=lambda: Settings(service="nominations", database_url="sqlite://"))
    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
