"""An in-memory unit of work for the lots handlers: rows kept by class and key, the links
the ORM would load (a group's commitment and draw, a draw's picks and repetitions) set as
rows are added, and the events of each committed transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from services.lots.adapters.orm import (
    CommitmentRow,
    DrawRow,
    PickRow,
    RepetitionRow,
    ReviewGroupRow,
    StatePartyRow,
)
from services.lots.adapters.repository import as_party, draw_reviews
from services.lots.settings import Settings
from shared.clock import Clock
from tests.support.fake_unit_of_work import FakeUnitOfWork as SharedFake


class FakeUnitOfWork(SharedFake):
    keys: ClassVar[dict[type, str]] = {StatePartyRow: "code"}

    def link(self, row) -> None:
        if isinstance(row, CommitmentRow):
            self.rows[ReviewGroupRow][row.group_id].commitment = row
        elif isinstance(row, DrawRow):
            row.group = self.rows[ReviewGroupRow][row.group_id]
        elif isinstance(row, PickRow | RepetitionRow):
            draw = self.rows[DrawRow][row.draw_id]
            (draw.picks if isinstance(row, PickRow) else draw.repetitions).append(row)

    def refresh(self, row) -> None:
        pass

    def party_rows(self) -> dict[str, StatePartyRow]:
        return dict(self.rows[StatePartyRow])

    def parties(self) -> dict:
        return {code: as_party(row) for code, row in sorted(self.rows[StatePartyRow].items())}

    def group_numbered(self, number: int, phase: int) -> ReviewGroupRow | None:
        return next((g for g in self.rows[ReviewGroupRow].values()
                     if (g.number, g.phase) == (number, phase)), None)

    def last_group_number(self) -> int:
        return max((g.number for g in self.rows[ReviewGroupRow].values()), default=0)

    def phase_pairs(self, phase: int, *, except_draw: int | None = None) -> set:
        return {(p.reviewer, state)
                for draw in self.rows[DrawRow].values()
                if draw.group.phase == phase and draw.id != except_draw
                for state, placements in draw_reviews(draw).items() for p in placements}

    def requests_in_phase(self, phase: int, state: str) -> int:
        return sum(1 for r in self.rows[RepetitionRow].values()
                   if r.phase == phase and r.requested_by == state)


@dataclass
class FakeContext:
    """What a lots handler reads of its context, with the fake unit of work."""

    clock: Clock
    settings: Settings = field(
        default_factory=lambda: Settings(service="lots", database_url="sqlite://"))
    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
