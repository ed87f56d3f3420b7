"""Drawing the reviewing States of every State under review in a group.

The draw goes State by State in code order: its reviewer from the same regional group, the
additional reviewer that reviewer's gap needs (if any), then its reviewer from another
group and that one's additional reviewer (../shared/DOMAIN.md, "Drawing of lots").

Each pick is `pool[rng.randrange(len(pool))]` with `rng = random.Random(seed)`: uniform
among the States that fit the place *and* leave the rest of the draw feasible. Before the
first pick the draw finds one complete assignment (or explains why none exists); before
every pick it checks, for each candidate, that the assignment can be completed with that
candidate in the place (picking.py). So the draw never paints itself into a corner, and
the same seed and inputs always give the same draw.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from services.lots.domain.board import Board
from services.lots.domain.diagnose import DrawInfeasible, explain
from services.lots.domain.parties import StateParty
from services.lots.domain.picking import Drawing
from services.lots.domain.pool import Pool, choose
from services.lots.domain.rules import (
    ADDITIONAL,
    ANY_REGION,
    OTHER_REGION,
    SAME_REGION,
    Problem,
    Rules,
    Slot,
    ordered_instruments,
)
from services.lots.domain.search import SearchExhausted

__all__ = ["ADDITIONAL", "ANY_REGION", "OTHER_REGION", "SAME_REGION", "DrawInfeasible",
           "DrawResult", "Pick", "draw_reviewers", "run_draw"]


@dataclass(frozen=True)
class Pick:
    state_under_review: str
    slot: str
    pool: Pool | tuple[str, ...]
    chosen: str
    #: what the chosen State reviews: the instruments it shares, or the gap it fills
    instruments: tuple[str, ...] = ()
    #: for an additional reviewer, the main reviewer whose gap it fills
    completes: str | None = None


@dataclass
class DrawResult:
    picks: list[Pick] = field(default_factory=list)
    #: candidates left out of pools because the search could not decide within its budget
    #: (only in contrived, nearly impossible draws; 0 in any realistic one)
    undecided: int = 0

    def reviewers(self) -> dict[str, list[str]]:
        """Every reviewing State of each State under review, main ones first."""
        result: dict[str, list[str]] = {}
        for pick in sorted(self.picks, key=lambda p: p.slot == ADDITIONAL):
            result.setdefault(pick.state_under_review, []).append(pick.chosen)
        return result

    def additional(self) -> dict[str, dict[str, list[str]]]:
        result: dict[str, dict[str, list[str]]] = {}
        for pick in self.picks:
            if pick.slot == ADDITIONAL:
                result.setdefault(pick.state_under_review, {})[pick.chosen] = list(
                    pick.instruments)
        return result

    def reviews(self) -> list[dict]:
        """The reviews in the shape of the LotsDrawn payload."""
        reviewers, additional = self.reviewers(), self.additional()
        return [{"state_under_review": code, "reviewing_states": reviewers[code],
                 "additional_reviewers": additional.get(code, {})}
                for code in sorted(reviewers)]


def draw_reviewers(
    under_review: Iterable[StateParty],
    pool: Iterable[StateParty],
    *,
    seed: str,
    forbidden: Iterable[tuple[str, str]] = frozenset(),
    max_per_reviewer: int = 2,
    max_reviewing_states: int = 4,
    limits: Mapping[str, int] | None = None,
) -> DrawResult:
    """Draw reviewers for every State in `under_review` from `pool`.

    `forbidden` holds (reviewer, reviewed) pairs already drawn in the phase, so that no
    pair is drawn twice and no review becomes mutual. `limits` holds, for a State under
    review that agreed to it, another maximum number of reviewing States.
    """
    rules = Rules(max_per_reviewer, max_reviewing_states, dict(limits or {}))
    return run_draw(Problem(under_review, pool, forbidden, rules), seed)


def run_draw(problem: Problem, seed: str) -> DrawResult:
    drawing = Drawing(problem)
    try:
        ready: bool | None = drawing.prepare()
    except SearchExhausted:
        ready = None
    if not ready:
        raise explain(problem, undecided=ready is None, dead_ends=drawing.cursors.dead_ends)
    rng = random.Random(seed)
    queue = deque(drawing.mains)
    picks: list[Pick] = []
    while queue:
        slot = queue.popleft()
        step = len(picks)
        live, excluded, pool = drawing.pool_for(slot, step)
        chosen = choose(rng, live, excluded)
        drawing.accept(slot, chosen, step)
        picks.append(_pick(problem, drawing.board, slot, pool, chosen))
        if not slot.additional and slot.extra in drawing.board.who:
            queue.appendleft(slot.extra)
    return DrawResult(picks, drawing.undecided)


def _pick(problem: Problem, board: Board, slot: Slot, pool: Pool, chosen: str) -> Pick:
    state = slot.state
    if slot.additional:
        main = board.who[slot.main]
        return Pick(state, ADDITIONAL, pool, chosen,
                    ordered_instruments(problem.gap(state, main)), main)
    shared = problem.inst[state] & problem.inst[chosen]
    return Pick(state, problem.kind(slot), pool, chosen, ordered_instruments(shared))
