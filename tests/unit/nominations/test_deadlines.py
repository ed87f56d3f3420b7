"""When a focal point falls due and how late it is, without database or broker."""

from __future__ import annotations

import datetime as dt

from services.nominations.domain.deadlines import days_overdue, focal_point_due_on, is_overdue

START = dt.date(2020, 12, 1)


def test_focal_point_is_due_two_weeks_after_the_start_when_the_default_applies():
    assert focal_point_due_on(START, 14) == dt.date(2020, 12, 15)


def test_due_date_follows_the_setting_when_it_changes():
    assert focal_point_due_on(START, 30) == dt.date(2020, 12, 31)
    assert focal_point_due_on(dt.date(2021, 2, 20), 14) == dt.date(2021, 3, 6)


def test_nothing_is_overdue_when_as_of_is_the_due_day_itself():
    due = focal_point_due_on(START, 14)
    assert not is_overdue(due, due)
    assert not is_overdue(due, due - dt.timedelta(days=3))


def test_overdue_counts_days_after_the_due_day_when_late():
    due = dt.date(2020, 12, 15)
    assert is_overdue(due, dt.date(2020, 12, 16))
    assert days_overdue(due, dt.date(2020, 12, 16)) == 1
    assert days_overdue(due, dt.date(2021, 1, 15)) == 31
