"""The sweep's selection rule over plain data: whose focal point or experts are missing,
and which reminder each still needs."""

from __future__ import annotations

import datetime as dt

from services.nominations.domain.deadlines import NominationPolicy
from services.nominations.domain.missing import missing_nominations, still_to_notify
from services.nominations.domain.participation import Participation

START = dt.date(2020, 12, 1)
LATER = dt.date(2021, 1, 10)
POLICY = NominationPolicy()
FOCAL_ONLY = ("focal_point",)


def review(review_id, under_review, reviewers, starts_on=START):
    parts = [Participation(review_id, under_review, "under_review", under_review, starts_on)]
    parts += [Participation(review_id, r, "reviewing", under_review, starts_on)
              for r in reviewers]
    return parts


def test_every_state_of_a_late_review_is_missing_when_nobody_nominated():
    missing = missing_nominations(review(1, "AAA", ["BBB", "CCC"]), set(),
                                  dt.date(2020, 12, 20), POLICY)
    assert [(m.state_code, m.capacity) for m in missing] == [
        ("AAA", "under_review"), ("BBB", "reviewing"), ("CCC", "reviewing")]
    assert {m.role for m in missing} == {"focal_point"}  # experts are not due yet
    assert {(m.days_overdue, m.reminder) for m in missing} == {(5, 1)}
    assert {m.due_on for m in missing} == {dt.date(2020, 12, 15)}
    assert {m.state_under_review for m in missing} == {"AAA"}


def test_experts_are_missing_four_weeks_after_the_start_when_none_was_designated():
    parts = review(1, "AAA", ["BBB"])
    assert {m.role for m in missing_nominations(parts, set(), dt.date(2020, 12, 29),
                                                POLICY)} == {"focal_point"}
    missing = missing_nominations(parts, set(), dt.date(2020, 12, 30), POLICY)
    experts = [m for m in missing if m.role == "expert"]
    assert [(m.state_code, m.due_on, m.days_overdue, m.reminder) for m in experts] == [
        ("AAA", dt.date(2020, 12, 29), 1, 1), ("BBB", dt.date(2020, 12, 29), 1, 1)]


def test_nothing_is_missing_when_as_of_is_not_after_the_due_date():
    parts = review(1, "AAA", ["BBB", "CCC"])
    assert missing_nominations(parts, set(), dt.date(2020, 12, 15), POLICY) == []
    assert missing_nominations(parts, set(), dt.date(2020, 12, 1), POLICY) == []


def test_states_that_nominated_for_that_review_and_role_are_not_missing_when_they_did():
    parts = review(1, "AAA", ["BBB", "CCC"]) + review(2, "DDD", ["BBB", "EEE"])
    nominated = {("BBB", "focal_point", 1), ("AAA", "focal_point", 1), ("AAA", "expert", 1)}
    missing = missing_nominations(parts, nominated, LATER, POLICY, FOCAL_ONLY)
    keys = {m.key for m in missing}
    assert keys == {("CCC", "focal_point", 1), ("DDD", "focal_point", 2),
                    ("BBB", "focal_point", 2), ("EEE", "focal_point", 2)}
    later = {m.key for m in missing_nominations(parts, nominated, dt.date(2021, 2, 1), POLICY)}
    assert ("AAA", "expert", 1) not in later and ("BBB", "expert", 1) in later


def test_a_replaced_state_is_not_missing_when_its_participation_ended():
    parts = [Participation(1, "AAA", "reviewing", "ZZZ", START, 1, dt.date(2020, 12, 10)),
             Participation(1, "BBB", "reviewing", "ZZZ", dt.date(2020, 12, 10), 1)]
    missing = missing_nominations(parts, set(), dt.date(2020, 12, 26), POLICY, FOCAL_ONLY)
    assert [(m.state_code, m.due_on) for m in missing] == [("BBB", dt.date(2020, 12, 24))]


def test_missing_list_is_oldest_due_first_when_reviews_start_on_different_days():
    parts = review(7, "LLL", ["MMM"], starts_on=dt.date(2020, 12, 20)) + review(3, "AAA", ["BBB"])
    missing = missing_nominations(parts, set(), LATER, POLICY, FOCAL_ONLY)
    assert [m.review_id for m in missing] == [3, 3, 7, 7]
    assert [m.days_overdue for m in missing] == [26, 26, 7, 7]
    assert [m.reminder for m in missing] == [2, 2, 1, 1]


def test_only_reminders_beyond_the_last_sent_are_kept_when_the_sweep_runs_again():
    missing = missing_nominations(review(1, "AAA", ["BBB", "CCC"]), set(), LATER, POLICY,
                                  FOCAL_ONLY)
    assert {m.reminder for m in missing} == {2}
    todo = still_to_notify(missing, {("AAA", "focal_point", 1): 2,
                                     ("BBB", "focal_point", 1): 1})
    assert [(m.state_code, m.reminder) for m in todo] == [("BBB", 2), ("CCC", 2)]
    assert still_to_notify(todo, {m.key: m.reminder for m in todo}) == []
    assert still_to_notify(todo, {m.key: 5 for m in todo}) == []  # never back down
