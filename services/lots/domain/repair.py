"""Making the board complete again around a pick, and keeping its witness roomy.

`take_empty` fixes a reviewer in a place: it empties the witness places in its way (its
own other place in the same review, the place where the State under review reviews it,
one of its places if it has no room left, the other main place if the reviewing States
would be too many), fills them again by first fit, and if that fails fills every place
not yet drawn again, with the exact search for small draws. `_settle` then closes a
reviewer that has no room left, or moves one of its witness places to a reviewer with
room to spare, so that most candidates of later picks are acceptable at a glance.
"""

from __future__ import annotations

import bisect

from services.lots.domain.exact import SEARCH_BUDGET, complete
from services.lots.domain.rules import Slot
from services.lots.domain.search import Budget, fill_greedily, first_fit

#: steps of exact search that the trials of one draw may take in all (a few seconds)
TRIAL_EFFORT = 30_000


class Repairs:
    """The board-mending half of a Drawing (picking.py)."""

    def take_empty(self, slot: Slot, reviewer: str) -> bool:
        """Fix `reviewer` in the empty `slot` and complete the board around it."""
        b = self.board
        blockers = self._blockers(slot, reviewer)
        if blockers is None:
            return False
        for place in blockers:
            b.release(place)
        if not b.can_take(slot, reviewer):
            return False
        b.place(slot, reviewer)
        b.fix(slot)
        empty = [p for p in blockers if not p.additional or b.gap_of(p.main)]
        if not slot.additional and b.gap_of(slot):
            empty.append(slot.extra)
        if fill_greedily(b, empty, self.cursors):
            return True
        return self._widen()

    def _blockers(self, slot: Slot, reviewer: str) -> list[Slot] | None:
        """The witness places in the way of `reviewer`; None if an accepted pick is."""
        b, state = self.board, slot.state
        found = []
        holding = b.reviewers_of.get(state, {}).get(reviewer)
        if holding is not None:
            found.append(holding)  # emptying it also gives the reviewer room
        elif b.load.get(reviewer, 0) >= b.cap:
            found += b.witness_slots(reviewer)[:1]
        if b.mutual and reviewer in b.reviews.get(state, ()):
            found.append(b.reviewers_of[reviewer][state])
        if (not slot.additional and self.p.gap(state, reviewer)
                and b.reviewing_count(state, slot.index, True) > self.p.rules.limit_for(state)):
            found.append(Slot(state, 1 - slot.index))
        if any(place in b.fixed for place in found):
            return None
        return sorted(set(found))

    def _widen(self) -> bool:
        """Empty every place not yet drawn and fill them all again."""
        b = self.board
        empty = [s for s in self.mains if s not in b.fixed]
        empty += [s.extra for s in self.mains if s in b.fixed and b.gap_of(s)
                  and s.extra not in b.fixed]
        for place in empty:
            b.release(place)
        budget = Budget(min(SEARCH_BUDGET, self.effort.left))
        try:
            return complete(b, empty, self.cursors, budget=budget)
        finally:
            self.effort.left -= min(SEARCH_BUDGET, self.effort.left) - max(budget.left, 0)

    def _settle(self, reviewer: str, step: int) -> None:
        """Close a reviewer that is full, or move one of its witness places elsewhere so
        that it keeps room and stays quickly acceptable."""
        b = self.board
        if b.fixed_load.get(reviewer, 0) >= b.cap:
            self.closed.setdefault(reviewer, step)
            for live in self.live.values():
                i = bisect.bisect_left(live, reviewer)
                if i < len(live) and live[i] == reviewer:
                    del live[i]
            return
        if reviewer not in b.full:
            return
        for place in b.witness_slots(reviewer):
            mark = b.mark()
            gap = b.gap_of(place) if not place.additional else None
            b.remove(place)
            other = first_fit(b, place, self.cursors, want=lambda r, p=place, g=gap: (
                b.load.get(r, 0) <= b.cap - 2
                and (g is None or self.p.gap(p.state, r) == g)))
            if other:
                b.place(place, other)
                b.trail.clear()
                return
            b.undo(mark)
