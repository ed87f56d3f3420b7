"""An in-memory unit of work for the lots handlers: rows kept by class and key, the links
the ORM would load (a group's commitment and draw, a draw's picks and repetitions) set as
rows are added, and the events of each committed transaction."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

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


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.rows: dict[type, dict] = defaultdict(dict)
        self.committed: list = []
        self._ids = itertools.count(1)
        self._added: list = []
        self._recorded: list = []

    @contextmanager
    def __call__(self) -> Iterator[FakeUnitOfWork]:
        self._added, self._recorded = [], []
        try:
            yield self
        except BaseException:
            for row in self._added:
                self.rows[type(row)].pop(_key(row), None)
            raise
        self.committed.extend(self._recorded)

    def get(self, model: type, key):
        return self.rows[model].get(key)

    def add(self, *rows) -> None:
        for row in rows:
            if not isinstance(row, StatePartyRow) and row.id is None:
                row.id = next(self._ids)
            self.rows[type(row)][_key(row)] = row
            self._added.append(row)
            self._link(row)

    def _link(self, row) -> None:
        if isinstance(row, CommitmentRow):
            self.rows[ReviewGroupRow][row.group_id].commitment = row
        elif isinstance(row, DrawRow):
            row.group = self.rows[ReviewGroupRow][row.group_id]
        elif isinstance(row, PickRow | RepetitionRow):
            draw = self.rows[DrawRow][row.draw_id]
            (draw.picks if isinstance(row, PickRow) else draw.repetitions).append(row)

    def flush(self) -> None:
        pass

    def refresh(self, row) -> None:
        pass

    def record(self, *events) -> None:
        self._recorded.extend(events)

    def party_rows(self) -> dict[str, StatePartyRow]:
        return dict(self.rows[StatePartyRow])

    def parties(self) -> dict:
        return {code: as_party(row) for code, row in sorted(self.rows[StatePartyRow].items())}

    def group_numbered(self, number: int) -> ReviewGroupRow | None:
        return next((g for g in self.rows[ReviewGroupRow].values() if g.number == number), None)

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


def _key(row):
    return row.code if isinstance(row, StatePartyRow) else row.id


@dataclass
class FakeContext:
    """What a lots handler reads of its context, with the fake unit of work."""

    clock: Clock
    settings: Settings = field(
        default_factory=lambda: Settings(service="lots", database_url="sqlite://"))
    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
