"""The nomination policy read from the environment, with the note's defaults."""

from __future__ import annotations

import pytest

from services.nominations.settings import Settings


def test_defaults_are_the_notes_when_nothing_is_set(monkeypatch):
    for name in ("FOCAL_POINT_DUE_DAYS", "EXPERT_DUE_DAYS", "REMINDER_PERIOD_DAYS",
                 "MAX_REMINDERS"):
        monkeypatch.delenv(f"NOMINATIONS_{name}", raising=False)
    monkeypatch.setenv("NOMINATIONS_DATABASE_URL", "sqlite://")
    policy = Settings.from_env().policy
    assert (policy.focal_point_due_days, policy.expert_due_days,
            policy.reminder_period_days, policy.max_reminders) == (14, 28, 14, 5)


def test_policy_follows_the_environment_when_set(monkeypatch):
    monkeypatch.setenv("NOMINATIONS_DATABASE_URL", "sqlite://")
    monkeypatch.setenv("NOMINATIONS_EXPERT_DUE_DAYS", "30")
    monkeypatch.setenv("NOMINATIONS_REMINDER_PERIOD_DAYS", "7")
    monkeypatch.setenv("NOMINATIONS_MAX_REMINDERS", "2")
    policy = Settings.from_env().policy
    assert (policy.expert_due_days, policy.reminder_period_days, policy.max_reminders) == (
        30, 7, 2)


def test_service_refuses_to_start_when_the_reminder_period_is_zero(monkeypatch):
    monkeypatch.setenv("NOMINATIONS_DATABASE_URL", "sqlite://")
    monkeypatch.setenv("NOMINATIONS_REMINDER_PERIOD_DAYS", "0")
    with pytest.raises(ValueError, match="reminder period"):
        Settings.from_env()
