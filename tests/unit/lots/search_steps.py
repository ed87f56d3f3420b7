"""Counting the exact search's steps, the work a draw is bounded by.

Every step of every exact search a draw or its diagnosis runs is spent from a `Budget`;
the budgets are what keep a draw from running for long, on any machine. The tests bound
that work by counting the steps, not by timing it (speed is measured in bench/lots.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from services.lots.domain.diagnose import DIAGNOSIS_STEPS
from services.lots.domain.exact import SEARCH_BUDGET
from services.lots.domain.repair import TRIAL_EFFORT
from services.lots.domain.search import Budget

#: the rules a diagnosis relaxes in turn, each with a search of its own (diagnose.py)
RELAXED_RULES = 4
#: the steps a refusal may take: the first search, then one search for each relaxed rule
REFUSAL_STEPS = SEARCH_BUDGET + RELAXED_RULES * DIAGNOSIS_STEPS
#: the steps a draw may take: the first search and every trial of its picks, or a refusal
DRAW_STEPS = max(SEARCH_BUDGET + TRIAL_EFFORT, REFUSAL_STEPS)


class Steps:
    def __init__(self) -> None:
        self.taken = 0


@contextmanager
def counted_steps() -> Iterator[Steps]:
    """Count every step taken within the block: each spent from a budget that allowed it
    (the spend that finds a budget empty ends that search rather than taking a step)."""
    steps, spend = Steps(), Budget.spend

    def counting(budget: Budget) -> None:
        spend(budget)
        steps.taken += 1

    with mock.patch.object(Budget, "spend", counting):
        yield steps
