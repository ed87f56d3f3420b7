"""The lots service's settings, from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from shared.config import CommonSettings, env_int


@dataclass(frozen=True)
class Settings(CommonSettings):
    #: how often one State may be drawn as reviewer within one group (policy, DOMAIN.md)
    max_reviews_per_reviewer: int = 2

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            **cls.common_from_env("lots"),
            max_reviews_per_reviewer=env_int("LOTS_MAX_REVIEWS_PER_REVIEWER", 2),
        )
