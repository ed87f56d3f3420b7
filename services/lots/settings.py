"""The lots service's settings, from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from services.lots.domain.gate import DEFAULT_THRESHOLD
from shared.config import CommonSettings, env_int


@dataclass(frozen=True)
class Settings(CommonSettings):
    #: how often one State may be drawn as reviewer within one group (policy, DOMAIN.md)
    max_reviews_per_reviewer: int = 2
    #: reviewing States of one review, additional ones included, unless the State under
    #: review agrees otherwise (DOMAIN.md)
    max_reviewing_states: int = 4
    #: repetitions a State party may ask for in a phase before only an exceptional redraw,
    #: with a reason, is possible (the note, para. 4)
    max_repetitions: int = 4
    #: per cent of a phase's reviews completed before the group's next phase may be drawn,
    #: unless the Conference decides otherwise (the note, para. 17)
    phase_threshold: int = DEFAULT_THRESHOLD

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            **cls.common_from_env("lots"),
            max_reviews_per_reviewer=env_int("LOTS_MAX_REVIEWS_PER_REVIEWER", 2),
            max_reviewing_states=env_int("LOTS_MAX_REVIEWING_STATES", 4),
            max_repetitions=env_int("LOTS_MAX_REPETITIONS", 4),
            phase_threshold=env_int("LOTS_PHASE_THRESHOLD", DEFAULT_THRESHOLD),
        )
