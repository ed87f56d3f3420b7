"""A draw that cannot be made is refused within the search's step budget, naming the rule
and the States."""

from __future__ import annotations

import pytest

from services.lots.domain.draw import DrawInfeasible, draw_reviewers
from services.lots.domain.parties import StateParty
from tests.unit.lots.search_steps import REFUSAL_STEPS, counted_steps

GROUPS = ("african", "asia_pacific", "eastern_european")


def party(code, region, instruments=("convention",)):
    return StateParty(code, code, region, None, instruments)


def population(per_group=3):
    return [party(f"{g[:2].upper()}{i}", g) for g in GROUPS for i in range(per_group)]


def refusal(under, pool, **rules) -> DrawInfeasible:
    with counted_steps() as steps, pytest.raises(DrawInfeasible) as info:
        draw_reviewers(under, pool, seed="1", **rules)
    assert steps.taken <= REFUSAL_STEPS
    return info.value


def test_refusal_names_the_same_region_rule_when_a_region_has_one_state():
    lone = party("LON", "western_european_others")
    found = refusal([lone], [*population(), lone])
    assert found.constraint == "same_regional_group" and found.states == ["LON"]


def test_refusal_names_the_reviews_per_reviewer_when_too_few_go_round():
    states = population()
    found = refusal(states, states, max_per_reviewer=1)
    assert found.constraint == "max_reviews_per_reviewer"
    assert set(found.states) <= {s.code for s in states} and found.states


def test_refusal_names_mutual_reviews_when_two_states_can_only_review_each_other():
    pair = [party("AF0", "african"), party("AF1", "african")]
    others = [party("AS0", "asia_pacific"), party("AS1", "asia_pacific")]
    found = refusal(pair, pair + others)
    assert found.constraint == "no_mutual_reviews"
    assert set(found.states) <= {"AF0", "AF1"}


def test_refusal_names_the_instruments_when_no_one_can_review_a_protocol():
    full = ("convention", "firearms")
    target = party("AF0", "african", full)
    found = refusal([target], [target, *population()[1:]])
    assert found.constraint == "instruments" and found.states == ["AF0"]


def test_refusal_names_pairs_already_drawn_when_they_bar_every_candidate():
    states = population(2)
    target = states[0]
    barred = {(target.code, s.code) for s in states if s.regional_group == "african"}
    found = refusal([target], states, forbidden=barred)
    assert found.constraint == "same_regional_group" and found.states == [target.code]
