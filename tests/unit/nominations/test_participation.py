"""Who takes part in a review on a given day, and from when a State brought in by a
repetition of the draw counts its deadlines."""

from __future__ import annotations

import datetime as dt

from services.nominations.domain.participation import (
    Participation,
    replacement_starts_on,
    withdrawal_reason,
)

START = dt.date(2020, 12, 1)


def test_replacement_counts_from_the_repetition_when_it_came_after_the_start():
    assert replacement_starts_on(START, dt.date(2021, 3, 1)) == dt.date(2021, 3, 1)


def test_replacement_counts_from_the_start_when_the_repetition_came_before_it():
    assert replacement_starts_on(START, dt.date(2020, 11, 2)) == START


def test_replaced_state_stops_taking_part_on_the_day_of_the_repetition():
    replaced = Participation(1, "AAA", "reviewing", "ZZZ", START, 1, dt.date(2021, 3, 1))
    assert replaced.taking_part_on(dt.date(2021, 2, 28))
    assert not replaced.taking_part_on(dt.date(2021, 3, 1))
    assert not replaced.taking_part_on(START - dt.timedelta(days=1))


def test_withdrawal_reason_names_both_states_and_the_repetition():
    assert withdrawal_reason("AAA", "BBB", 2) == (
        "repetition 2 of the drawing of lots replaced AAA by BBB")
