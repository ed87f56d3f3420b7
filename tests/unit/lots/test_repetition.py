"""Repeating the draw for one reviewer: same place, same instruments, rules kept, the rest
of the draw untouched."""

from __future__ import annotations

import pytest

from services.lots.domain.draw import DrawInfeasible, draw_reviewers
from services.lots.domain.parties import StateParty
from services.lots.domain.record import pick_record
from services.lots.domain.repetition import redraw, reviews_in_force
from services.lots.domain.rules import Problem, Rules
from tests.unit.lots.rules_check import violations

ALL = ("convention", "trafficking", "smuggling", "firearms")


def population():
    return [StateParty(f"{g[:2].upper()}{i}", g, g, None, ALL if i % 2 else ALL[:3])
            for g in ("african", "asia_pacific", "eastern_european") for i in range(5)]


class Replaced:
    """A pick-like view of the reviews in force, for the rule checker."""

    def __init__(self, state, placement, pool):
        self.state_under_review, self.slot = state, placement.slot
        self.chosen, self.instruments = placement.reviewer, placement.instruments
        self.completes, self.pool = placement.completes, pool


def setup():
    states = population()
    under = states[::3]
    result = draw_reviewers(under, states, seed="rep")
    problem = Problem(under, states, [], Rules())
    return states, under, result, problem


def test_replacement_takes_the_same_place_and_keeps_every_rule_when_repeated():
    states, under, result, problem = setup()
    reviews = reviews_in_force([pick_record(p) for p in result.picks], [])
    state = under[0].code
    old = reviews[state][0]
    again = redraw(problem, reviews, state, old.reviewer, seed="r1", outside=[], history=[])
    assert again.replacement != old.reviewer and again.replacement in again.pool
    assert again.slot == old.slot and again.instruments == old.instruments
    after = reviews_in_force([pick_record(p) for p in result.picks], [
        {"state_under_review": state, "replaced": old.reviewer,
         "replacement": again.replacement}])
    untouched = {s: v for s, v in after.items() if s != state}
    assert untouched == {s: v for s, v in reviews.items() if s != state}
    picks = [Replaced(s, p, [p.reviewer]) for s, ps in after.items() for p in ps]
    assert violations(picks, under, states) == []


def test_replaced_states_are_not_drawn_again_for_the_same_review_when_repeated():
    states, under, result, problem = setup()
    reviews = reviews_in_force([pick_record(p) for p in result.picks], [])
    state = under[0].code
    old = reviews[state][0]
    again = redraw(problem, reviews, state, old.reviewer, seed="r2", outside=[],
                   history=[old.reviewer, "AF4"])
    assert old.reviewer not in again.pool and "AF4" not in again.pool


def test_repetition_is_refused_naming_the_rule_when_no_state_can_replace():
    states, under, result, problem = setup()
    reviews = reviews_in_force([pick_record(p) for p in result.picks], [])
    state = under[0].code
    old = reviews[state][0]
    everyone = [s.code for s in states]
    with pytest.raises(DrawInfeasible) as info:
        redraw(problem, reviews, state, old.reviewer, seed="r3", outside=[],
               history=everyone)
    assert info.value.states == [state] and info.value.constraint == "reviewers_available"
