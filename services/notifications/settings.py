"""The notifications service's settings, from the environment: the SMTP relay it hands
mail to, and how patiently it retries."""

from __future__ import annotations

import os
from dataclasses import dataclass

from shared.config import CommonSettings, env_float, env_int, env_str


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"environment variable {name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings(CommonSettings):
    # the local sink (deploy/smtp_sink.py) by default; production points at the relay
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_starttls: bool = False
    #: no default credentials in code: both unset means no AUTH
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 10.0
    mail_from: str = "revmod-secretariat@unodc.example.org"
    #: first wait after a temporary SMTP failure; it doubles up to the cap
    retry_seconds: float = 2.0
    retry_cap_seconds: float = 300.0
    #: how often the deliverer looks for due messages (new mail leaves within this)
    delivery_poll_seconds: float = 0.2

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            **cls.common_from_env("notifications"),
            smtp_host=env_str("SMTP_HOST", "127.0.0.1"),
            smtp_port=env_int("SMTP_PORT", 8025),
            smtp_starttls=env_bool("SMTP_STARTTLS", False),
            smtp_username=os.environ.get("SMTP_USERNAME") or None,
            smtp_password=os.environ.get("SMTP_PASSWORD") or None,
            smtp_timeout=env_float("SMTP_TIMEOUT", 10.0),
            mail_from=env_str("MAIL_FROM", "revmod-secretariat@unodc.example.org"),
            retry_seconds=env_float("NOTIFICATIONS_RETRY_SECONDS", 2.0),
            retry_cap_seconds=env_float("NOTIFICATIONS_RETRY_CAP_SECONDS", 300.0),
            delivery_poll_seconds=env_float("NOTIFICATIONS_POLL_SECONDS", 0.2),
        )
