"""Why no draw is possible: the rule that cannot be met, and the States it leaves unserved.

The checks go from the plainest to the subtlest: a place nobody may fill; a gap in the
instruments nobody can fill; too few reviews to go round (a maximum flow over the kinds of
places and of reviewers, whose minimum cut names the States short of reviewers); and, for a
draw small enough to search exhaustively, the rule whose relaxation alone makes a draw
possible (for example no mutual reviews).
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from services.lots.domain.rules import (
    ADDITIONAL,
    ANY_REGION,
    OTHER_REGION,
    SAME_REGION,
    Problem,
    Slot,
)
from services.lots.domain.shortage import too_few_reviews

RULES = {
    SAME_REGION: "one reviewing State from the same regional group",
    OTHER_REGION: "one reviewing State from another regional group",
    ANY_REGION: "two reviewing States for a party in no regional group",
    "instruments": "a reviewer must be party to each instrument it reviews",
    "max_reviews_per_reviewer": "a State is drawn as reviewer at most {cap} times per group",
    "no_mutual_reviews": "no mutual reviews within a phase",
    "max_reviewing_states": "at most {limit} reviewing States per State under review",
    "rules": "the rules of the draw taken together",
    "search_budget": "the draw's search budget",
}
#: search steps each relaxed draw may take while a refusal looks for the rule to name
DIAGNOSIS_STEPS = 3_000
NAMES = {SAME_REGION: "same_regional_group", OTHER_REGION: "other_regional_group",
         ANY_REGION: "reviewers_available"}


class DrawInfeasible(Exception):
    """No assignment satisfies the rules: `constraint` names the rule, `states` the States
    under review it cannot serve."""

    def __init__(self, detail: str, states: list[str], constraint: str = "rules") -> None:
        super().__init__(detail)
        self.detail = detail
        self.states = states
        self.constraint = constraint


def _refusal(problem: Problem, rule: str, states, why: str) -> DrawInfeasible:
    states = sorted(set(states))
    text = RULES[rule].format(cap=problem.rules.max_per_reviewer,
                              limit=problem.rules.max_reviewing_states)
    shown = ", ".join(states[:12]) + (f" and {len(states) - 12} more" if len(states) > 12 else "")
    return DrawInfeasible(f"no draw can meet the rule '{text}' for {shown}: {why}",
                          states, NAMES.get(rule, rule))


def explain(problem: Problem, *, undecided: bool = False,
            dead_ends: Counter | None = None) -> DrawInfeasible:
    found = (_empty_places(problem) or _uncovered_gaps(problem)
             or _too_few_reviews(problem) or _uncoverable(problem))
    return found or _which_rule(problem, dead_ends or Counter(), undecided)


def _empty_places(problem: Problem) -> DrawInfeasible | None:
    short: dict[str, list[str]] = {}
    for state in problem.under_review:
        for index in (0, 1):
            slot = Slot(state, index)
            kind = problem.kind(slot)
            fitting = [r for r in problem.candidates(problem.key(slot)) if problem.fits(slot, r)]
            if len(fitting) < (2 if kind == ANY_REGION else 1):
                short.setdefault(kind, []).append(state)
    for kind in (SAME_REGION, OTHER_REGION, ANY_REGION):
        if kind in short:
            return _refusal(problem, kind, short[kind],
                            "no State party other than those barred fits that place")
    return None


def _uncovered_gaps(problem: Problem) -> DrawInfeasible | None:
    """Places whose every candidate lacks an instrument that nobody else can review."""
    short = []
    for state in problem.under_review:
        room = problem.rules.limit_for(state) >= 3
        for index in (0, 1):
            slot = Slot(state, index)
            if not any(_coverable(problem, slot, r, room)
                       for r in problem.candidates(problem.key(slot))):
                short.append(state)
    if short:
        return _refusal(problem, "instruments", short,
                        "no candidate reviewer, alone or with an additional reviewer, is "
                        "party to all their instruments")
    return None


def _coverable(problem: Problem, slot: Slot, reviewer: str, room: bool) -> bool:
    if not problem.fits(slot, reviewer):
        return False
    gap = problem.gap(slot.state, reviewer)
    if not gap:
        return True
    extra = slot.extra
    return room and any(a != reviewer and problem.fits(extra, a, gap)
                        for a in problem.candidates((ADDITIONAL, gap)))


def _uncoverable(problem: Problem) -> DrawInfeasible | None:
    from services.lots.domain.board import Board
    from services.lots.domain.exact import SEARCH_LIMIT
    from services.lots.domain.shortage import uncovered

    mains = [Slot(s, i) for s in problem.under_review for i in (0, 1)]
    if len(mains) > SEARCH_LIMIT:
        return None  # a flow per instrument over thousands of pairs: too slow to be worth it
    short = uncovered(Board(problem), mains)
    if short is None or all(short[0] in problem.inst[r] for r in problem.reviewers):
        return None  # an instrument every party has is no reason: let the relaxations tell
    instrument, states = short
    return _refusal(problem, "instruments", states,
                    f"too few States parties to the {instrument} instrument can review them, "
                    "each at most the allowed number of times and never mutually")


def _too_few_reviews(problem: Problem) -> DrawInfeasible | None:
    short = too_few_reviews(problem)
    if short is None:
        return None
    states, places = short
    return _refusal(problem, "max_reviews_per_reviewer", states,
                    f"their {places} reviewing places outnumber the reviews that the States "
                    "parties able to fill them may take")


def _which_rule(problem: Problem, dead_ends: Counter, undecided: bool) -> DrawInfeasible:
    """Relax one rule at a time; the first whose relaxation allows a draw is the culprit.
    (When the search could not decide, that is the likely culprit, and said so.)"""
    from services.lots.domain.picking import Drawing
    from services.lots.domain.search import SearchExhausted

    rules = problem.rules
    relaxed = [
        ("no_mutual_reviews", problem, False),
        ("instruments", problem.without_gaps(), True),
        ("max_reviewing_states", problem.with_rules(
            dataclasses.replace(rules, max_reviewing_states=99, limits={})), True),
        ("max_reviews_per_reviewer", problem.with_rules(
            dataclasses.replace(rules, max_per_reviewer=rules.max_per_reviewer + 1)), True),
    ]
    top = max(dead_ends.values(), default=0)
    states = [s for s, n in dead_ends.items() if n == top] or problem.under_review
    why = ("no assignment was found within the search budget, and one exists without "
           "this rule" if undecided else "the other rules leave no way round it")
    for rule, other, mutual in relaxed:
        try:
            if Drawing(other, mutual=mutual).prepare(steps=DIAGNOSIS_STEPS):
                return _refusal(problem, rule, states, why)
        except SearchExhausted:
            continue
    if undecided:
        return _refusal(problem, "search_budget", states,
                        "no assignment was found within the search budget")
    return _refusal(problem, "rules", states, "no assignment satisfies them all")
