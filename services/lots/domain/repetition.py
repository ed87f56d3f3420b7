"""Repeating the drawing of lots for one reviewing State of one review (the note, para. 4).

The replacement takes the same place (same or other regional group, or additional) and
reviews the same instruments as the State it replaces, so no other review and no other
place of this review changes. It is drawn uniformly, `pool[Random(seed).randrange(...)]`,
from the States that keep every rule: not the State under review, not one of its reviewers
nor one replaced before, no mutual review in the phase, at most the group's number of
reviews per reviewer.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from services.lots.domain.diagnose import DrawInfeasible
from services.lots.domain.rules import ADDITIONAL, CONVENTION, Problem


@dataclass(frozen=True)
class Placement:
    reviewer: str
    slot: str
    instruments: tuple[str, ...]
    completes: str | None = None


@dataclass(frozen=True)
class Redrawn:
    slot: str
    pool: tuple[str, ...]
    replacement: str
    instruments: tuple[str, ...]


def reviews_in_force(picks: Iterable[Mapping], repetitions: Iterable[Mapping]
                     ) -> dict[str, list[Placement]]:
    """The reviewers of each State under review once the repetitions (in order) apply."""
    reviews: dict[str, list[Placement]] = {}
    for pick in picks:
        reviews.setdefault(pick["state_under_review"], []).append(Placement(
            pick["reviewer"], pick["slot"], tuple(pick["instruments"]), pick.get("completes")))
    for rep in repetitions:
        state, old, new = rep["state_under_review"], rep["replaced"], rep["replacement"]
        reviews[state] = [
            replace(p, reviewer=new if p.reviewer == old else p.reviewer,
                    completes=new if p.completes == old else p.completes)
            for p in reviews[state]]
    return reviews


def reviewing_states(placements: list[Placement]) -> list[str]:
    """Main reviewers first, then additional ones, as in the LotsDrawn payload."""
    return [p.reviewer for p in sorted(placements, key=lambda p: p.slot == ADDITIONAL)]


def redraw(problem: Problem, reviews: Mapping[str, list[Placement]], state: str,
           replaced: str, *, seed: str, outside: Iterable[tuple[str, str]],
           history: Iterable[str]) -> Redrawn:
    """Draw the State that replaces `replaced` among the reviewers of `state`.

    `outside` are the (reviewer, reviewed) pairs of the phase's other draws; `history` the
    States already replaced as reviewers of `state`.
    """
    place = next(p for p in reviews[state] if p.reviewer == replaced)
    pairs = {(p.reviewer, s) for s, ps in reviews.items() for p in ps}
    load = Counter(p.reviewer for ps in reviews.values() for p in ps)
    barred = {r for r, s in outside if s == state} | {s for r, s in outside if r == state}
    taken = {p.reviewer for p in reviews[state]} | set(history) | {state}
    if place.slot == ADDITIONAL:
        key = (ADDITIONAL, frozenset(place.instruments))
    else:
        key = (place.slot, problem.region[state], CONVENTION in problem.inst[state])
    cap = problem.rules.max_per_reviewer
    steps = [
        ("instruments", lambda r: set(place.instruments) <= problem.inst[r]),
        ("reviewers_available", lambda r: r not in taken),
        ("no_mutual_reviews", lambda r: r not in barred and (state, r) not in pairs),
        ("max_reviews_per_reviewer", lambda r: load[r] < cap),
    ]
    pool = list(problem.candidates(key))
    for constraint, keep in steps:
        pool = [r for r in pool if keep(r)]
        if not pool:
            raise DrawInfeasible(
                f"no State party can replace {replaced} as reviewer of {state} "
                f"({place.slot}, for {', '.join(place.instruments)}) without breaking the "
                f"rule '{constraint}'", [state], constraint)
    choice = pool[random.Random(seed).randrange(len(pool))]
    return Redrawn(place.slot, tuple(pool), choice, place.instruments)
