"""The survey service's settings, from the environment: only what every service has (its
database, its broker user, the bus's policies and the token keys)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.config import CommonSettings


@dataclass(frozen=True)
class Settings(CommonSettings):
    @classmethod
    def from_env(cls) -> Settings:
        return cls(**cls.common_from_env("survey"))
