"""The reminder schedule as a pure function of (policy, deadline, today, slots already sent)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.notifications.domain.schedule import (
    ReminderPolicy,
    after_slot,
    current_slot,
    due_slot,
    is_stale,
    reminds,
    schedule,
    slot_for_overdue,
)

DEADLINE = dt.date(2021, 3, 15)
POLICY = ReminderPolicy(before_days=7, on_deadline=True, every_days=14, max_after=3,
                        escalate_from=4)


def d(month: int, day: int) -> dt.date:
    return dt.date(2021, month, day)


def test_slots_fall_before_on_and_every_n_days_after_the_deadline():
    assert [(s.name, s.day, s.ordinal) for s in schedule(POLICY, DEADLINE)] == [
        ("before", d(3, 8), 1), ("on", d(3, 15), 2), ("after-1", d(3, 29), 3),
        ("after-2", d(4, 12), 4), ("after-3", d(4, 26), 5)]


def test_the_secretariat_is_copied_from_the_kth_reminder_on():
    assert [s.escalated(POLICY) for s in schedule(POLICY, DEADLINE)] == [
        False, False, False, True, True]


def test_only_the_current_slot_is_due_when_the_run_was_missed_for_days():
    assert current_slot(POLICY, DEADLINE, d(3, 7)) is None
    assert current_slot(POLICY, DEADLINE, d(3, 14)).name == "before"
    assert current_slot(POLICY, DEADLINE, d(4, 1)).name == "after-1"
    assert current_slot(POLICY, DEADLINE, d(5, 9)).name == "after-3"  # the last, 14 days
    assert current_slot(POLICY, DEADLINE, d(5, 10)) is None  # the schedule has run out


def test_nothing_is_due_when_the_current_slot_was_already_sent():
    assert due_slot(POLICY, DEADLINE, d(3, 20), {"before", "on"}) is None
    assert due_slot(POLICY, DEADLINE, d(3, 20), {"before"}).name == "on"


def test_an_event_reminder_lands_on_its_numbered_slot_or_nowhere_beyond_the_policy():
    assert after_slot(POLICY, DEADLINE, 2).name == "after-2"
    assert after_slot(POLICY, DEADLINE, 4) is None
    assert slot_for_overdue(POLICY, DEADLINE, 1).name == "after-1"
    assert slot_for_overdue(POLICY, DEADLINE, 29).name == "after-2"
    assert slot_for_overdue(POLICY, DEADLINE, 2000) is None


def test_a_policy_without_courtesy_or_deadline_reminders_starts_after_the_deadline():
    policy = ReminderPolicy(before_days=0, on_deadline=False, every_days=7, max_after=2,
                            escalate_from=1)
    assert [(s.name, s.day) for s in schedule(policy, DEADLINE)] == [
        ("after-1", d(3, 22)), ("after-2", d(3, 29))]
    assert schedule(ReminderPolicy(before_days=0, on_deadline=False, max_after=0), DEADLINE) == []


@pytest.mark.parametrize("bad", [dict(every_days=0), dict(max_after=-1), dict(before_days=-1),
                                 dict(escalate_from=0)])
def test_impossible_policies_are_refused(bad):
    with pytest.raises(ValueError):
        ReminderPolicy(**bad)


def test_a_letter_about_a_day_long_past_is_stale():
    assert is_stale(d(1, 1), d(2, 1), 30) is True
    assert is_stale(d(1, 2), d(2, 1), 30) is False


policies = st.builds(ReminderPolicy, before_days=st.integers(0, 20), on_deadline=st.booleans(),
                     every_days=st.integers(1, 30), max_after=st.integers(0, 6),
                     escalate_from=st.integers(1, 8))


@given(policy=policies, start_offset=st.integers(-60, 60), days=st.integers(1, 300))
def test_a_daily_run_sends_each_slot_at_most_once_and_never_early(policy, start_offset, days):
    first = DEADLINE + dt.timedelta(days=start_offset)
    sent: dict[str, dt.date] = {}
    for n in range(days):
        today = first + dt.timedelta(days=n)
        slot = due_slot(policy, DEADLINE, today, sent)
        if slot is not None:
            assert slot.name not in sent and slot.day <= today
            sent[slot.name] = today
    plan = {s.name: s.day for s in schedule(policy, DEADLINE)}
    assert set(sent) <= set(plan)
    assert list(sent.values()) == sorted(sent.values())


@given(policy=policies)
def test_a_daily_run_from_the_start_sends_every_slot_on_its_own_day(policy):
    plan = schedule(policy, DEADLINE)
    if not plan:
        return
    sent: dict[str, dt.date] = {}
    today = plan[0].day - dt.timedelta(days=3)
    while today <= plan[-1].day + dt.timedelta(days=policy.every_days + 3):
        slot = due_slot(policy, DEADLINE, today, sent)
        if slot is not None:
            sent[slot.name] = today
        today += dt.timedelta(days=1)
    assert sent == {s.name: s.day for s in plan}


def test_an_item_of_the_history_reminds_nobody_once_its_deadline_had_passed_at_the_import():
    imported_on = dt.date(2026, 12, 5)
    assert not reminds(True, imported_on - dt.timedelta(days=1), imported_on)
    assert reminds(True, imported_on, imported_on)  # due on the day of the import: still owed
    assert reminds(False, dt.date(2020, 12, 15), imported_on)  # live items keep their rules
