"""One pick after another, each from the States that keep the rest of the draw feasible.

A candidate is acceptable when the board can be completed with it in the place. Most
candidates are seen to be acceptable at once: the board already has room for them. The
few that are not (they hold another place of the same review in the witness, or the State
under review reviews them there, or their reviews are all taken) are tried: the places in
their way are emptied and filled again, first nearby, then, for small draws, everywhere
with the exact search. What a successful trial did is kept, so accepting that candidate
repeats exactly the same moves.
"""

from __future__ import annotations

from services.lots.domain.board import Board
from services.lots.domain.exact import SEARCH_BUDGET, complete
from services.lots.domain.pool import Pool, contains
from services.lots.domain.repair import TRIAL_EFFORT, Repairs
from services.lots.domain.rules import Problem, Slot
from services.lots.domain.search import Budget, Cursors, SearchExhausted


class Drawing(Repairs):
    def __init__(self, problem: Problem, *, mutual: bool = True) -> None:
        self.p = problem
        self.board = Board(problem, mutual=mutual)
        self.cursors = Cursors()
        self.mains = [Slot(s, i) for s in problem.under_review for i in (0, 1)]
        self.live: dict[tuple, list[str]] = {}
        self.closed: dict[str, int] = {}  # reviewer -> number of the pick that filled it up
        self.moves: dict[str, list[tuple]] = {}  # candidate -> trail of its successful trial
        #: steps all the trials of the draw may take together, so no draw runs for long
        self.effort = Budget(TRIAL_EFFORT)
        #: candidates left out of a pool because the search could not decide in time
        self.undecided = 0

    def prepare(self, steps: int = SEARCH_BUDGET) -> bool:
        """A first complete board, the witness that the draw is feasible at all."""
        return complete(self.board, self.mains, self.cursors, budget=Budget(steps))

    def live_list(self, key: tuple) -> list[str]:
        if key not in self.live:
            self.live[key] = [r for r in self.p.candidates(key) if r not in self.closed]
        return self.live[key]

    def key(self, slot: Slot) -> tuple:
        b = self.board
        return self.p.key(slot, b.gap_of(slot.main) if slot.additional else frozenset())

    def pool_for(self, slot: Slot, step: int) -> tuple[list[str], set[str], Pool]:
        """The live candidates, the excluded ones, and the pool they make."""
        b, state = self.board, slot.state
        key = self.key(slot)
        live = self.live_list(key)
        witness = b.who[slot]
        mark = b.mark()
        b.release(slot)
        excluded = {state, *self.p.barred[state]}
        doubtful = set(b.full)
        related = [(x, u) for x, u in b.reviewers_of.get(state, {}).items()]
        related += [(x, b.reviewers_of[x][state]) for x in b.reviews.get(state, ())
                    if b.mutual]
        for reviewer, place in related:
            (excluded if place in b.fixed else doubtful).add(reviewer)
        if not slot.additional:
            doubtful |= self._gap_doubts(slot)
        doubtful -= excluded
        doubtful.discard(witness)
        self.moves = {}
        for reviewer in sorted(doubtful):
            if contains(live, reviewer) and not self._quickly_ok(slot, reviewer):
                if not self._trial(slot, reviewer):
                    excluded.add(reviewer)
        b.undo(mark)
        pool = Pool(self.p.candidates(key), self.closed,
                    step, frozenset(x for x in excluded if contains(live, x)))
        return live, excluded, pool

    def _gap_doubts(self, slot: Slot) -> set[str]:
        """Candidates whose gap could not be filled by a reviewer with room to spare, or
        who would make too many reviewing States."""
        b, state = self.board, slot.state
        doubts: set[str] = set()
        within_limit = (b.reviewing_count(state, slot.index, True)
                        <= self.p.rules.limit_for(state))
        enough: dict[frozenset[str], bool] = {}
        for instruments, members in self.p.by_instruments():
            gap = self.p.inst[state] - instruments
            if not gap:
                continue
            if gap not in enough:
                enough[gap] = within_limit and len(self._covers(slot.extra, gap)) >= 2
            if not enough[gap]:
                doubts.update(members)
        return doubts

    def _covers(self, extra: Slot, gap: frozenset[str]) -> list[str]:
        found = []
        for reviewer in self.live_list(self.p.key(extra, gap)):
            if self.board.can_take(extra, reviewer, gap):
                found.append(reviewer)
                if len(found) == 2:
                    break
        return found

    def _quickly_ok(self, slot: Slot, reviewer: str) -> bool:
        b = self.board
        if not b.can_take(slot, reviewer):
            return False
        gap = set() if slot.additional else self.p.gap(slot.state, reviewer)
        return not gap or any(c != reviewer for c in self._covers(slot.extra, frozenset(gap)))

    def _trial(self, slot: Slot, reviewer: str) -> bool:
        b = self.board
        mark = b.mark()
        try:
            ok = self.take_empty(slot, reviewer)
        except SearchExhausted:
            ok = False  # undecided: left out rather than risk a corner
            self.undecided += 1
        if ok:
            self.moves[reviewer] = b.trail[mark:]
        b.undo(mark)
        return ok

    def accept(self, slot: Slot, reviewer: str, step: int) -> None:
        b = self.board
        if b.who[slot] == reviewer:
            b.fix(slot)
        elif reviewer in self.moves:
            b.release(slot)
            for move in self.moves[reviewer]:
                self._replay(move)
        else:
            b.release(slot)
            if not self.take_empty(slot, reviewer):
                raise AssertionError(f"{reviewer} was in the pool of {slot} but does not fit")
        b.trail.clear()
        for x in (reviewer, b.who.get(slot.extra)):
            if x is not None:
                self._settle(x, step)

    def _replay(self, move: tuple) -> None:
        b = self.board
        if move[0] == "place":
            b.place(move[1], move[2])
        elif move[0] == "remove":
            b.remove(move[1])
        else:
            b.fix(move[1])
