"""What the secretariat asks the lots service to do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.lots.domain.parties import StateParty
from services.lots.domain.recorded import RecordedReview


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
    #: the day the lots are drawn (today if None) and the meeting, if one, they are drawn at
    drawn_on: dt.date | None = None
    meeting: str | None = None


@dataclass(frozen=True)
class RegisterMeeting:
    name: str
    title: str
    held_on: dt.date


@dataclass(frozen=True)
class RecordDraw:
    """A draw's result as drawn at a meeting: the system records it, it does not draw it."""

    group_number: int
    phase: int
    meeting: str
    #: the day they were drawn (the meeting's day if None)
    drawn_on: dt.date | None
    reviews: tuple[RecordedReview, ...]


@dataclass(frozen=True)
class RepeatDraw:
    draw_id: int
    state_under_review: str
    replaced: str
    requested_by: str
    reason: str | None = None
    exceptional: bool = False
    seed: str | None = None
    #: the day the draw is repeated (today if None) and the meeting, if one
    repeated_on: dt.date | None = None
    meeting: str | None = None
