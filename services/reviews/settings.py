"""The reviews service's settings, from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from shared.config import CommonSettings


@dataclass(frozen=True)
class Settings(CommonSettings):
    @classmethod
    def from_env(cls) -> Settings:
        return cls(**cls.common_from_env("reviews"))
