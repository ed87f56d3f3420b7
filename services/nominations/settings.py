"""The nominations service's settings, from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from services.nominations.domain.deadlines import NominationPolicy
from shared.config import CommonSettings, env_int


@dataclass(frozen=True)
class Settings(CommonSettings):
    #: days after the start of a review within which each State names its focal point
    #: (two weeks: note, para. 8)
    focal_point_due_days: int = 14
    #: days within which it designates its governmental experts (four weeks: para. 8)
    expert_due_days: int = 28
    #: days between two reminders about the same missing nomination (policy)
    reminder_period_days: int = 14
    #: the most reminders sent about one missing nomination (policy)
    max_reminders: int = 5

    def __post_init__(self) -> None:
        _ = self.policy  # refuse impossible numbers at start, not at the first sweep

    @property
    def policy(self) -> NominationPolicy:
        return NominationPolicy(self.focal_point_due_days, self.expert_due_days,
                                self.reminder_period_days, self.max_reminders)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            **cls.common_from_env("nominations"),
            focal_point_due_days=env_int("NOMINATIONS_FOCAL_POINT_DUE_DAYS", 14),
            expert_due_days=env_int("NOMINATIONS_EXPERT_DUE_DAYS", 28),
            reminder_period_days=env_int("NOMINATIONS_REMINDER_PERIOD_DAYS", 14),
            max_reminders=env_int("NOMINATIONS_MAX_REMINDERS", 5),
        )
