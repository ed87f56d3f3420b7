"""The notifications service's settings, from the environment: the SMTP relay it hands mail
to and how patiently it retries, the reminder policies, the digest and the daily cap."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.notifications.domain.schedule import ReminderPolicy
from shared.config import CommonSettings, env_float, env_int, env_str

#: the kinds of open items, each with its own reminder policy
ITEM_KINDS = ("focal_point", "expert", "stage")


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"environment variable {name} must be true or false, got {raw!r}")


def default_policies() -> dict[str, ReminderPolicy]:
    return {kind: ReminderPolicy() for kind in ITEM_KINDS}


def policies_from_env() -> dict[str, ReminderPolicy]:
    """NOTIFICATIONS_REMINDER_<FIELD> sets every kind; NOTIFICATIONS_REMINDER_<KIND>_<FIELD>
    (KIND: FOCAL_POINT, EXPERT, STAGE) overrides it for one kind."""
    base = ReminderPolicy()

    def read(kind: str, field_name: str, default):
        names = (f"NOTIFICATIONS_REMINDER_{kind.upper()}_{field_name.upper()}",
                 f"NOTIFICATIONS_REMINDER_{field_name.upper()}")
        name = next((n for n in names if os.environ.get(n)), names[-1])
        reader = env_bool if isinstance(default, bool) else env_int
        return reader(name, default)

    return {kind: ReminderPolicy(**{f: read(kind, f, getattr(base, f)) for f in (
        "before_days", "on_deadline", "every_days", "max_after", "escalate_from")})
        for kind in ITEM_KINDS}


@dataclass(frozen=True)
class Settings(CommonSettings):
    # the local sink (deploy/smtp_sink.py) by default; production points at the relay
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_starttls: bool = False
    #: a private CA for the relay's certificate (else the system's trust store)
    smtp_tls_ca_file: str | None = None
    #: no default credentials in code: both unset means no AUTH
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 10.0
    mail_from: str = "revmod-secretariat@unodc.example.org"
    #: copied on reminders from the K-th on; unset, nobody is copied
    secretariat_email: str | None = None
    #: first wait after a temporary SMTP failure; it doubles up to the cap
    retry_seconds: float = 2.0
    retry_cap_seconds: float = 300.0
    #: how often the deliverer looks for due messages (new mail leaves within this)
    delivery_poll_seconds: float = 0.2
    #: how many Missions' letters are sent at once, each on an SMTP connection of its own
    senders: int = 4
    #: an SMTP connection unused this long is closed (one in use stays open between rounds)
    smtp_idle_seconds: float = 10.0
    #: when nominations fall due after the start of a review (note, para. 8)
    focal_point_due_days: int = 14
    expert_due_days: int = 28
    reminder_policies: Mapping[str, ReminderPolicy] = field(default_factory=default_policies)
    #: one digest instead of separate reminders when this many (at least 2) are due for a
    #: Mission on the same day
    digest: bool = True
    digest_min_items: int = 2
    #: the most messages one Mission receives in a day; the rest wait for the next day
    daily_cap: int = 10
    #: a letter about a date further in the past than this is history, recorded, not sent
    stale_after_days: int = 30
    #: when the focal points and experts of a State invited to a survey are reminded, until
    #: it answers: some days before the deadline and on the day; never after it, when the
    #: survey takes no answers
    survey_reminders: ReminderPolicy = field(default_factory=lambda: ReminderPolicy(
        before_days=7, on_deadline=True, max_after=0))

    def __post_init__(self) -> None:
        if (self.daily_cap < 1 or self.digest_min_items < 1 or self.senders < 1
                or self.stale_after_days < 0):
            raise ValueError("daily_cap, digest_min_items and senders must be at least 1, "
                             "stale_after_days 0 or more")
        if set(self.reminder_policies) != set(ITEM_KINDS):
            raise ValueError(f"reminder_policies must name exactly {ITEM_KINDS}")

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            **cls.common_from_env("notifications"),
            smtp_host=env_str("SMTP_HOST", "127.0.0.1"),
            smtp_port=env_int("SMTP_PORT", 8025),
            smtp_starttls=env_bool("SMTP_STARTTLS", False),
            smtp_tls_ca_file=os.environ.get("SMTP_TLS_CA_FILE") or None,
            smtp_username=os.environ.get("SMTP_USERNAME") or None,
            smtp_password=os.environ.get("SMTP_PASSWORD") or None,
            smtp_timeout=env_float("SMTP_TIMEOUT", 10.0),
            mail_from=env_str("MAIL_FROM", "revmod-secretariat@unodc.example.org"),
            secretariat_email=os.environ.get("SECRETARIAT_EMAIL") or None,
            retry_seconds=env_float("NOTIFICATIONS_RETRY_SECONDS", 2.0),
            retry_cap_seconds=env_float("NOTIFICATIONS_RETRY_CAP_SECONDS", 300.0),
            delivery_poll_seconds=env_float("NOTIFICATIONS_POLL_SECONDS", 0.2),
            senders=env_int("NOTIFICATIONS_SENDERS", 4),
            smtp_idle_seconds=env_float("SMTP_IDLE_SECONDS", 10.0),
            # the same settings as the nominations service, so both count the same days
            focal_point_due_days=env_int("NOMINATIONS_FOCAL_POINT_DUE_DAYS", 14),
            expert_due_days=env_int("NOMINATIONS_EXPERT_DUE_DAYS", 28),
            reminder_policies=policies_from_env(),
            digest=env_bool("NOTIFICATIONS_DIGEST", True),
            digest_min_items=env_int("NOTIFICATIONS_DIGEST_MIN_ITEMS", 2),
            daily_cap=env_int("NOTIFICATIONS_DAILY_CAP", 10),
            stale_after_days=env_int("NOTIFICATIONS_STALE_AFTER_DAYS", 30),
            survey_reminders=ReminderPolicy(
                before_days=env_int("NOTIFICATIONS_SURVEY_REMINDER_BEFORE_DAYS", 7),
                on_deadline=env_bool("NOTIFICATIONS_SURVEY_REMINDER_ON_DEADLINE", True),
                max_after=0),
        )

    def policy(self, item_kind: str) -> ReminderPolicy:
        return self.reminder_policies[item_kind]
