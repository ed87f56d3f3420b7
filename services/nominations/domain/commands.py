"""What the secretariat asks the nominations service to do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

UNDER_REVIEW, REVIEWING = "under_review", "reviewing"
FOCAL_POINT = "focal_point"
ACTIVE = "active"


@dataclass(frozen=True)
class SetMissionContact:
    state_code: str
    emails: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class Nominate:
    """Register a person the State named by note verbale, for one review or for all of its
    current reviews (`review_id` None)."""

    state_code: str
    role: str
    name: str
    title: str
    email: str
    gender: str
    review_id: int | None = None
    phone: str | None = None
    nominated_on: dt.date | None = None
    note_verbale_ref: str | None = None
