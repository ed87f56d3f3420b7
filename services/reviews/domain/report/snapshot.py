"""Where every review stood at the end of a given day, as the report's figures count it
(adapters/snapshot.py reads it from the records, by the days facts happened on)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from services.reviews.domain.phases import EndDecision, Override


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
    #: the day it was completed, if it was by the date
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class ConsultationAsOf:
    review_id: int
    languages: tuple[str, ...]
    facilitated: bool
    #: not superseded by a send-back as of the date (the review's agreed languages)
    current: bool
    #: false when it ended without agreement on the working languages (note, para. 27)
    agreed: bool = True


@dataclass(frozen=True)
class PhaseAsOf:
    group_number: int
    phase: int
    cluster: int
    starts_on: dt.date
    foreseen: int
    override: Override | None
    end_decision: EndDecision | None = None


@dataclass(frozen=True)
class DrawAsOf:
    """A draw as the lots service announced it: at which meeting, on which day."""

    draw_id: int
    group_number: int
    phase: int
    starts_on: dt.date
    meeting: str | None
    drawn_on: dt.date
    reviews: int
    states: int


@dataclass(frozen=True)
class RepetitionAsOf:
    """A repetition of the drawing of lots granted at a State's request."""

    group_number: int
    state_under_review: str
    requested_by: str
    exceptional: bool
    meeting: str | None
    repeated_on: dt.date


@dataclass
class Snapshot:
    as_of: dt.date
    reviews: list[ReviewAsOf] = field(default_factory=list)
    consultations: list[ConsultationAsOf] = field(default_factory=list)
    #: the States with an active focal point, per review
    focal_points: dict[int, set[str]] = field(default_factory=dict)
    #: the States that had nominated a focal point by the date, per review, withdrawn or not
    nominated: dict[int, set[str]] = field(default_factory=dict)
    phases: list[PhaseAsOf] = field(default_factory=list)
    draws: list[DrawAsOf] = field(default_factory=list)
    repetitions: list[RepetitionAsOf] = field(default_factory=list)
