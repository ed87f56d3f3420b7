"""The reviews service's settings, from the environment.

The stage deadlines, the 70 per cent threshold and the order of the clusters are policy
(DOMAIN.md): the secretariat sets them here, without a code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.reviews.domain.deadlines import DeadlinePolicy
from services.reviews.domain.phases import DEFAULT_THRESHOLD
from shared.config import CommonSettings, env_float, env_int, env_str

#: the thematic cluster of each phase, in order (note, paras. 1 and 17)
DEFAULT_PHASE_CLUSTERS = (1, 4)


@dataclass(frozen=True)
class Settings(CommonSettings):
    deadlines: DeadlinePolicy = field(default_factory=DeadlinePolicy)
    #: per cent of the reviews foreseen that a phase must complete (note, para. 17)
    phase_threshold: int = DEFAULT_THRESHOLD
    phase_clusters: tuple[int, ...] = DEFAULT_PHASE_CLUSTERS
    #: where the nominations service answers its read-only queries (the report's figures)
    nominations_url: str = "http://127.0.0.1:8001"
    nominations_timeout: float = 3.0

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            **cls.common_from_env("reviews"),
            deadlines=_deadlines_from_env(),
            phase_threshold=env_int("REVIEWS_PHASE_THRESHOLD", DEFAULT_THRESHOLD),
            phase_clusters=_clusters(env_str("REVIEWS_PHASE_CLUSTERS", "1,4")),
            nominations_url=env_str("NOMINATIONS_URL", "http://127.0.0.1:8001"),
            nominations_timeout=env_float("REVIEWS_NOMINATIONS_TIMEOUT", 3.0),
        )


def _deadlines_from_env() -> DeadlinePolicy:
    default = DeadlinePolicy()
    prefix = "REVIEWS_DEADLINE_"
    return DeadlinePolicy(**{
        name: env_int(prefix + name.upper(), getattr(default, name))
        for name in default.__dataclass_fields__
    })


def _clusters(raw: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise ValueError(f"REVIEWS_PHASE_CLUSTERS must list cluster numbers, got {raw!r}"
                         ) from exc
