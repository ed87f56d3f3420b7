"""What the secretariat asks the lots service to do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class RegisterStateParty:
    code: str
    name: str
    regional_group: str | None
    legal_system: str | None
    instruments: tuple[str, ...]


@dataclass(frozen=True)
class CreateReviewGroup:
    number: int
    starts_on: dt.date
    states_under_review: tuple[str, ...]
    phase: int = 1
    cluster: int = 1


@dataclass(frozen=True)
class DrawLots:
    group_id: int
    seed: str | None = None
