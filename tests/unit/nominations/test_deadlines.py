"""When a nomination falls due, how late it is and which reminder is due, without database
or broker; the reminder rule also as a property over any dates and policy."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.nominations.domain.deadlines import (
    NominationPolicy,
    days_overdue,
    due_on,
    is_overdue,
    reminder_due,
)

START = dt.date(2020, 12, 1)
DUE = dt.date(2020, 12, 15)


def test_focal_point_is_due_two_weeks_and_experts_four_after_the_start_by_default():
    policy = NominationPolicy()
    assert due_on(START, policy.due_days("focal_point")) == dt.date(2020, 12, 15)
    assert due_on(START, policy.due_days("expert")) == dt.date(2020, 12, 29)
    with pytest.raises(ValueError):
        policy.due_days("observer")


def test_due_date_follows_the_setting_when_it_changes():
    assert due_on(START, 30) == dt.date(2020, 12, 31)
    assert due_on(dt.date(2021, 2, 20), 14) == dt.date(2021, 3, 6)


def test_nothing_is_overdue_when_as_of_is_the_due_day_itself():
    assert not is_overdue(DUE, DUE)
    assert not is_overdue(DUE, DUE - dt.timedelta(days=3))
    assert reminder_due(DUE, DUE, NominationPolicy()) is None


def test_overdue_counts_days_after_the_due_day_when_late():
    assert is_overdue(DUE, dt.date(2020, 12, 16))
    assert days_overdue(DUE, dt.date(2020, 12, 16)) == 1
    assert days_overdue(DUE, dt.date(2021, 1, 15)) == 31


def test_reminders_fall_due_one_period_apart_when_the_nomination_stays_missing():
    policy = NominationPolicy(reminder_period_days=14, max_reminders=3)
    day = {k: DUE + dt.timedelta(days=1 + (k - 1) * 14) for k in (1, 2, 3, 4)}
    assert [reminder_due(DUE, day[k], policy) for k in (1, 2, 3)] == [1, 2, 3]
    assert reminder_due(DUE, day[2] - dt.timedelta(days=1), policy) == 1
    assert reminder_due(DUE, day[4], policy) == 3  # the policy's maximum
    assert reminder_due(DUE, dt.date(2030, 1, 1), policy) == 3


def test_impossible_policy_is_refused_when_built():
    for bad in ({"reminder_period_days": 0}, {"max_reminders": 0}, {"expert_due_days": -1}):
        with pytest.raises(ValueError):
            NominationPolicy(**bad)


@given(due=st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
       late=st.integers(0, 400), period=st.integers(1, 60), most=st.integers(1, 10))
def test_reminder_k_is_due_exactly_from_due_plus_one_plus_k_minus_one_periods(
        due, late, period, most):
    policy = NominationPolicy(reminder_period_days=period, max_reminders=most)
    as_of = due + dt.timedelta(days=late)
    k = reminder_due(due, as_of, policy)
    due_days = [k for k in range(1, most + 1)
                if as_of >= due + dt.timedelta(days=1 + (k - 1) * period)]
    assert k == (max(due_days) if due_days else None)
