"""The exact search takes no more steps than its budget allows: the bound the draw tests
rely on instead of timing a draw."""

from __future__ import annotations

import pytest

from services.lots.domain.parties import StateParty
from services.lots.domain.picking import Drawing
from services.lots.domain.rules import Problem, Rules
from services.lots.domain.search import SearchExhausted
from tests.unit.lots.search_steps import counted_steps

ALL = ("convention", "firearms", "smuggling", "trafficking")


def problem() -> Problem:
    """Two States under review whose first fit fails: the exact search needs five steps."""
    regions = ["asia_pacific", "african", "african", "asia_pacific", "african", None,
               "asia_pacific", "african", "eastern_european"]
    instruments = {0: ("convention",), 1: ("convention", "smuggling", "trafficking"),
                   2: ("convention", "trafficking")}
    parties = [StateParty(f"S0{i}", f"State {i}", region, None, instruments.get(i, ALL))
               for i, region in enumerate(regions)]
    barred = {("S03", "S07"), ("S03", "S06"), ("S02", "S05")}
    return Problem([parties[3], parties[1]], parties, barred, Rules(1, 4, {}))


def test_the_search_finds_the_draw_in_fewer_steps_than_its_budget_when_given_enough():
    with counted_steps() as steps:
        assert Drawing(problem()).prepare(steps=100)
    assert 0 < steps.taken < 100


@pytest.mark.parametrize("budget", [0, 1, 3])
def test_the_search_gives_up_after_its_budget_when_it_needs_more_steps(budget):
    with counted_steps() as steps, pytest.raises(SearchExhausted):
        Drawing(problem()).prepare(steps=budget)
    assert steps.taken == budget
