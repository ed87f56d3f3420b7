"""The exact search: fill the empty places so that every rule holds, or prove it impossible.

Depth first, always on the empty place with the fewest options, without recursion. The
options of every empty place are kept up to date as places are filled and unfilled (not
recomputed at each step), and each step checks that the empty places can still each get a
reviewer within the reviewers' room. A step budget bounds the work: past it the search
says it cannot tell.
"""

from __future__ import annotations

from services.lots.domain.board import Board
from services.lots.domain.rules import Slot
from services.lots.domain.search import (
    Budget,
    Cursors,
    SearchExhausted,
    fill_greedily,
    key_of,
)
from services.lots.domain.shortage import uncovered

#: the exact search runs only when this many places or fewer are empty
SEARCH_LIMIT = 80
#: places one exact search may try before it gives up
SEARCH_BUDGET = 10_000


def complete(board: Board, empty: list[Slot], cursors: Cursors, *,
             budget: Budget | None = None) -> bool:
    """Fill the empty places: first fit, then (if small enough) the exact search.

    Raises SearchExhausted when the exact search is needed but cannot conclude.
    """
    if fill_greedily(board, empty, cursors):
        return True
    if len(empty) > SEARCH_LIMIT:
        raise SearchExhausted(f"{len(empty)} places are too many for the exact search")
    return search(board, empty, cursors, budget or Budget(SEARCH_BUDGET))


def options_of(board: Board, slot: Slot) -> list[str]:
    p = board.p
    fitting = [r for r in p.candidates(key_of(board, slot)) if board.can_take(slot, r)]
    fitting.sort(key=lambda r: (not slot.additional and bool(p.gap(slot.state, r)),
                                board.load.get(r, 0), r))
    return fitting


class Options:
    """The options of every empty place, with an undo trail."""

    def __init__(self, board: Board, empty: list[Slot]) -> None:
        self.board = board
        self.of = {slot: options_of(board, slot) for slot in sorted(set(empty))}
        self.trail: list[tuple] = []
        self.weight: dict[Slot, int] = {}

    def fill(self, slot: Slot, reviewer: str) -> None:
        """Place `reviewer` on the board and strike the options it rules out."""
        b = self.board
        b.place(slot, reviewer)
        self.trail.append(("filled", slot, self.of.pop(slot)))
        state, full = slot.state, b.load[reviewer] >= b.cap
        for place, options in self.of.items():
            struck = [r for r in options if (r == reviewer and (full or place.state == state))
                      or (b.mutual and place.state == reviewer and r == state)]
            if place == Slot(state, 1 - slot.index) and not slot.additional:
                struck += [r for r in options if r not in struck and not b.can_take(place, r)]
            if struck:
                options[:] = [r for r in options if r not in struck]
                self.trail.append(("struck", place, struck))
        if not slot.additional and b.gap_of(slot):
            self.of[slot.extra] = options_of(b, slot.extra)
            self.trail.append(("opened", slot.extra))

    def mark(self) -> tuple[int, int]:
        return len(self.trail), self.board.mark()

    def undo(self, mark: tuple[int, int]) -> None:
        while len(self.trail) > mark[0]:
            step = self.trail.pop()
            if step[0] == "filled":
                self.of[step[1]] = step[2]
            elif step[0] == "struck":
                self.of[step[1]] = sorted(self.of[step[1]] + step[2], key=self._order(step[1]))
            else:
                del self.of[step[1]]
        self.board.undo(mark[1])

    def _order(self, slot: Slot):
        b = self.board
        return lambda r: (not slot.additional and bool(b.p.gap(slot.state, r)),
                          b.load.get(r, 0), r)

    def choose(self) -> tuple[Slot, list[str]] | None:
        """The place to branch on; with no options at a dead end."""
        if not self.of:
            return None
        # fewest options per failure seen there ("dom/wdeg"): places that keep failing
        # are decided first, which cuts the hopeless subtrees short
        slot = min(self.of, key=lambda s: (len(self.of[s]) / self.weight.get(s, 1), s))
        if self.of[slot] and not matchable(self._demands(), self.board):
            return slot, []
        return slot, list(self.of[slot])

    def _demands(self) -> dict[Slot, list[str]]:
        """The empty places, and the additional places that some of them will surely open:
        those whose every option has a gap."""
        b, p = self.board, self.board.p
        demands = dict(self.of)
        for place, choices in self.of.items():
            if place.additional or not all(p.gap(place.state, r) for r in choices):
                continue
            covers: set[str] = set()
            for gap in {p.gap(place.state, r) for r in choices}:
                covers.update(a for a in p.candidates(p.key(place.extra, gap))
                              if b.can_take(place.extra, a, gap))
            demands[place.extra] = sorted(covers)
        return demands


def matchable(options: dict[Slot, list[str]], board: Board) -> bool:
    """Whether each empty place can get a reviewer within each reviewer's room: a bipartite
    matching with capacities, grown by augmenting paths (exact, and no recursion). It
    ignores the other rules, so if it fails no filling exists."""
    holds: dict[str, list[Slot]] = {}
    match: dict[Slot, str] = {}
    for start in options:
        parent: dict[Slot, tuple[str, Slot] | None] = {start: None}
        queue, seen, found = [start], set(), None
        while queue and found is None:
            slot = queue.pop(0)
            for reviewer in options[slot]:
                if reviewer in seen:
                    continue
                seen.add(reviewer)
                if len(holds.get(reviewer, ())) < board.cap - board.load.get(reviewer, 0):
                    found = (reviewer, slot)
                    break
                for other in holds.get(reviewer, ()):
                    if other not in parent:
                        parent[other] = (reviewer, slot)
                        queue.append(other)
        if found is None:
            return False
        step: tuple[str, Slot] | None = found
        while step is not None:
            reviewer, slot = step
            if slot in match:
                holds[match[slot]].remove(slot)
            match[slot] = reviewer
            holds.setdefault(reviewer, []).append(slot)
            step = parent[slot]
    return True


def search(board: Board, empty: list[Slot], cursors: Cursors, budget: Budget) -> bool:
    """Exact: True with every place filled, or False (board unchanged) if no filling exists."""
    short = uncovered(board, empty)
    if short:
        cursors.dead_ends.update(short[1])
        return False
    options = Options(board, empty)
    start = options.mark()
    frames: list[list] = []  # [slot, choices, next choice, mark]
    while True:
        chosen = options.choose()
        if chosen is None:
            return True
        slot, choices = chosen
        if not choices:
            options.weight[slot] = options.weight.get(slot, 1) + 1
        if not choices:
            cursors.dead_ends[slot.state] += 1
        frames.append([slot, choices, 0, options.mark()])
        while frames:
            frame = frames[-1]
            options.undo(frame[3])
            if frame[2] >= len(frame[1]):
                frames.pop()
                continue
            try:
                budget.spend()
            except SearchExhausted:
                options.undo(start)
                raise
            options.fill(frame[0], frame[1][frame[2]])
            frame[2] += 1
            break
        else:
            options.undo(start)
            return False
