"""The sweep's selection rule over plain data: who is missing a focal point, and who still
needs to be told."""

from __future__ import annotations

import datetime as dt

from services.nominations.domain.missing import (
    Participation,
    missing_focal_points,
    still_to_notify,
)

START = dt.date(2020, 12, 1)
LATER = dt.date(2021, 1, 10)


def review(review_id, under_review, reviewers, starts_on=START):
    parts = [Participation(review_id, under_review, "under_review", under_review, starts_on)]
    parts += [Participation(review_id, r, "reviewing", under_review, starts_on)
              for r in reviewers]
    return parts


def test_every_state_of_a_late_review_is_missing_when_nobody_nominated():
    missing = missing_focal_points(review(1, "AAA", ["BBB", "CCC"]), set(),
                                   dt.date(2020, 12, 20), 14)
    assert [(m.state_code, m.capacity) for m in missing] == [
        ("AAA", "under_review"), ("BBB", "reviewing"), ("CCC", "reviewing")]
    assert {m.role for m in missing} == {"focal_point"}
    assert {m.days_overdue for m in missing} == {5}
    assert {m.due_on for m in missing} == {dt.date(2020, 12, 15)}
    assert {m.state_under_review for m in missing} == {"AAA"}


def test_nothing_is_missing_when_as_of_is_not_after_the_due_date():
    parts = review(1, "AAA", ["BBB", "CCC"])
    assert missing_focal_points(parts, set(), dt.date(2020, 12, 15), 14) == []
    assert missing_focal_points(parts, set(), dt.date(2020, 12, 1), 14) == []


def test_states_that_nominated_for_that_review_are_not_missing_when_they_did():
    parts = review(1, "AAA", ["BBB", "CCC"]) + review(2, "DDD", ["BBB", "EEE"])
    missing = missing_focal_points(parts, {("BBB", 1), ("AAA", 1)}, LATER, 14)
    pairs = {(m.state_code, m.review_id) for m in missing}
    assert pairs == {("CCC", 1), ("DDD", 2), ("BBB", 2), ("EEE", 2)}


def test_missing_list_is_oldest_due_first_when_reviews_start_on_different_days():
    parts = review(7, "LLL", ["MMM"], starts_on=dt.date(2020, 12, 20)) + review(3, "AAA", ["BBB"])
    missing = missing_focal_points(parts, set(), LATER, 14)
    assert [m.review_id for m in missing] == [3, 3, 7, 7]
    assert [m.days_overdue for m in missing] == [26, 26, 7, 7]


def test_already_announced_ones_are_left_out_when_the_sweep_runs_again():
    missing = missing_focal_points(review(1, "AAA", ["BBB", "CCC"]), set(), LATER, 14)
    todo = still_to_notify(missing, {("AAA", "focal_point", 1), ("BBB", "focal_point", 2)})
    assert [m.state_code for m in todo] == ["BBB", "CCC"]
    assert still_to_notify(todo, {(m.state_code, m.role, m.review_id) for m in todo}) == []
