"""Drawing two reviewing States for each State under review.

Rules (../shared/DOMAIN.md, "Drawing of lots"): no State reviews itself; no mutual reviews
within a phase; one reviewer from the State's own regional group and one from another
(a party in no regional group gets two reviewers from any group); a State is drawn at most
`max_per_reviewer` times in one draw. Each pick is uniform among the States still eligible
for it; when a pick leaves a later State with no eligible reviewer, the search goes back
and tries the next candidate, so a feasible draw is always found and an infeasible one is
reported, never hung on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from services.lots.domain.parties import StateParty

SAME_REGION, OTHER_REGION, ANY_REGION = "same_region", "other_region", "any_region"


class DrawInfeasible(Exception):
    """No assignment satisfies the rules; `states` are those that could not be served."""

    def __init__(self, detail: str, states: list[str]) -> None:
        super().__init__(detail)
        self.detail = detail
        self.states = states


@dataclass(frozen=True)
class Pick:
    state_under_review: str
    slot: str
    pool: tuple[str, ...]
    chosen: str


@dataclass
class DrawResult:
    picks: list[Pick] = field(default_factory=list)

    def reviewers(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for pick in self.picks:
            result.setdefault(pick.state_under_review, []).append(pick.chosen)
        return result


def slots_for(state: StateParty) -> tuple[str, str]:
    if state.regional_group is None:
        return (ANY_REGION, ANY_REGION)
    return (SAME_REGION, OTHER_REGION)


def _fits(slot: str, reviewer: StateParty, state: StateParty) -> bool:
    if slot == SAME_REGION:
        return reviewer.regional_group == state.regional_group
    if slot == OTHER_REGION:
        return reviewer.regional_group != state.regional_group
    return True


class _Search:
    def __init__(self, pool, forbidden, max_per_reviewer, rng, step_limit) -> None:
        self.pool = sorted(pool, key=lambda s: s.code)
        self.reviews: set[tuple[str, str]] = set(forbidden)  # (reviewer, reviewed)
        self.load: dict[str, int] = {}
        self.max_per_reviewer = max_per_reviewer
        self.rng = rng
        self.steps = step_limit
        self.failed_at: str | None = None

    def eligible(self, slot: str, state: StateParty, taken: list[str]) -> list[StateParty]:
        return [
            r for r in self.pool
            if r.code != state.code
            and r.code not in taken
            and _fits(slot, r, state)
            and (state.code, r.code) not in self.reviews  # r reviews state's reviewer: mutual
            and self.load.get(r.code, 0) < self.max_per_reviewer
        ]

    def solve(self, tasks: list[tuple[StateParty, str]], picks: list[Pick]) -> bool:
        if not tasks:
            return True
        self.steps -= 1
        if self.steps < 0:
            raise DrawInfeasible("the draw exceeded its search budget", [tasks[0][0].code])
        (state, slot), rest = tasks[0], tasks[1:]
        taken = [p.chosen for p in picks if p.state_under_review == state.code]
        candidates = self.eligible(slot, state, taken)
        pool = tuple(r.code for r in candidates)
        self.rng.shuffle(candidates)  # uniform order: the first that fits is a uniform pick
        for reviewer in candidates:
            self.reviews.add((reviewer.code, state.code))
            self.load[reviewer.code] = self.load.get(reviewer.code, 0) + 1
            picks.append(Pick(state.code, slot, pool, reviewer.code))
            if self.solve(rest, picks):
                return True
            picks.pop()
            self.load[reviewer.code] -= 1
            self.reviews.discard((reviewer.code, state.code))
        self.failed_at = self.failed_at or state.code
        return False


def draw_reviewers(
    under_review: list[StateParty],
    pool: list[StateParty],
    *,
    seed: str,
    forbidden: set[tuple[str, str]] = frozenset(),
    max_per_reviewer: int = 2,
    step_limit: int = 200_000,
) -> DrawResult:
    """Draw reviewers for every State in `under_review` from `pool`.

    `forbidden` holds (reviewer, reviewed) pairs already drawn in the phase, so that no
    pair is drawn twice and no review becomes mutual. The same seed and inputs give the
    same draw.
    """
    rng = random.Random(seed)
    ordered = sorted(under_review, key=lambda s: s.code)
    # the same-region picks are the scarcer ones: make them first, while choice is widest
    tasks = sorted(
        ((state, slot) for state in ordered for slot in slots_for(state)),
        key=lambda task: task[1] != SAME_REGION,
    )
    search = _Search(pool, forbidden, max_per_reviewer, rng, step_limit)
    picks: list[Pick] = []
    if not search.solve(tasks, picks):
        failed = search.failed_at or ordered[0].code
        raise DrawInfeasible(
            f"no reviewing States can be drawn for {failed} without breaking a rule "
            "(same/other regional group, no self or mutual review, at most "
            f"{max_per_reviewer} reviews per reviewer)",
            [failed],
        )
    return DrawResult(picks)
