"""Filling the empty places of a board by first fit: enough for any realistic population,
and fast for thousands of States. When first fit fails, exact.py searches exhaustively.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from services.lots.domain.board import Board
from services.lots.domain.rules import Slot

#: how far first fit looks for a reviewer with room to spare before settling
WINDOW = 24


class SearchExhausted(Exception):
    """The exact search used its whole budget without an answer."""


class Budget:
    """Steps the exact searches of one draw may still take, shared by all of them."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise SearchExhausted("the search budget is spent")


@dataclass
class Cursors:
    """Where first fit resumes in each candidate list. Each kind of place walks its
    candidates in its own fixed shuffled order, so that kinds sharing reviewers do not all
    start on the same ones and the witness spreads its load."""

    at: dict[tuple, int] = field(default_factory=dict)
    orders: dict[tuple, tuple[str, ...]] = field(default_factory=dict)
    dead_ends: Counter = field(default_factory=Counter)

    def order(self, board: Board, key: tuple) -> tuple[str, ...]:
        if key not in self.orders:
            shuffled = list(board.p.candidates(key))
            canonical = repr([sorted(k) if isinstance(k, frozenset) else k for k in key])
            random.Random(canonical).shuffle(shuffled)
            self.orders[key] = tuple(shuffled)
        return self.orders[key]


def key_of(board: Board, slot: Slot) -> tuple:
    gap = board.gap_of(slot.main) if slot.additional else frozenset()
    return board.p.key(slot, gap)


def first_fit(board: Board, slot: Slot, cursors: Cursors, want=None) -> str | None:
    """A reviewer for an empty place, found from where the last search of its kind ended:
    the first with room to spare and no gap, else the best of the next few that fit (or,
    given `want`, only one that `want` accepts)."""
    key = key_of(board, slot)
    candidates = cursors.order(board, key)
    n = len(candidates)
    start = cursors.at.get(key, 0)
    best, best_rank, seen = None, 9, 0
    for i in range(n):
        reviewer = candidates[(start + i) % n]
        if not board.can_take(slot, reviewer):
            continue
        rank = (0 if want(reviewer) else 9) if want else _rank(board, slot, reviewer)
        if rank < best_rank:
            best, best_rank, at = reviewer, rank, (start + i + 1) % n
        seen += 1
        if best_rank == 0 or (want is None and seen >= WINDOW):
            break
    if best is None or best_rank == 9:
        return None
    cursors.at[key] = at
    return best


def _rank(board: Board, slot: Slot, reviewer: str) -> int:
    """0 best: room to spare and no gap; then room with a gap; then no room."""
    tight = board.load.get(reviewer, 0) > board.cap - 2
    partial = not slot.additional and bool(board.p.gap(slot.state, reviewer))
    return 2 * tight + partial


def fill_greedily(board: Board, empty: list[Slot], cursors: Cursors) -> bool:
    """First fit, scarcest places first; on failure the board is left as it was."""
    mark = board.mark()
    for slot in sorted(empty, key=lambda s: (len(board.p.candidates(key_of(board, s))), s)):
        place = slot
        while place is not None:
            reviewer = first_fit(board, place, cursors)
            if reviewer is None:
                cursors.dead_ends[place.state] += 1
                board.undo(mark)
                return False
            board.place(place, reviewer)
            # a main reviewer with a gap opens the additional place, filled at once
            opens = not place.additional and board.gap_of(place)
            place = place.extra if opens else None
    return True
