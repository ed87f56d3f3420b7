"""The board of a draw: who is in every place, the accepted picks and a witness for the rest.

During a draw the board always holds a complete assignment that obeys every rule: the picks
accepted so far (`fixed`) and, for every place still to draw, a witness reviewer. A pick is
accepted only if the board can be made complete again around it, which is how the draw
knows it never paints itself into a corner. Every change is written to a trail so that a
trial can be undone exactly.
"""

from __future__ import annotations

from services.lots.domain.rules import Problem, Slot


class Board:
    def __init__(self, problem: Problem, *, mutual: bool = True) -> None:
        self.p = problem
        self.cap = problem.rules.max_per_reviewer
        self.mutual = mutual  # off only when a diagnosis asks which rule blocks a draw
        self.who: dict[Slot, str] = {}
        self.fixed: set[Slot] = set()
        self.load: dict[str, int] = {}
        self.fixed_load: dict[str, int] = {}
        self.reviewers_of: dict[str, dict[str, Slot]] = {}  # reviewed -> reviewer -> place
        self.reviews: dict[str, set[str]] = {}  # reviewer -> States it reviews
        #: reviewers whose every review is taken, some by the witness only
        self.full: set[str] = set()
        self.trail: list[tuple] = []

    # -- changes, each undoable ------------------------------------------------------------

    def place(self, slot: Slot, reviewer: str) -> None:
        self.who[slot] = reviewer
        self.reviewers_of.setdefault(slot.state, {})[reviewer] = slot
        self.reviews.setdefault(reviewer, set()).add(slot.state)
        self.load[reviewer] = self.load.get(reviewer, 0) + 1
        self._recount(reviewer)
        self.trail.append(("place", slot, reviewer))

    def remove(self, slot: Slot) -> None:
        reviewer = self.who.pop(slot)
        del self.reviewers_of[slot.state][reviewer]
        self.reviews[reviewer].discard(slot.state)
        self.load[reviewer] -= 1
        self._recount(reviewer)
        self.trail.append(("remove", slot, reviewer))

    def fix(self, slot: Slot) -> None:
        reviewer = self.who[slot]
        self.fixed.add(slot)
        self.fixed_load[reviewer] = self.fixed_load.get(reviewer, 0) + 1
        self._recount(reviewer)
        self.trail.append(("fix", slot))

    def release(self, slot: Slot) -> None:
        """Empty a place; emptying a main place also empties the additional place it opened."""
        if not slot.additional and slot.extra in self.who:
            self.remove(slot.extra)
        if slot in self.who:
            self.remove(slot)

    def mark(self) -> int:
        return len(self.trail)

    def undo(self, mark: int) -> None:
        while len(self.trail) > mark:
            step = self.trail.pop()
            if step[0] == "fix":
                slot = step[1]
                self.fixed.discard(slot)
                self.fixed_load[self.who[slot]] -= 1
                self._recount(self.who[slot])
                continue
            if step[0] == "place":
                self.remove(step[1])
            else:
                self.place(step[1], step[2])
            self.trail.pop()  # the inverse operation's own entry

    def _recount(self, reviewer: str) -> None:
        if self.load[reviewer] >= self.cap and self.fixed_load.get(reviewer, 0) < self.cap:
            self.full.add(reviewer)
        else:
            self.full.discard(reviewer)

    # -- reading -------------------------------------------------------------------------

    def gap_of(self, main: Slot) -> frozenset[str]:
        """What the reviewer in a main place cannot review (empty if the place is empty)."""
        reviewer = self.who.get(main)
        return self.p.gap(main.state, reviewer) if reviewer else frozenset()

    def reviewing_count(self, state: str, index: int, partial: bool) -> int:
        """How many reviewing States `state` would have with a (partial) reviewer in
        main place `index`: two main ones and one per gap."""
        other = Slot(state, 1 - index)
        return 2 + bool(self.gap_of(other)) + partial

    def can_take(self, slot: Slot, reviewer: str, gap: frozenset[str] | None = None) -> bool:
        """Whether `reviewer` may go into the empty place `slot` as the board stands."""
        state = slot.state
        if reviewer in self.reviewers_of.get(state, ()):
            return False  # already one of its reviewers
        if self.mutual and reviewer in self.reviews.get(state, ()):
            return False  # the State under review reviews it: mutual review
        if self.load.get(reviewer, 0) >= self.cap:
            return False
        if slot.additional:
            gap = self.gap_of(slot.main) if gap is None else gap
            return bool(gap) and self.p.fits(slot, reviewer, gap)
        if not self.p.fits(slot, reviewer):
            return False
        partial = bool(self.p.gap(state, reviewer))
        return not partial or (self.reviewing_count(state, slot.index, True)
                               <= self.p.rules.limit_for(state))

    def witness_slots(self, reviewer: str) -> list[Slot]:
        """The places `reviewer` holds as a witness only (not as an accepted pick)."""
        slots = (self.reviewers_of[state][reviewer]
                 for state in sorted(self.reviews.get(reviewer, ())))
        return [slot for slot in slots if slot not in self.fixed]
