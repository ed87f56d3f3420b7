"""Where every review stood at the end of a given day, as the report's figures count it
(adapters/snapshot.py reads it from the records)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from services.reviews.domain.phases import Override


@dataclass(frozen=True)
class ReviewAsOf:
    id: int
    group_number: int
    phase: int
    cluster: int
    starts_on: dt.date
    state_under_review: str
    reviewing_states: tuple[str, ...]
    stage: str


@dataclass(frozen=True)
class ConsultationAsOf:
    review_id: int
    languages: tuple[str, ...]
    facilitated: bool
    #: not superseded by a send-back as of the date (the review's agreed languages)
    current: bool


@dataclass(frozen=True)
class PhaseAsOf:
    group_number: int
    phase: int
    cluster: int
    starts_on: dt.date
    foreseen: int
    override: Override | None


@dataclass
class Snapshot:
    as_of: dt.date
    reviews: list[ReviewAsOf] = field(default_factory=list)
    consultations: list[ConsultationAsOf] = field(default_factory=list)
    #: the States with an active focal point, per review
    focal_points: dict[int, set[str]] = field(default_factory=dict)
    phases: list[PhaseAsOf] = field(default_factory=list)
