"""Settings from the environment: the reminder policy per kind, the cap, SMTP security."""

from __future__ import annotations

import pytest

from services.notifications.adapters.smtp import SmtpMailer
from services.notifications.settings import Settings


@pytest.fixture
def env(monkeypatch):
    for name in ("NOTIFICATIONS_REMINDER_EVERY_DAYS", "NOTIFICATIONS_REMINDER_STAGE_MAX_AFTER",
                 "NOTIFICATIONS_REMINDER_FOCAL_POINT_ON_DEADLINE", "SECRETARIAT_EMAIL",
                 "NOTIFICATIONS_DAILY_CAP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NOTIFICATIONS_DATABASE_URL", "sqlite://")
    return monkeypatch


def test_a_policy_setting_applies_to_every_kind_unless_a_kind_overrides_it(env):
    env.setenv("NOTIFICATIONS_REMINDER_EVERY_DAYS", "10")
    env.setenv("NOTIFICATIONS_REMINDER_STAGE_MAX_AFTER", "2")
    env.setenv("NOTIFICATIONS_REMINDER_FOCAL_POINT_ON_DEADLINE", "false")
    settings = Settings.from_env()
    assert {k: p.every_days for k, p in settings.reminder_policies.items()} == {
        "focal_point": 10, "expert": 10, "stage": 10}
    assert settings.policy("stage").max_after == 2 and settings.policy("expert").max_after == 5
    assert settings.policy("focal_point").on_deadline is False


def test_the_defaults_are_the_documented_policy(env):
    settings = Settings.from_env()
    policy = settings.policy("focal_point")
    assert (policy.before_days, policy.on_deadline, policy.every_days, policy.max_after,
            policy.escalate_from) == (7, True, 14, 5, 4)
    assert (settings.daily_cap, settings.digest, settings.secretariat_email) == (10, True, None)


def test_impossible_numbers_are_refused_at_start(env):
    env.setenv("NOTIFICATIONS_DAILY_CAP", "0")
    with pytest.raises(ValueError):
        Settings.from_env()
    env.setenv("NOTIFICATIONS_DAILY_CAP", "ten")
    with pytest.raises(ValueError, match="NOTIFICATIONS_DAILY_CAP"):
        Settings.from_env()


def test_credentials_are_refused_when_they_would_cross_the_network_in_clear():
    remote = Settings(service="notifications", database_url="sqlite://",
                      smtp_host="relay.unodc.example.org", smtp_username="revmod",
                      smtp_password="secret")
    with pytest.raises(ValueError, match="in clear"):
        SmtpMailer(remote)
    SmtpMailer(Settings(service="notifications", database_url="sqlite://",
                        smtp_host="relay.unodc.example.org", smtp_starttls=True,
                        smtp_username="revmod", smtp_password="secret"))
