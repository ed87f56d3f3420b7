"""The dates facts happened on: refused after today or before the fact they follow; the
day a review starts by itself; the day a phase ends."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reviews.domain.dates import (
    automatic_start_date,
    fact_date,
    not_before,
    not_before_group_start,
    stage_change_date,
)
from services.reviews.domain.phases import EndDecision, phase_end
from services.reviews.domain.rules import Refused

TODAY = dt.date(2022, 9, 15)


def test_fact_date_is_today_when_the_command_does_not_say():
    assert fact_date(None, TODAY) == TODAY
    assert fact_date(dt.date(2021, 5, 3), TODAY) == dt.date(2021, 5, 3)


def test_fact_date_is_refused_naming_the_field_when_it_lies_after_today():
    with pytest.raises(Refused) as refused:
        fact_date(dt.date(2022, 9, 16), TODAY, field="held_on")
    assert refused.value.field == "held_on" and not refused.value.conflict
    assert "after today (2022-09-15)" in refused.value.detail


def test_stage_change_is_refused_when_dated_before_the_previous_one():
    previous = dt.date(2021, 3, 1)
    assert stage_change_date(previous, TODAY, previous) == previous
    with pytest.raises(Refused) as refused:
        stage_change_date(dt.date(2021, 2, 28), TODAY, previous)
    assert refused.value.field == "on"
    assert "before the review's previous stage change (2021-03-01)" in refused.value.detail


def test_not_before_names_the_fact_followed():
    with pytest.raises(Refused, match="before the review's start"):
        not_before(dt.date(2021, 1, 1), dt.date(2021, 2, 1), "the review's start",
                   field="held_on")
    assert not_before(dt.date(2021, 1, 1), None, "anything") == dt.date(2021, 1, 1)


def test_a_review_never_starts_before_its_group():
    start = dt.date(2021, 11, 1)
    assert not_before_group_start(start, start) == start
    with pytest.raises(Refused, match="group starts on 2021-11-01") as refused:
        not_before_group_start(dt.date(2021, 10, 31), start)
    assert refused.value.field == "on"


def test_automatic_start_is_dated_on_the_latest_of_start_schedule_and_last_focal_point():
    start = dt.date(2021, 11, 1)
    drawn, nominated = dt.date(2020, 12, 14), [dt.date(2021, 9, 1), dt.date(2021, 10, 2)]
    assert automatic_start_date(start, drawn, nominated) == start
    assert automatic_start_date(start, drawn, [dt.date(2022, 1, 5)]) == dt.date(2022, 1, 5)
    assert automatic_start_date(start, dt.date(2021, 12, 1), []) == dt.date(2021, 12, 1)


def test_a_phase_ends_two_years_after_its_start_unless_the_conference_decided_otherwise():
    assert phase_end(dt.date(2020, 12, 1)) == dt.date(2022, 12, 1)
    decision = EndDecision(dt.date(2023, 6, 30), "decision 11/1", dt.date(2022, 10, 21))
    assert phase_end(dt.date(2020, 12, 1), decision, dt.date(2022, 10, 21)) == dt.date(
        2023, 6, 30)
    # a decision taken after the report's date is not yet known on it
    assert phase_end(dt.date(2020, 12, 1), decision, dt.date(2022, 9, 15)) == dt.date(
        2022, 12, 1)
