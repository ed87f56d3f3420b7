"""The nominations service's settings, from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from shared.config import CommonSettings, env_int


@dataclass(frozen=True)
class Settings(CommonSettings):
    #: days after the start of a review within which each State names its focal point
    #: (two weeks: note, para. 8)
    focal_point_due_days: int = 14

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            **cls.common_from_env("nominations"),
            focal_point_due_days=env_int("NOMINATIONS_FOCAL_POINT_DUE_DAYS", 14),
        )
