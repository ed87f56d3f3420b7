"""The draw's rules, without database or broker."""

from __future__ import annotations

import pytest

from services.lots.domain.draw import DrawInfeasible, draw_reviewers
from services.lots.domain.parties import StateParty

GROUPS = ["african", "asia_pacific", "eastern_european", "latin_american_caribbean",
          "western_european_others"]


def party(code: str, group: str | None) -> StateParty:
    return StateParty(code, code, group, "civil_law", ("convention",))


def population(per_group: int) -> list[StateParty]:
    return [party(f"{g[:2].upper()}{i}", g) for g in GROUPS for i in range(per_group)]


def test_every_state_gets_one_reviewer_of_its_group_and_one_of_another():
    states = population(6)
    by_code = {s.code: s for s in states}
    result = draw_reviewers(states[::2], states, seed="abc123")
    reviewers = result.reviewers()
    assert set(reviewers) == {s.code for s in states[::2]}
    for code, (same, other) in reviewers.items():
        assert by_code[same].regional_group == by_code[code].regional_group
        assert by_code[other].regional_group != by_code[code].regional_group
        assert code not in (same, other)


def test_no_mutual_reviews_and_no_reviewer_more_than_twice_when_drawn():
    states = population(4)
    pairs = {(r, s) for s, rs in draw_reviewers(states, states, seed="1").reviewers().items()
             for r in rs}
    assert not {(s, r) for r, s in pairs} & pairs
    load = {}
    for r, _ in pairs:
        load[r] = load.get(r, 0) + 1
    assert max(load.values()) <= 2


def test_same_seed_gives_the_same_draw_when_replayed():
    states = population(3)
    assert (draw_reviewers(states, states, seed="feed").picks
            == draw_reviewers(states, states, seed="feed").picks)


def test_each_pick_records_the_pool_it_was_drawn_from():
    states = population(3)
    for pick in draw_reviewers(states, states, seed="beef").picks:
        assert pick.chosen in pick.pool


def test_party_in_no_regional_group_gets_two_reviewers_from_any_group():
    states = population(3) + [party("EUR", None)]
    reviewers = draw_reviewers(states, states, seed="42").reviewers()
    assert len(set(reviewers["EUR"])) == 2 and "EUR" not in reviewers["EUR"]


def test_pairs_already_drawn_in_the_phase_are_not_reversed_when_forbidden():
    states = population(5)
    target = states[0]
    reviewed_by_target = {s.code for s in states[1:3]}
    forbidden = {(target.code, code) for code in reviewed_by_target}
    reviewers = draw_reviewers(states[::2], states, seed="7", forbidden=forbidden).reviewers()
    assert not reviewed_by_target & set(reviewers[target.code])


def test_draw_is_refused_when_a_region_has_a_single_state():
    states = population(3) + [party("LONE", "eastern_european")]
    lone_region = [s for s in states if s.regional_group != "eastern_european"] + [states[-1]]
    with pytest.raises(DrawInfeasible) as info:
        draw_reviewers([states[-1]], lone_region, seed="9")
    assert info.value.states == ["LONE"]
