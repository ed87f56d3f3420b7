"""What the secretariat asks the lots service to do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.lots.domain.parties import StateParty


@dataclass(frozen=True)
class RegisterStateParty(StateParty):
    """Register a party (or update it) as a list or a request gives it."""

    #: where the facts come from, and whether that source confirmed them
    source: str | None = None
    confirmed: bool | None = None


@dataclass(frozen=True)
class CreateReviewGroup:
    number: int
    starts_on: dt.date
    states_under_review: tuple[str, ...]
    phase: int = 1
    cluster: int = 1
    #: States under review that agreed to another maximum number of reviewing States
    reviewing_state_limits: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DivideIntoGroups:
    """Divide States parties into review groups by lot, one start date per group."""

    starts_on: tuple[dt.date, ...]
    states: tuple[str, ...] | None = None  # None: every registered State party
    groups: int = 3
    balance_regions: bool = False
    seed: str | None = None
    phase: int = 1
    cluster: int = 1


@dataclass(frozen=True)
class CommitDraw:
    group_id: int


@dataclass(frozen=True)
class DrawLots:
    group_id: int
    seed: str | None = None


@dataclass(frozen=True)
class RepeatDraw:
    draw_id: int
    state_under_review: str
    replaced: str
    requested_by: str
    reason: str | None = None
    exceptional: bool = False
    seed: str | None = None
