"""Stage deadlines, who is responsible for a late stage, and the 70 per cent rule."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reviews.domain import stages as s
from services.reviews.domain.deadlines import (
    DeadlinePolicy,
    add_months,
    deadline_for,
    responsible,
)
from services.reviews.domain.phases import Override, completion

START = dt.date(2020, 12, 1)
POLICY = DeadlinePolicy()


def due(stage, entered=dt.date(2021, 3, 10), received=None, policy=POLICY):
    return deadline_for(stage, policy, starts_on=START, entered_on=entered,
                        questionnaire_received_on=received)


def test_stage_deadlines_follow_the_note_and_the_default_policy():
    assert due(s.WAITING_FOR_NOMINATIONS) == dt.date(2020, 12, 15)  # two weeks
    assert due(s.PRELIMINARY_CONSULTATION) == dt.date(2021, 1, 12)  # six weeks
    assert due(s.SELF_ASSESSMENT) == dt.date(2021, 6, 1)  # six months from the start
    assert due(s.WRITTEN_FEEDBACK, received=dt.date(2021, 5, 20)) == dt.date(2021, 11, 20)
    assert due(s.LIST_OF_OBSERVATIONS) == dt.date(2021, 9, 10)
    assert due(s.SUMMARY) == dt.date(2021, 6, 10)
    assert due(s.COMPLETED) is None


def test_deadlines_follow_the_configured_policy_when_the_secretariat_changes_it():
    policy = DeadlinePolicy(consultation_weeks=8, summary_months=1)
    assert due(s.PRELIMINARY_CONSULTATION, policy=policy) == dt.date(2021, 1, 26)
    assert due(s.SUMMARY, policy=policy) == dt.date(2021, 4, 10)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2021, 8, 31), 6, dt.date(2022, 2, 28)),
    (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
    (dt.date(2021, 11, 15), 2, dt.date(2022, 1, 15)),
    (dt.date(2021, 1, 31), 1, dt.date(2021, 2, 28)),
])
def test_months_are_added_to_the_month_end_when_the_day_does_not_exist(day, months, expected):
    assert add_months(day, months) == expected


def test_responsible_states_are_those_the_late_stage_waits_for():
    args = ("FRA", ["DEU", "KEN"])
    assert responsible(s.WAITING_FOR_NOMINATIONS, *args, focal_points={"DEU"}) == ["FRA", "KEN"]
    assert responsible(s.PRELIMINARY_CONSULTATION, *args) == ["FRA", "DEU", "KEN"]
    assert responsible(s.SELF_ASSESSMENT, *args) == ["FRA"]
    assert responsible(s.WRITTEN_FEEDBACK, *args, feedback_from={"KEN"}) == ["DEU"]
    assert responsible(s.SUMMARY, *args) == ["DEU", "KEN"]


def test_rule_is_met_at_exactly_70_per_cent_of_the_reviews_foreseen():
    done = completion(foreseen=10, completed=7)
    assert (done.percentage, done.rule_met, done.may_advance) == (70.0, True, True)


def test_rule_is_not_met_and_never_shows_70_when_just_below():
    done = completion(foreseen=10_000, completed=6_999)
    assert done.percentage == 69.9
    assert not done.rule_met and not done.may_advance


def test_group_of_62_with_no_review_completed_may_not_advance():
    done = completion(foreseen=62, completed=0)
    assert (done.percentage, done.may_advance) == (0.0, False)
    assert completion(foreseen=0, completed=0).may_advance is False


def test_override_lets_the_group_advance_from_the_day_it_was_decided():
    decision = Override("Conference secretary", "decision 11/2", dt.date(2022, 10, 21))
    before = completion(62, 10, override=decision, as_of=dt.date(2022, 10, 20))
    after = completion(62, 10, override=decision, as_of=dt.date(2022, 10, 21))
    assert (before.may_advance, after.may_advance) == (False, True)
    assert not after.rule_met and after.override == decision
